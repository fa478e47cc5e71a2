import Planner

/// Completion from the format (`FormatSpec`): the keys that belong where the cursor is, with
/// their documentation, and a key's values when the format lists them (a milestone's `kind`,
/// a weekday, true or false). Read from the lines' indentation, so it works while the buffer
/// is not valid YAML yet (as it is while a key is half typed).
enum KeyCompletion {
    /// Keys whose value is a list of ids or codes, completed on a `- ` line under them too.
    static let listKeys: Set<String> = ["after", "standards", "targets", "catalogs", "groups", "meets_on"]

    static func items(text: String, line: Int, character: Int, values known: ValueCompletion? = nil) -> [[String: Any]] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard line >= 0, line < lines.count else { return [] }
        let current = String(lines[line].unicodeScalars.prefix(max(0, character)))
        let (indent, rest) = shape(current)
        let above = path(lines, above: line, indent: indent)
        // `key: value` already typed up to a colon: the key's values.
        if let colon = rest.firstIndex(of: ":") {
            var key = String(rest[..<colon]).trimmingCharacters(in: .whitespaces)
            var keys = above
            let value = rest[rest.index(after: colon)...]
            let word = String(value.reversed().prefix { !" [{,:".contains($0) }.reversed())
            // In a flow mapping (`only: {groups: [ot`, `choices: {sampling-plan: fi`): the key inside.
            var flowKey: String?
            for inner in flowKeys(value) {
                if spec(at: keys + [key])?.field(inner) != nil { keys.append(key); key = inner } else if key == "choices" { flowKey = inner }
            }
            if let found = known?.items(key: key, path: keys, word: word, flowKey: flowKey) { return found }
            guard let spec = spec(at: keys), let field = spec.field(key) else { return [] }
            return values(field.type).map { ["label": $0, "kind": 12, "detail": field.name] }
        }
        // `- ` under a key whose value is a list of ids: an item.
        if current.trimmingCharacters(in: .whitespaces).hasPrefix("-"), let key = above.last, listKeys.contains(key) {
            return known?.items(key: key, path: Array(above.dropLast()), word: String(rest), flowKey: nil) ?? []
        }
        guard let spec = spec(at: above) else {
            // A line under a student's or an `only`'s `choices:`: a milestone with choices.
            if above.last == "choices", let known { return known.choiceItems(flowKey: nil, word: String(rest)) }
            return []
        }
        return spec.fields.map { field in
            ["label": field.name, "kind": 10, "detail": field.type.summary + (field.required ? " (required)" : ""),
             "documentation": field.description, "insertText": field.name + ": "]
        }
    }

    /// The keys written inside a flow mapping, in order (`{groups: [a], choices: {m: x`
    /// gives groups, choices, m).
    static func flowKeys(_ text: Substring) -> [String] {
        var keys: [String] = []
        var word = ""
        for character in text {
            if character == ":" {
                if !word.isEmpty { keys.append(word) }
                word = ""
            } else if character.isLetter || character.isNumber || character == "-" || character == "_" {
                word.append(character)
            } else {
                word = ""
            }
        }
        return keys
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
