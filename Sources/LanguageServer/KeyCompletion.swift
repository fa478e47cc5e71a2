import Planner

/// Completion from the format (`FormatSpec`): the keys that belong where the cursor is, with
/// their documentation, and a key's values when the format lists them (a milestone's `kind`,
/// a weekday, true or false). Read from the lines' indentation, so it works while the buffer
/// is not valid YAML yet (as it is while a key is half typed).
enum KeyCompletion {
    static func items(text: String, line: Int, character: Int) -> [[String: Any]] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard line >= 0, line < lines.count else { return [] }
        let current = String(lines[line].prefix(max(0, character)))
        let (indent, rest) = shape(current)
        // `key: value` already typed up to a colon: the key's values.
        if let colon = rest.firstIndex(of: ":") {
            let key = String(rest[..<colon]).trimmingCharacters(in: .whitespaces)
            guard let spec = spec(at: path(lines, above: line, indent: indent)), let field = spec.field(key) else { return [] }
            return values(field.type).map { ["label": $0, "kind": 12, "detail": field.name] }
        }
        guard let spec = spec(at: path(lines, above: line, indent: indent)) else { return [] }
        return spec.fields.map { field in
            ["label": field.name, "kind": 10, "detail": field.type.summary + (field.required ? " (required)" : ""),
             "documentation": field.description, "insertText": field.name + ": "]
        }
    }

    /// A line's indentation (a list item's `- ` counted in) and what follows it.
    static func shape(_ line: String) -> (indent: Int, rest: Substring) {
        var indent = 0
        var rest = Substring(line)
        while let first = rest.first, first == " " || first == "-" {
            indent += 1
            rest = rest.dropFirst()
        }
        return (indent, rest)
    }

    /// The keys that hold the line, outermost first: each nearest line above with less
    /// indentation that is a key with nothing after its colon (a list item's `- ` counts as
    /// indentation, so an item's keys line up with its first).
    static func path(_ lines: [String], above line: Int, indent: Int) -> [String] {
        var path: [String] = []
        var limit = indent
        var index = line - 1
        while index >= 0, limit > 0 {
            let (lineIndent, rest) = shape(lines[index])
            let content = rest.trimmingCharacters(in: .whitespaces)
            if lineIndent < limit, !content.hasPrefix("#"), let colon = content.firstIndex(of: ":"),
               content[content.index(after: colon)...].trimmingCharacters(in: .whitespaces).isEmpty {
                path.insert(String(content[..<colon]), at: 0)
                limit = lineIndent
            }
            index -= 1
        }
        return path
    }

    /// The object spec at a path of keys from the project's root (lists and mappings opened).
    static func spec(at path: [String]) -> ObjectSpec? {
        var spec = FormatSpec.project
        for key in path {
            guard let field = spec.field(key), let inner = object(field.type) else { return nil }
            spec = inner
        }
        return spec
    }

    private static func object(_ type: FieldType) -> ObjectSpec? {
        switch type {
        case .object(let spec): spec
        case .list(let element): object(element)
        case .scalarOrObject(_, let spec): spec
        default: nil
        }
    }

    private static func values(_ type: FieldType) -> [String] {
        switch type {
        case .oneOf(let values): values
        case .boolean: ["true", "false"]
        case .weekday: Weekday.allCases.map(\.rawValue)
        case .list(let element): values(element)
        default: []
        }
    }
}
