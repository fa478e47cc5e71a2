/// Just enough JSON for tests: the yaml-test-suite's `in.json` files (which hold one value
/// per document, back to back) and the tree's `jsonText`. Numbers are Doubles; objects are
/// dictionaries, so comparing two values ignores key order (a repeated key is an error).
enum TestJSON: Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([TestJSON])
    case object([String: TestJSON])

    struct ParseError: Error, CustomStringConvertible {
        var message: String
        var offset: Int
        var description: String { "JSON error at byte \(offset): \(message)" }
    }

    /// Every value in `text`, in order: zero or more JSON values separated only by whitespace.
    static func parseSequence(_ text: String) throws -> [TestJSON] {
        var parser = Parser(bytes: Array(text.utf8))
        var values: [TestJSON] = []
        parser.skipWhitespace()
        while !parser.atEnd {
            values.append(try parser.value())
            parser.skipWhitespace()
        }
        return values
    }

    /// The single value in `text`.
    static func parse(_ text: String) throws -> TestJSON {
        let values = try parseSequence(text)
        guard values.count == 1 else { throw ParseError(message: "expected one value, found \(values.count)", offset: 0) }
        return values[0]
    }

    /// Compact JSON with sorted keys, for failure messages.
    var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
        case .string(let value): "\"" + value.unicodeScalars.map { scalar in
            switch scalar {
            case "\"": "\\\""
            case "\\": "\\\\"
            case "\n": "\\n"
            case "\t": "\\t"
            case _ where scalar.value < 0x20: "\\u{\(String(scalar.value, radix: 16))}"
            default: String(scalar)
            }
        }.joined() + "\""
        case .array(let items): "[" + items.map(\.description).joined(separator: ",") + "]"
        case .object(let members):
            "{" + members.keys.sorted().map { "\(TestJSON.string($0)):\(members[$0]!)" }.joined(separator: ",") + "}"
        }
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index >= bytes.count }

        func fail(_ message: String) -> ParseError { ParseError(message: message, offset: index) }

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func value() throws -> TestJSON {
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of input") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try object()
            case UInt8(ascii: "["): return try array()
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            default: return .number(try number())
            }
        }

        mutating func literal(_ word: String) throws {
            let expected = Array(word.utf8)
            guard bytes[index...].starts(with: expected) else { throw fail("expected \(word)") }
            index += expected.count
        }

        mutating func expect(_ byte: Character) throws {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == byte.asciiValue! else { throw fail("expected `\(byte)`") }
            index += 1
        }

        /// Consumes `byte` (after whitespace) if it is next.
        mutating func take(_ byte: Character) -> Bool {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == byte.asciiValue! else { return false }
            index += 1
            return true
        }

        mutating func object() throws -> TestJSON {
            try expect("{")
            var members: [String: TestJSON] = [:]
            if take("}") { return .object(members) }
            repeat {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a key") }
                let key = try string()
                let keyOffset = index
                try expect(":")
                // A repeated key would hide a value; neither side of a comparison should have one.
                guard members.updateValue(try value(), forKey: key) == nil else {
                    throw ParseError(message: "duplicate key \(TestJSON.string(key))", offset: keyOffset)
                }
            } while take(",")
            try expect("}")
            return .object(members)
        }

        mutating func array() throws -> TestJSON {
            try expect("[")
            var items: [TestJSON] = []
            if take("]") { return .array(items) }
            repeat { items.append(try value()) } while take(",")
            try expect("]")
            return .array(items)
        }

        mutating func string() throws -> String {
            index += 1  // opening quote
            var output: [UInt8] = []
            while true {
                guard index < bytes.count else { throw fail("unterminated string") }
                let byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: "\"") { break }
                guard byte == UInt8(ascii: "\\") else {
                    guard byte >= 0x20 else { throw fail("control character in string") }
                    output.append(byte)
                    continue
                }
                guard index < bytes.count else { throw fail("unterminated escape") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(escape)
                case UInt8(ascii: "b"): output.append(0x08)
                case UInt8(ascii: "f"): output.append(0x0C)
                case UInt8(ascii: "n"): output.append(0x0A)
                case UInt8(ascii: "r"): output.append(0x0D)
                case UInt8(ascii: "t"): output.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800...0xDBFF).contains(code) {
                        guard bytes[index...].starts(with: Array("\\u".utf8)) else { throw fail("lone high surrogate") }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw fail("bad low surrogate") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw fail("escape is not a character") }
                    output.append(contentsOf: Array(String(scalar).utf8))
                default: throw fail("unknown escape")
                }
            }
            return String(decoding: output, as: UTF8.self)
        }

        mutating func hex4() throws -> UInt32 {
            guard index + 4 <= bytes.count,
                  let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
            else { throw fail("bad \\u escape") }
            index += 4
            return code
        }

        mutating func number() throws -> Double {
            let start = index
            func digits() -> Int {
                let begin = index
                while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
                return index - begin
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw fail("expected a value") }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard digits() > 0 else { throw fail("expected digits after `.`") }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard digits() > 0 else { throw fail("expected exponent digits") }
            }
            guard let value = Double(String(decoding: bytes[start..<index], as: UTF8.self)) else { throw fail("bad number") }
            return value
        }
    }
}
