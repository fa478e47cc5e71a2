import Workbook
import Diagnostics
import YAMLTree
import PlannerModel

/// The files a roster comes in: CSV text, told apart from what is not UTF-8 text (with the
/// way to save it as UTF-8), and .xlsx workbooks, read by name.
extension RosterLoader {
    /// `roster.xlsx#Period 2` is the sheet `Period 2` of `roster.xlsx`; anything else is a file.
    public static func fileAndSheet(_ value: String) -> (file: String, sheet: String?) {
        let bytes = Array(value.utf8)
        let marker = Array(".xlsx#".utf8)
        guard bytes.count > marker.count else { return (value, nil) }
        for start in 0...(bytes.count - marker.count) {
            let matches = zip(bytes[start..<(start + marker.count)], marker).allSatisfy { byte, expected in
                byte == expected || (byte >= 0x41 && byte <= 0x5A && byte + 0x20 == expected)
            }
            if matches {
                let file = String(decoding: bytes[..<(start + marker.count - 1)], as: UTF8.self)
                let sheet = String(decoding: bytes[(start + marker.count)...], as: UTF8.self).trimmed
                return (file, sheet.isEmpty ? nil : sheet)
            }
        }
        return (value, nil)
    }

    /// The roster's bytes, by the file's name: a workbook (`.xlsx`) or CSV text.
    public mutating func load(bytes: [UInt8], sheet: String?, named key: Located<String>, limits: YAMLLimits) -> [Student] {
        if CellPlace.isWorkbook(file) { return loadWorkbook(bytes, sheet: sheet, named: key) }
        let text: SourceText
        do {
            text = try SourceText(bytes: bytes, limits: limits)
        } catch {
            sink.append(RosterEncoding.diagnostic(error, bytes: bytes, file: file))
            return []
        }
        source = text
        return load(text)
    }

    private mutating func loadWorkbook(_ bytes: [UInt8], sheet: String?, named key: Located<String>) -> [Student] {
        let read: Sheet
        do {
            read = try Workbook.readSheet(bytes, named: sheet)
        } catch {
            if case .sheetNotFound(let available) = error.kind {
                let file = Self.fileAndSheet(key.value).file
                let nearest = Suggest.nearest(to: sheet ?? "", in: available)
                sink.report(Rules.rosterNotFound, "the workbook `\(file)` has no sheet `\(sheet ?? "")`", at: key.range, in: key.file,
                            help: (nearest.map { "did you mean `roster: \(file)#\($0)`? " } ?? "")
                                + "its sheets: " + available.map { "`\($0)`" }.joined(separator: ", "))
            } else {
                sink.report(Rules.rosterMalformed, error.message, at: error.position.map { Self.range(row: $0.row, column: $0.column) },
                            help: error.help)
            }
            return []
        }
        guard let header = read.rows.first else {
            sink.report(Rules.rosterMalformed, "the sheet `\(read.name)` is empty", at: nil,
                        help: "put the header row (id, name, group, ...) in the first row, one student per row under it")
            return []
        }
        // Fields for every column up to the header's last, and past it only the cells there
        // are (they are reported as values with no header): a sparse row stays small.
        let width = header.cells.last!.position.column
        if read.rows.count > 1, (read.rows.count - 1).multipliedReportingOverflow(by: width).partialValue > 4_000_000 {
            sink.report(Rules.rosterMalformed, "the sheet `\(read.name)` has \(read.rows.count) rows of \(width) columns, too many for a roster",
                        at: nil, help: "copy the roster's rows and columns into a sheet of their own")
            return []
        }
        return students(Self.fieldRows(read, width: width), padsShortRows: true)
    }

    /// A sheet's rows as CSV fields: every column up to `width`, and past it only the cells
    /// there are, each placed at its row and column.
    static func fieldRows(_ sheet: Sheet, width: Int) -> [[CSVTable.Field]] {
        sheet.rows.map { row in
            var fields: [CSVTable.Field] = []
            fields.reserveCapacity(width)
            var column = 1
            for cell in row.cells {
                while column < cell.position.column && column <= width {
                    fields.append(Self.field("", row: row.number, column: column))
                    column += 1
                }
                fields.append(Self.field(cell.text, row: row.number, column: cell.position.column))
                column = cell.position.column + 1
            }
            return fields
        }
    }

    /// A cell's place as a mark: the row as the line, the column's number as the column, and
    /// an offset that orders cells as they are read (findings are sorted by offset).
    static func range(row: Int, column: Int) -> SourceRange {
        let start = Mark(line: row, column: column, offset: row * 1025 + column)
        let end = Mark(line: row, column: column + 1, offset: row * 1025 + column + 1)
        return SourceRange(start: start, end: end)
    }

    private static func field(_ text: String, row: Int, column: Int) -> CSVTable.Field {
        CSVTable.Field(text: text, range: range(row: row, column: column))
    }
}

