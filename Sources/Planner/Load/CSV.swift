import YAMLTree
import PlannerModel

/// An RFC 4180 reader that keeps where each field started, so errors point at
/// file:line:column. Accepts a UTF-8 BOM, CRLF or LF, quoted commas, quotes and newlines,
/// and the separators spreadsheets write: `,`, `;` (Excel where the decimal mark is a comma)
/// or a tab.
struct CSVTable {
    struct Field {
        var text: String
        var range: SourceRange
    }

    struct Error: Swift.Error {
        var message: String
        var range: SourceRange
        var help: String?
    }

    var rows: [[Field]] = []

    static let maxFieldBytes = 64 << 10

    /// The separator of the header row (the first line with more than separators and spaces):
    /// whichever of `,` `;` and tab it has most of outside quotes; a comma when it has none
    /// (a one-column header) or on a tie.
    static func separator(of source: SourceText) -> UInt8 {
        let bytes = source.bytes
        var counts: [UInt8: Int] = [0x2C: 0, 0x3B: 0, 0x09: 0]
        var quoted = false
        var hasText = false
        var index = source.bomLength
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == 0x22 {
                quoted.toggle()
                hasText = true
            } else if quoted {
                continue
            } else if counts[byte] != nil {
                counts[byte]! += 1
            } else if byte == 0x0A {
                if hasText { break }
                counts = [0x2C: 0, 0x3B: 0, 0x09: 0]
            } else if byte != 0x20 && byte != 0x0D {
                hasText = true
            }
        }
        var best: UInt8 = 0x2C
        for candidate: UInt8 in [0x3B, 0x09] where counts[candidate]! > counts[best]! { best = candidate }
        return best
    }

    init(source: SourceText, separator: UInt8 = 0x2C) throws(Error) {
        let bytes = source.bytes
        var index = source.bomLength
        var line = 1
        var column = 1
        var row: [Field] = []
        func mark() -> Mark { Mark(line: line, column: column, offset: index) }
        func advance(_ byte: UInt8) {
            index += 1
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        while index < bytes.count {
            let start = mark()
            var field: [UInt8] = []
            if bytes[index] == 0x22 {
                advance(0x22)
                var closed = false
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte == 0x22 {
                        if index + 1 < bytes.count && bytes[index + 1] == 0x22 {
                            field.append(0x22)
                            advance(byte)
                            advance(byte)
                            continue
                        }
                        advance(byte)
                        closed = true
                        break
                    }
                    field.append(byte)
                    advance(byte)
                    if field.count > Self.maxFieldBytes { throw Self.tooLong(start) }
                }
                if !closed {
                    throw Error(message: "a quoted field is never closed", range: SourceRange(at: start),
                                help: "add the closing quote; a quote inside a field is written twice (\"\")")
                }
                if index < bytes.count, ![separator, 0x0A, 0x0D].contains(bytes[index]) {
                    throw Error(message: "text after a closing quote", range: SourceRange(at: mark()),
                                help: "quote the whole field, writing a quote inside it twice (\"\")")
                }
            } else {
                while index < bytes.count, ![separator, 0x0A, 0x0D].contains(bytes[index]) {
                    field.append(bytes[index])
                    advance(bytes[index])
                    if field.count > Self.maxFieldBytes { throw Self.tooLong(start) }
                }
            }
            row.append(Field(text: String(decoding: field, as: UTF8.self), range: SourceRange(start: start, end: mark())))
            if index < bytes.count, bytes[index] == separator {
                advance(separator)
                if index == bytes.count {
                    row.append(Field(text: "", range: SourceRange(at: mark())))
                }
                continue
            }
            if index < bytes.count, bytes[index] == 0x0D { advance(0x0D) }
            if index < bytes.count, bytes[index] == 0x0A { advance(0x0A) }
            if !(row.count == 1 && row[0].text.isEmpty) { rows.append(row) }
            row = []
        }
        if !row.isEmpty { rows.append(row) }
    }

    private static func tooLong(_ start: Mark) -> Error {
        Error(message: "a field is longer than \(maxFieldBytes >> 10) KB", range: SourceRange(at: start),
              help: "check for a missing closing quote; roster fields are short")
    }
}
