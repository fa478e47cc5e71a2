import YAMLTree
import PlannerModel

/// The text of a new project made from a template (`pbl new`): the template's own text, so
/// its comments and layout stay, with single values set by editing the bytes where the
/// tree says they are.
public struct StarterProject: Sendable {
    public enum Failure: Error, Sendable, CustomStringConvertible {
        case notASetting(String)
        case notAValue(path: String)
        case notAMapping(path: String)
        case shared(path: String)
        case notWritable(path: String, reason: String)
        case unreadable(String)

        public var description: String {
            switch self {
            case .notASetting(let text): "`\(text)` is not a setting; write KEY=VALUE, like title=\"Our creek\" or calendar.start=2027-03-01"
            case .notAValue(let path): "`\(path)` holds a list or a mapping; --set changes single values only (edit the file for more)"
            case .notAMapping(let path): "`\(path)` is not a mapping, so nothing can be set inside it"
            case .shared(let path): "`\(path)` is an alias, or has an anchor or a tag, in the template; edit the file to change it"
            case .notWritable(let path, let reason): "--set \(path): the result would not be YAML (\(reason))"
            case .unreadable(let reason): "the template cannot be read: \(reason)"
            }
        }
    }

    public private(set) var text: String

    public init(text: String) {
        self.text = text
    }

    /// A project that extends `template` rather than copying it: the keys a teacher must
    /// write (`pbl`, `id`, `title`, `extends`) and the template's placeholders to replace. The
    /// template's start stays the plan's (a department's calendar and its rotation come with
    /// it); only a template without one gets `start` here.
    public static func extending(_ template: String, name: String, start defaultStart: CivilDate) throws(Failure) -> StarterProject {
        let root = try parse(template)
        var text = "pbl: 1\nid: my-project\ntitle: \(YAMLText.quoted("TODO: your project's title"))\nextends: \(name)\n"
        var placeholders: [String] = []
        for pair in root.pairs {
            guard let key = pair.key.scalarText, !["pbl", "id", "title", "extends"].contains(key) else { continue }
            if pair.value.isScalar, let value = pair.value.scalarText, value.hasPrefix("TODO") {
                placeholders.append("\(key): \(YAMLText.quoted(value))")
            } else if pair.value.isSequence, pair.value.items.contains(where: { $0.scalarText?.hasPrefix("TODO") ?? false }) {
                placeholders.append("\(key): [" + pair.value.items.compactMap(\.scalarText).map(YAMLText.quoted).joined(separator: ", ") + "]")
            } else if pair.value.isMapping {
                let inner = pair.value.pairs.compactMap { inner -> String? in
                    guard let innerKey = inner.key.scalarText, inner.value.isScalar, let value = inner.value.scalarText,
                          value.hasPrefix("TODO") else { return nil }
                    return "  \(innerKey): \(YAMLText.quoted(value))"
                }
                if !inner.isEmpty { placeholders.append("\(key):\n" + inner.joined(separator: "\n")) }
            }
        }
        if !placeholders.isEmpty {
            text += "\n# The template's placeholders: what you write here takes the template's place.\n"
            text += placeholders.joined(separator: "\n") + "\n"
        }
        text += """

            # Any other key of the template can be changed the same way: a value here replaces
            # the template's, and cycles and milestones merge by id (`pbl templates show \(name)`).

            """
        if let start = root["calendar"]?["start"]?.scalarText {
            text += "# The template's calendar starts on \(start); write `calendar: {start: ...}` to move it.\n"
        } else {
            text += "calendar:\n  start: \(defaultStart)\n"
        }
        return StarterProject(text: text)
    }

    /// Sets `path` (dotted keys: `calendar.start`) to `value`: in place when the key is
    /// there, as a new entry at the end of its mapping when it is not.
    public mutating func set(_ path: String, to value: String) throws(Failure) {
        let keys = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !keys.isEmpty, keys.allSatisfy({ !$0.isEmpty }) else { throw .notASetting(path) }
        let root = try Self.parse(text)
        var node = root
        var keyNode: YAMLNode?
        var depth = 0
        while depth < keys.count {
            guard node.isMapping else { throw .notAMapping(path: keys[..<depth].joined(separator: ".")) }
            guard let pair = node.pairs.first(where: { $0.key.scalarEquals(keys[depth]) }) else { break }
            keyNode = pair.key
            node = pair.value
            depth += 1
        }
        var bytes = Array(text.utf8)
        if depth == keys.count, let keyNode {
            try replace(node, key: keyNode, path: path, value: value, in: &bytes)
        } else if node.collectionStyle == .flow {
            // `calendar: {start: ...}` gets `, exhibition: ...` before its closing brace.
            var close = min(node.range.end.offset, bytes.count) - 1
            while close > node.range.start.offset && bytes[close] != UInt8(ascii: "}") { close -= 1 }
            guard close > node.range.start.offset else { throw .notAMapping(path: keys[..<depth].joined(separator: ".")) }
            let entry = Self.flowEntry(Array(keys[depth...]), Self.render(value))
            bytes.insert(contentsOf: Array(((node.count > 0 ? ", " : "") + entry).utf8), at: close)
        } else {
            // Add the missing keys, nested, after the last entry of the deepest mapping there is.
            let indent: Int
            let insertAt: Int
            if let last = node.pairs.last {
                indent = last.key.start.column - 1
                insertAt = Self.endOfLine(bytes, after: last.value.range.end.offset, valueStart: last.value.range.start.offset)
            } else {
                indent = depth == 0 ? 0 : node.start.column - 1 + 2
                insertAt = bytes.count
            }
            let rendered = Self.render(value)
            var lines: [String] = []
            for (level, key) in keys[depth...].enumerated() {
                let pad = String(repeating: " ", count: indent + 2 * level)
                lines.append(level == keys.count - depth - 1 ? "\(pad)\(key): \(rendered)" : "\(pad)\(key):")
            }
            var insertion = lines.joined(separator: "\n") + "\n"
            if insertAt > 0 && bytes[insertAt - 1] != UInt8(ascii: "\n") { insertion = "\n" + insertion }
            bytes.insert(contentsOf: Array(insertion.utf8), at: insertAt)
        }
        let edited = String(decoding: bytes, as: UTF8.self)
        do throws(Failure) {
            _ = try Self.parse(edited)
        } catch {
            throw .notWritable(path: path, reason: "\(error)")
        }
        text = edited
    }