/// What a roster that is not UTF-8 text is, and how to save it as UTF-8.
enum RosterEncoding {
    static let saveAsUTF8 = "save it as UTF-8 — in Excel: File → Save As → CSV UTF-8 (Comma delimited); "
        + "Google Sheets: File → Download → Comma-separated values (.csv); "
        + "LibreOffice: File → Save As → Text CSV, Character set: Unicode (UTF-8)"

    /// `what`: how messages name the file (`the roster`, `the progress file`).
    static func diagnostic(_ error: YAMLError, bytes: [UInt8], file: String, what: String = "the roster",
                           rule: RuleInfo = Rules.rosterMalformed) -> Diagnostic {
        var finding = Diagnostic(severity: rule.severity, message: error.message, file: file,
                                 range: error.range, rule: rule.id, help: saveAsUTF8)
        if bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) || bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) {
            finding.message = "\(what) is UTF-32 text; pbl reads UTF-8"
        } else if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            finding.message = "\(what) is UTF-16 text (what Excel saves as “Unicode Text”); pbl reads UTF-8"
        } else if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            finding.message = "\(what) is an Excel 97-2003 workbook (.xls), not CSV text"
            finding.help = "in Excel: File → Save As → Excel Workbook (.xlsx), and name that file in `roster:`; or save it as CSV UTF-8 (Comma delimited)"
        } else if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            finding.message = "\(what) is an Excel workbook (a ZIP archive), not CSV text"
            finding.help = "give the file the name it should have, ending in .xlsx, and name that in `roster:`"
        } else if error.kind == .unsupportedEncoding {
            finding.message = "\(what) looks like UTF-16 text (what Excel saves as “Unicode Text”); pbl reads UTF-8"
        } else if error.kind == .binaryInput {
            finding.message = "\(what) is not a text file (it has NUL bytes)"
            finding.help = "a roster is CSV text or an .xlsx workbook: " + saveAsUTF8
        } else if error.kind == .invalidUTF8 {
            let offset = error.range.start.offset
            let byte = offset < bytes.count ? bytes[offset] : 0
            let hex = "0x" + String(byte, radix: 16, uppercase: true)
            if let encoding = singleByteEncoding(bytes), let character = windows1252[byte] {
                finding.message = "\(what) is not UTF-8: it looks like \(encoding), where byte \(hex) here is “\(character)”"
            } else {
                let reason = error.message.hasPrefix("invalid UTF-8: ") ? String(error.message.dropFirst("invalid UTF-8: ".count)) : error.message
                finding.message = "\(what) is not valid UTF-8: \(reason)"
            }
        }
        return finding
    }

    /// Windows-1252 (or Latin-1, which it extends) when every byte past ASCII stands alone
    /// (no UTF-8 sequence anywhere) and is a letter or a mark those encodings have. Bytes
    /// 0x80 to 0x9F are punctuation in Windows-1252 (’ “ ” – €) and controls in Latin-1.
    static func singleByteEncoding(_ bytes: [UInt8]) -> String? {
        var high = 0
        var c1 = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                index += 1
                continue
            }
            // A well-formed UTF-8 character: the file is UTF-8 with a slip elsewhere.
            if utf8SequenceLength(bytes, at: index) != nil { return nil }
            guard windows1252[byte] != nil else { return nil }
            if byte < 0xA0 { c1 = true }
            high += 1
            index += 1
        }
        guard high > 0 else { return nil }
        return c1 ? "Windows-1252" : "Windows-1252 or Latin-1"
    }

    private static func utf8SequenceLength(_ bytes: [UInt8], at index: Int) -> Int? {
        let lead = bytes[index]
        let length: Int
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return nil
        }
        guard index + length <= bytes.count else { return nil }
        for offset in 1..<length where bytes[index + offset] & 0xC0 != 0x80 { return nil }
        return length
    }

    /// The characters of Windows-1252's upper half; the five bytes it leaves undefined are absent.
    static let windows1252: [UInt8: String] = {
        var table: [UInt8: String] = [:]
        let c1: [UInt8: UInt32] = [
            0x80: 0x20AC, 0x82: 0x201A, 0x83: 0x0192, 0x84: 0x201E, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021,
            0x88: 0x02C6, 0x89: 0x2030, 0x8A: 0x0160, 0x8B: 0x2039, 0x8C: 0x0152, 0x8E: 0x017D,
            0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201C, 0x94: 0x201D, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014,
            0x98: 0x02DC, 0x99: 0x2122, 0x9A: 0x0161, 0x9B: 0x203A, 0x9C: 0x0153, 0x9E: 0x017E, 0x9F: 0x0178,
        ]
        for (byte, code) in c1 { table[byte] = String(Character(Unicode.Scalar(code)!)) }
        for byte in 0xA0...0xFF { table[UInt8(byte)] = String(Character(Unicode.Scalar(UInt8(byte)))) }
        return table
    }()
}
