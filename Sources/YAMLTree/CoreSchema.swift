/// A scalar's value as the YAML 1.2 core schema resolves it.
public enum CoreValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
}

/// Typed reads of scalars under the YAML 1.2 core schema.
///
/// Only plain scalars are resolved: a quoted or block scalar is always a string, and an
/// explicit tag (`!!str`, `!!int`, ...) decides over the text. YAML 1.1's `yes`, `no`, `on`,
/// `off`, `y` and `n` are strings here, so "Norway" stays `NO`.
extension YAMLNode {
    public static let strTag = "tag:yaml.org,2002:str"
    public static let intTag = "tag:yaml.org,2002:int"
    public static let floatTag = "tag:yaml.org,2002:float"
    public static let boolTag = "tag:yaml.org,2002:bool"
    public static let nullTag = "tag:yaml.org,2002:null"

    /// The value this scalar resolves to; nil for collections.
    public var coreValue: CoreValue? {
        guard let text = scalarText else { return nil }
        let tag = self.tag
        switch tag {
        case Self.strTag?, "!"?: return .string(text)
        case Self.nullTag?: return .null
        case Self.boolTag?: return CoreSchema.bool(text).map(CoreValue.bool) ?? .string(text)
        case Self.intTag?: return CoreSchema.int(text).map(CoreValue.int) ?? .string(text)
        case Self.floatTag?: return (CoreSchema.float(text) ?? CoreSchema.int(text).map(Double.init)).map(CoreValue.float) ?? .string(text)
        case nil: break
        default: return .string(text)
        }
        guard scalarStyle == .plain else { return .string(text) }
        return CoreSchema.resolvePlain(text)
    }

    /// True for `null`, `Null`, `NULL`, `~` and an empty plain value (or an explicit `!!null`).
    public var isNull: Bool {
        guard isScalar else { return false }
        let tag = self.tag
        if tag == Self.nullTag { return true }
        guard tag == nil, scalarStyle == .plain else { return false }
        return withScalarBytes(CoreSchema.isNullText)
    }

    /// The scalar's text when a string is asked for: any scalar that is not null, whatever
    /// it would resolve to (`no`, `1.0` and `2027-03-01` are all text here).
    public var string: String? {
        isScalar && !isNull ? scalarText : nil
    }

    public var bool: Bool? {
        if case .bool(let value)? = coreValue { return value }
        return nil
    }

    public var int: Int? {
        // Fast path for the common case, a plain run of digits: no String, no schema walk.
        if isScalar, tag == nil, scalarStyle == .plain {
            let quick: Int? = withScalarBytes { bytes in
                guard !bytes.isEmpty, bytes.count < 18, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
                return bytes.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            }
            if let quick { return quick }
        }
        if case .int(let value)? = coreValue { return value }
        // `1.0` and `1e3` are floats to the schema, but whole numbers where an integer is asked for.
        if case .float(let value)? = coreValue, value.rounded() == value, abs(value) < 9.0e15 { return Int(value) }
        return nil
    }

    public var double: Double? {
        switch coreValue {
        case .float(let value)?: return value
        case .int(let value)?: return Double(value)
        default: return nil
        }
    }
}

enum CoreSchema {
    static func isNullText(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        switch bytes.count {
        case 0: return true
        case 1: return bytes[0] == UInt8(ascii: "~")
        case 4:
            let text = String(decoding: bytes, as: UTF8.self)
            return text == "null" || text == "Null" || text == "NULL"
        default: return false
        }
    }

    static func resolvePlain(_ text: String) -> CoreValue {
        // Most plain scalars are words: only these first characters can make anything else.
        if let first = text.utf8.first, !"~nNtTfF0123456789+-.".utf8.contains(first) { return .string(text) }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        guard let first = text.utf8.first, (first >= 0x30 && first <= 0x39) || first == 0x2B || first == 0x2D || first == 0x2E else {
            return .string(text)
        }
        if let value = int(text) { return .int(value) }
        if let value = float(text) { return .float(value) }
        return .string(text)
    }

    static func isDigit(_ byte: UInt8, radix: Int) -> Bool {
        switch byte {
        case 0x30...0x37: return true
        case 0x38...0x39: return radix == 16
        case 0x41...0x46, 0x61...0x66: return radix == 16
        default: return false
        }
    }

    static func bool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": true
        case "false", "False", "FALSE": false
        default: nil
        }
    }

    /// `[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+`.
    static func int(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return nil }
        if bytes.count > 2 && bytes[0] == 0x30 && (bytes[1] == 0x6F || bytes[1] == 0x78) {
            let radix = bytes[1] == 0x6F ? 8 : 16
            // Int(_:radix:) would also take a sign after the prefix, which the schema does not.
            guard bytes[2...].allSatisfy({ CoreSchema.isDigit($0, radix: radix) }) else { return nil }
            return Int(String(decoding: bytes[2...], as: UTF8.self), radix: radix)
        }
        var digits = bytes[...]
        if digits.first == 0x2B || digits.first == 0x2D { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(bytes.first == 0x2B ? String(text.dropFirst()) : text)
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?\.inf`, `\.nan` (three casings).
    static func float(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        let bytes = Array(text.utf8)
        var index = 0
        func digits() -> Int {
            let begin = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            return index - begin
        }
        if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }
        let whole = digits()
        var fraction = 0
        if index < bytes.count, bytes[index] == 0x2E {
            index += 1
            fraction = digits()
            if whole == 0 && fraction == 0 { return nil }
        } else if whole == 0 {
            return nil
        }
        if index < bytes.count, bytes[index] == 0x65 || bytes[index] == 0x45 {
            index += 1
            if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }
            if digits() == 0 { return nil }
        }
        guard index == bytes.count else { return nil }
        return Double(text)
    }
}