    /// Replaces the value `node` of `key` in place.
    private func replace(_ node: YAMLNode, key: YAMLNode, path: String, value: String, in bytes: inout [UInt8]) throws(Failure) {
        let range = node.range
        // An alias is the node it names, written elsewhere; an anchor or a tag would be lost.
        if range.start.offset < key.range.end.offset { throw .shared(path: path) }
        if range.start.offset < bytes.count, [UInt8(ascii: "&"), UInt8(ascii: "!"), UInt8(ascii: "*")].contains(bytes[range.start.offset]) {
            throw .shared(path: path)
        }
        let rendered = Self.render(value)
        // A collection can be replaced by a flow list (`subjects=[science, ela]`), nothing else.
        guard node.isScalar || rendered.hasPrefix("[") else { throw .notAValue(path: path) }
        if node.isNull && range.start.offset == range.end.offset {
            bytes.insert(contentsOf: Array((" " + rendered).utf8), at: range.start.offset)
            return
        }
        var end = min(range.end.offset, bytes.count)
        // Block collections and block scalars end after their last line break; keep it.
        let block = (!node.isScalar && node.collectionStyle == .block) || node.scalarStyle == .literal || node.scalarStyle == .folded
        if block {
            while end > range.start.offset && (bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: " ")) { end -= 1 }
        }
        bytes.replaceSubrange(range.start.offset..<end, with: Array(rendered.utf8))
    }

    /// `a: {b: value}` for keys [a, b].
    private static func flowEntry(_ keys: [String], _ rendered: String) -> String {
        var entry = rendered
        for key in keys.dropFirst().reversed() { entry = "{\(key): \(entry)}" }
        return "\(keys[0]): \(entry)"
    }

    /// Replaces a `# yaml-language-server: $schema=` line at the top, or adds one.
    public mutating func setSchema(_ location: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeAll { $0.hasPrefix("# yaml-language-server:") }
        text = (["# yaml-language-server: $schema=\(location)"] + lines).joined(separator: "\n")
    }

    /// The offset just past the line a block value ends on (a block collection's end mark is
    /// already at the start of the next line).
    private static func endOfLine(_ bytes: [UInt8], after offset: Int, valueStart: Int) -> Int {
        var position = min(offset, bytes.count)
        if position > valueStart, position > 0, bytes[position - 1] == UInt8(ascii: "\n") { return position }
        while position < bytes.count && bytes[position] != UInt8(ascii: "\n") { position += 1 }
        return min(position + 1, bytes.count)
    }

    private static func parse(_ text: String) throws(Failure) -> YAMLNode {
        let found: YAMLNode?
        do throws(YAMLError) {
            found = try YAMLReader(bytes: Array(text.utf8)).singleDocument()?.root
        } catch {
            throw .unreadable("\(error.range.start): \(error.message)")
        }
        guard let root = found, root.isMapping else { throw .unreadable("it is not a mapping of keys") }
        return root
    }

    /// A value as YAML: plain when it reads back as the same string, date or number, a flow
    /// list as given (`[science, ela]`), otherwise double-quoted.
    static func render(_ value: String) -> String {
        if value.hasPrefix("["), value.hasSuffix("]"), !value.contains("\n"), !value.contains("\r"),
           let parsed = try? YAMLReader(bytes: Array("v: \(value)".utf8)).singleDocument()?.root?["v"], parsed.isSequence {
            return value
        }
        // No commas: harmless quoted, but a plain one ends a value inside `{...}`.
        let plainSafe = value.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0.properties.numericType != nil || " .-_/'()?!".unicodeScalars.contains($0) }
        // YAML's indicators cannot start a plain scalar.
        if !value.isEmpty, plainSafe, value.first != " ", value.last != " ", !"-?:,[]{}#&*!|>'\"%@`".contains(value.first!),
           !["true", "false", "null", "yes", "no", "on", "off", "~"].contains(value.lowercased()) {
            return value
        }
        return YAMLText.quoted(value)
    }
}
