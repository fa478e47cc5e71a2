/// Strict UTF-8 validation that says where the first bad byte is.
///
/// libyaml would also refuse bad UTF-8, but only with a byte offset; teachers get a line and
/// column. The same pass tells whether the input is pure ASCII, which makes every later
/// character-to-byte conversion free.
enum UTF8Check {
    /// Returns true when all bytes are ASCII; throws at the first invalid sequence.
    static func validate(_ bytes: [UInt8], from start: Int) throws(YAMLError) -> Bool {
        let failure: (offset: Int, reason: String)? = bytes.withUnsafeBufferPointer { buffer in
            firstInvalid(buffer, from: start)
        }
        guard let failure else {
            return bytes.withUnsafeBufferPointer { isASCII($0, from: start) }
        }
        let text = SourceText(unchecked: bytes)
        let mark = text.mark(atByteOffset: failure.offset)
        throw YAMLError(
            .invalidUTF8,
            "invalid UTF-8: \(failure.reason) (byte 0x\(hex(bytes[failure.offset])))",
            at: SourceRange(start: mark, end: mark),
            help: "save the file as UTF-8 in your editor, or retype the character at this position"
        )
    }

    private static func isASCII(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        var index = start
        let count = buffer.count
        let base = UnsafeRawPointer(buffer.baseAddress!)
        while index + 8 <= count {
            if base.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 {
                return false
            }
            index += 8
        }
        while index < count {
            if buffer[index] >= 0x80 { return false }
            index += 1
        }
        return true
    }

    private static func firstInvalid(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> (Int, String)? {
        guard let baseAddress = buffer.baseAddress else { return nil }
        let base = UnsafeRawPointer(baseAddress)
        let count = buffer.count
        var index = start
        while index < count {
            if index + 8 <= count,
               base.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
                continue
            }
            let lead = buffer[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            let minimum: UInt32
            switch lead {
            case 0xC2...0xDF: length = 2; minimum = 0x80
            case 0xE0...0xEF: length = 3; minimum = 0x800
            case 0xF0...0xF4: length = 4; minimum = 0x10000
            case 0x80...0xBF: return (index, "a continuation byte with no character before it")
            default: return (index, "a byte that never appears in UTF-8")
            }
            if index + length > count { return (index, "a character cut off at the end of the file") }
            var scalar = UInt32(lead) & (0xFF >> (length + 1))
            for offset in 1..<length {
                let byte = buffer[index + offset]
                if byte & 0xC0 != 0x80 { return (index, "an incomplete character") }
                scalar = scalar << 6 | UInt32(byte & 0x3F)
            }
            if scalar < minimum { return (index, "an overlong encoding") }
            if scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) {
                return (index, "a code point that is not a character")
            }
            index += length
        }
        return nil
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}

extension SourceText {
    /// For positions in bytes that failed validation: no checks, no ASCII fast path.
    init(unchecked bytes: [UInt8]) {
        self.bytes = bytes
        self.bomLength = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        self.isASCII = false
    }
}
