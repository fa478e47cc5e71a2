#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of one input, checked before libyaml sees them.
///
/// libyaml reports positions in characters; this type turns them into byte offsets and
/// finds the line a position is on, so errors can show the source.
public struct SourceText: Sendable {
    public let bytes: [UInt8]
    /// 3 when the text starts with a UTF-8 byte order mark, else 0.
    public let bomLength: Int
    /// True when every byte is ASCII, so character and byte offsets agree.
    public let isASCII: Bool

    /// Checks size, encoding and UTF-8, and refuses what libyaml should not be given.
    public init(bytes: [UInt8], limits: YAMLLimits = .default) throws(YAMLError) {
        if bytes.count > limits.maxInputBytes {
            throw YAMLError(
                .inputTooLarge,
                describeExcess(bytes.count, over: limits.maxInputBytes) { "input is \($0), over the limit of \($1)" },
                at: .fileStart,
                help: "split the file; project files are usually a few kilobytes"
            )
        }
        try Self.refuseOtherEncodings(bytes)
        let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let ascii = try UTF8Check.validate(bytes, from: bom)
        self.bytes = bytes
        self.bomLength = bom
        self.isASCII = ascii
    }

    /// Text already known to be valid UTF-8 (tests, generated input).
    public init(_ string: String, limits: YAMLLimits = .default) throws(YAMLError) {
        try self.init(bytes: Array(string.utf8), limits: limits)
    }

    private static func refuseOtherEncodings(_ bytes: [UInt8]) throws(YAMLError) {
        // UTF-32's little-endian BOM starts like UTF-16's: test it first.
        let utf32BOM = bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00])
        let utf16BOM = !utf32BOM && (bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]))
        if utf16BOM || utf32BOM {
            throw YAMLError(
                .unsupportedEncoding,
                "file is encoded as \(utf32BOM ? "UTF-32" : "UTF-16")",
                at: .fileStart,
                help: "save the file as UTF-8 in your editor"
            )
        }
        // Text never holds NUL, anywhere: a NUL means a binary file, UTF-16 without a BOM, or a
        // byte that would reach every output.
        // memchr: the whole input is scanned for NUL, a byte at a time in Swift costs more.
        let nulAt = bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress, let found = memchr(base, 0, buffer.count) else { return nil }
            return UnsafeRawPointer(found) - UnsafeRawPointer(base)
        }
        if let nul = nulAt {
            let looksUTF16 = nul < 2 && bytes.count >= 2
            throw YAMLError(
                looksUTF16 ? .unsupportedEncoding : .binaryInput,
                looksUTF16
                    ? "file looks like UTF-16 text"
                    : "not a text file: NUL byte at offset \(nul)",
                at: .fileStart,
                help: looksUTF16 ? "save the file as UTF-8 in your editor" : nil
            )
        }
    }

    // MARK: positions

    /// The mark of a byte offset, counting lines by `\n` and columns in characters.
    public func mark(atByteOffset offset: Int) -> Mark {
        let offset = min(max(offset, 0), bytes.count)
        let lineStart = startOfLine(containing: offset)
        var line = 1
        var index = 0
        while let next = bytes[index..<lineStart].firstIndex(of: 0x0A) {
            line += 1
            index = next + 1
        }
        return Mark(line: line, column: columnOf(offset, lineStart: lineStart), offset: offset)
    }

    /// Byte offset of the first byte of the line holding `offset`.
    public func startOfLine(containing offset: Int) -> Int {
        var index = min(offset, bytes.count)
        while index > 0 && bytes[index - 1] != 0x0A { index -= 1 }
        if index == 0 { index = bomLength <= offset ? bomLength : 0 }
        return index
    }

    /// The text of the line holding `offset`, without its line break.
    public func line(containing offset: Int) -> Substring {
        let start = startOfLine(containing: offset)
        var end = start
        while end < bytes.count && bytes[end] != 0x0A { end += 1 }
        if end > start && bytes[end - 1] == 0x0D { end -= 1 }
        return Substring(String(decoding: bytes[start..<end], as: UTF8.self))
    }

    private func columnOf(_ offset: Int, lineStart: Int) -> Int {
        var column = 1
        var index = lineStart
        while index < offset {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        // Counted lead bytes up to offset: an offset inside a character stays on it.
        return index == offset ? column : column - 1
    }
}

/// A size and the limit it is over, in words that show the difference: rounded, a file one
/// byte over 16 MB would read "16.0 MB, over the limit of 16.0 MB", so then both are exact.
func describeExcess(_ size: Int, over limit: Int, _ message: (_ size: String, _ limit: String) -> String) -> String {
    let shown = formatByteCount(size), limitShown = formatByteCount(limit)
    guard shown == limitShown else { return message(shown, limitShown) }
    return message("\(size) bytes", "\(limit) bytes (\(limitShown))")
}

func formatByteCount(_ count: Int) -> String {
    if count >= 1 << 20 {
        let tenths = (count * 10 + (1 << 19)) >> 20
        return "\(tenths / 10).\(tenths % 10) MB"
    }
    if count >= 1 << 10 { return "\((count + 512) >> 10) KB" }
    return "\(count) bytes"
}
