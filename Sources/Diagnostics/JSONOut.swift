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
        // Indentation is appended, not built per node: a report of a class is a million nodes.
        func pad(_ depth: Int) {
            for _ in 0..<depth { output += "  " }
        }
        switch self {
        case .object(let members):
            if members.isEmpty { output += "{}"; return }
            output += "{\n"
            for (position, (key, value)) in members.enumerated() {
                pad(indent + 1)
                output += JSONWriter.quoted(key)
                output += ": "
                value.write(into: &output, indent: indent + 1)
                output += position == members.count - 1 ? "\n" : ",\n"
            }
            pad(indent)
            output += "}"
        case .array(let items):
            if items.isEmpty { output += "[]"; return }
            output += "[\n"
            for (position, item) in items.enumerated() {
                pad(indent + 1)
                item.write(into: &output, indent: indent + 1)
                output += position == items.count - 1 ? "\n" : ",\n"
            }
            pad(indent)
            output += "]"
        case .string(let text): output += JSONWriter.quoted(text)
        case .int(let value): output += String(value)
        case .decimal(let value): output += value.isFinite ? String(value) : "null"
        case .bool(let value): output += value ? "true" : "false"
        case .null: output += "null"
        }
    }
}
