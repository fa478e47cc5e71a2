/// The JSON text of a node, with scalars resolved by the core schema: the form the YAML
/// test suite's `in.json` files use. Mapping keys become strings; non-finite floats, which
/// JSON cannot hold, become strings too.
extension YAMLNode {
    public var jsonText: String {
        var output = ""
        JSONWriter.write(self, into: &output)
        return output
    }
}

/// JSON text of YAML nodes, and JSON string quoting (shared with the JSON printers).
public enum JSONWriter {
    /// Iterative, like the composer: a deep tree never touches the stack.
    static func write(_ root: YAMLNode, into output: inout String) {
        enum Step {
            case node(YAMLNode, asKey: Bool)
            case text(String)
        }
        var steps: [Step] = [.node(root, asKey: false)]
        while let step = steps.popLast() {
            switch step {
            case .text(let text):
                output += text
            case .node(let node, let asKey):
                switch node.kind {
                case .scalar:
                    output += asKey ? quoted(node.scalarText ?? "") : scalar(node)
                case .sequence:
                    output += "["
                    steps.append(.text("]"))
                    for (position, item) in node.items.enumerated().reversed() {
                        steps.append(.node(item, asKey: false))
                        if position > 0 { steps.append(.text(",")) }
                    }
                case .mapping:
                    output += "{"
                    steps.append(.text("}"))
                    for (position, pair) in node.pairs.enumerated().reversed() {
                        steps.append(.node(pair.value, asKey: false))
                        steps.append(.text(":"))
                        if pair.key.isScalar {
                            steps.append(.text(quoted(pair.key.isNull ? "" : pair.key.scalarText ?? "")))
                        } else {
                            steps.append(.text(quoted(pair.key.jsonText)))
                        }
                        if position > 0 { steps.append(.text(",")) }
                    }
                }
            }
        }
    }

    private static func scalar(_ node: YAMLNode) -> String {
        switch node.coreValue {
        case .null?, nil: return "null"
        case .bool(let value)?: return value ? "true" : "false"
        case .int(let value)?: return String(value)
        case .float(let value)?: return value.isFinite ? "\(value)" : quoted(node.scalarText ?? "")
        case .string(let value)?: return quoted(value)
        }
    }

    public static func quoted(_ text: String) -> String {
        // Most strings need no escape: one scan of their bytes, then one copy.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + text + "\""
        }
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}
