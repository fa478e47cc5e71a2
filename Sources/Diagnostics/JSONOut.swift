import YAMLTree
/// A JSON value with keys in a fixed order, so machine-readable output is stable byte for byte.
public indirect enum JSONOut: Sendable, Hashable {
    case object([(String, JSONOut)])
    case array([JSONOut])
    case string(String)
    case int(Int)
    /// A finite number with a fraction (`10.5`).
    case decimal(Double)
    case bool(Bool)
    case null

    public static func == (lhs: JSONOut, rhs: JSONOut) -> Bool { lhs.rendered() == rhs.rendered() }
    public func hash(into hasher: inout Hasher) { hasher.combine(rendered()) }

    /// Two-space indented, one key per line, ending without a newline.
    public func rendered(indent: Int = 0) -> String {
        var output = ""
        write(into: &output, indent: indent)
        return output
    }

    private func write(into output: inout String, indent: Int) {
        let pad = String(repeating: "  ", count: indent + 1)
        let closing = String(repeating: "  ", count: indent)
        switch self {
        case .object(let members):
            if members.isEmpty { output += "{}"; return }
            output += "{\n"
            for (position, (key, value)) in members.enumerated() {
                output += pad + JSONWriter.quoted(key) + ": "
                value.write(into: &output, indent: indent + 1)
                output += position == members.count - 1 ? "\n" : ",\n"
            }
            output += closing + "}"
        case .array(let items):
            if items.isEmpty { output += "[]"; return }
            output += "[\n"
            for (position, item) in items.enumerated() {
                output += pad
                item.write(into: &output, indent: indent + 1)
                output += position == items.count - 1 ? "\n" : ",\n"
            }
            output += closing + "]"
        case .string(let text): output += JSONWriter.quoted(text)
        case .int(let value): output += String(value)
        case .decimal(let value): output += value.isFinite ? String(value) : "null"
        case .bool(let value): output += value ? "true" : "false"
        case .null: output += "null"
        }
    }
}
