import PlannerModel

// A strict JSON reader on bytes, so import errors can give a JSON path and line:column.

/// A JSON value as read; numbers keep their text.
enum JSONValue {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// What the value is, for messages: "an object", "a string", ...
    var kind: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .number(let text): "a number (\(text))"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// A JSON object's members in the order written; a repeated name takes the last value, as
/// JavaScript does.
struct JSONObject {
    var keys: [String] = []
    var values: [JSONValue] = []

    subscript(key: String) -> JSONValue? {
        var index = keys.count - 1
        while index >= 0 {
            if keys[index] == key { return values[index] }
            index -= 1
        }
        return nil
    }
}

struct JSONSyntaxError: Error {
    var message: String
    var offset: Int
}

/// An RFC 8259 reader on bytes: strict about syntax, tells the byte offset of a problem.
struct JSONParser {
    static let maxDepth = 512

    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    var depth = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func document() throws(JSONSyntaxError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        skipWhitespace()
        guard index < bytes.count else { throw JSONSyntaxError(message: "the file is empty; a CASE package is a JSON object", offset: index) }
        let result = try value()
        skipWhitespace()
        if index < bytes.count {
            throw fail("\(found()) after the end of the JSON value")
        }
        return result
    }

    private func fail(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(message: message, offset: offset ?? index)
    }

    /// The byte at `index`, described for a message.
    private func found() -> String {
        guard index < bytes.count else { return "the end of the file" }
        let byte = bytes[index]
        if byte > 0x20 && byte < 0x7F { return "`\(Character(Unicode.Scalar(byte)))`" }
        switch byte {
        case 0x0A: return "a line break"
        case 0x20: return "a space"
        default: return "byte 0x\(String(byte, radix: 16, uppercase: true))"
        }
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func value() throws(JSONSyntaxError) -> JSONValue {
        guard index < bytes.count else { throw fail("expected a value, found the end of the file") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default:
            throw fail("expected a JSON value (an object, array, string, number, true, false or null), found \(found())")
        }
    }

    private mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > Self.maxDepth { throw fail("objects and arrays are nested more than \(Self.maxDepth) deep") }
    }

    private mutating func object() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        index += 1
        var object = JSONObject()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                if index < bytes.count, bytes[index] == UInt8(ascii: "}"), !object.keys.isEmpty {
                    throw fail("a comma before `}`: JSON allows no comma after the last member")
                }
                throw fail("expected a member name in double quotes, found \(found())")
            }
            let key = try string()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw fail("expected `:` after the member name \"\(key)\", found \(found())")
            }
            index += 1
            skipWhitespace()
            let member = try value()
            object.keys.append(key)
            object.values.append(member)
            skipWhitespace()
            guard index < bytes.count else { throw fail("the file ends inside an object; expected `,` or `}`") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                break
            }
            throw fail("expected `,` or `}` after the value of \"\(key)\", found \(found())")
        }
        depth -= 1
        return .object(object)
    }

    private mutating func array() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                throw fail("a comma before `]`: JSON allows no comma after the last element")
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ",") {
                throw fail("expected a value, found `,`")
            }
            elements.append(try value())
            skipWhitespace()
            guard index < bytes.count else { throw fail("the file ends inside an array; expected `,` or `]`") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                break
            }
            throw fail("expected `,` or `]` after an element of an array, found \(found())")
        }
        depth -= 1
        return .array(elements)
    }

    private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let start = index
        let count = word.utf8CodeUnitCount
        let matches = word.withUTF8Buffer { expected in
            index + count <= bytes.count && (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
        }
        guard matches else {
            throw fail("expected a JSON value, found \(found()) (strings are written in double quotes)", at: start)
        }
        index += count
    }

    private mutating func number() throws(JSONSyntaxError) -> String {
        let start = index
        func isDigit(_ at: Int) -> Bool { at < bytes.count && bytes[at] >= 0x30 && bytes[at] <= 0x39 }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard isDigit(index) else { throw fail("expected a digit in a number, found \(found())") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if isDigit(index) { throw fail("a number cannot start with 0 followed by digits", at: start) }
        } else {
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else { throw fail("expected a digit after the decimal point, found \(found())") }
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard isDigit(index) else { throw fail("expected a digit in the exponent, found \(found())") }
            while isDigit(index) { index += 1 }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    private mutating func string() throws(JSONSyntaxError) -> String {
        let start = index
        index += 1
        let contentStart = index
        // Most strings have no escapes: find the closing quote and make the String at once.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let content = UnsafeBufferPointer(rebasing: bytes[contentStart..<index])
                index += 1
                return try utf8(content, start: start)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw controlCharacter(byte) }
            index += 1
        }
        var buffer = Array(UnsafeBufferPointer(rebasing: bytes[contentStart..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = String(validating: buffer, as: UTF8.self) else { throw notUTF8(start) }
                return text
            case UInt8(ascii: "\\"):
                let escape = index
                index += 1
                guard index < bytes.count else { throw fail("a string is never closed", at: start) }
                let code = bytes[index]
                index += 1
                switch code {
                case UInt8(ascii: "\""): buffer.append(0x22)
                case UInt8(ascii: "\\"): buffer.append(0x5C)
                case UInt8(ascii: "/"): buffer.append(0x2F)
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"):
                    let scalar = try unicodeEscape(at: escape)
                    UTF8.encode(scalar) { buffer.append($0) }
                default:
                    throw fail("unknown escape `\\\(Character(Unicode.Scalar(code)))` in a string", at: escape)
                }
            default:
                if byte < 0x20 { throw controlCharacter(byte) }
                buffer.append(byte)
                index += 1
            }
        }
        throw fail("a string is never closed", at: start)
    }

    private func controlCharacter(_ byte: UInt8) -> JSONSyntaxError {
        let name = byte == 0x0A ? "a line break" : byte == 0x09 ? "a tab" : "control character 0x\(String(byte, radix: 16, uppercase: true))"
        return fail("\(name) inside a string; JSON writes it as an escape (\\n, \\t, \\u00XX)")
    }

    private func utf8(_ content: UnsafeBufferPointer<UInt8>, start: Int) throws(JSONSyntaxError) -> String {
        guard let text = String(validating: content, as: UTF8.self) else { throw notUTF8(start) }
        return text
    }

    private func notUTF8(_ start: Int) -> JSONSyntaxError {
        fail("a string holds bytes that are not UTF-8; save the file as UTF-8", at: start)
    }

    /// After `\u`: four hex digits, joined with a following `\uDC00`-`\uDFFF` when they are a
    /// high surrogate. A lone surrogate becomes U+FFFD.
    private mutating func unicodeEscape(at escape: Int) throws(JSONSyntaxError) -> Unicode.Scalar {
        let first = try hex4(escape: escape)
        if (0xD800...0xDBFF).contains(first) {
            if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                let save = index
                index += 2
                let second = try hex4(escape: save)
                if (0xDC00...0xDFFF).contains(second) {
                    return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))!
                }
                index = save
            }
            return "\u{FFFD}"
        }
        return Unicode.Scalar(first) ?? "\u{FFFD}"
    }

    private mutating func hex4(escape: Int) throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw fail("`\\u` needs four hex digits", at: escape) }
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: throw fail("`\\u` needs four hex digits", at: escape)
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}
