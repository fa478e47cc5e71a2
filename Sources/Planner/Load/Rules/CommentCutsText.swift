import Diagnostics
import YAMLTree
import PlannerModel

extension Rules {
    public static let commentCutsText = RuleInfo(
        id: "comment-cuts-text", severity: .warning,
        summary: "A ` #` in an unquoted value starts a comment, cutting the value short.",
        explanation: """
            In YAML a `#` after a space starts a comment, so `title: Floor plan #1 (draft)` is \
            the title `Floor plan`. A comment written on purpose has a space after the `#`; \
            when the `#` runs straight into text (`#1`, `#hashtag`), pbl takes it for part of the \
            value and shows the quoted form that keeps it.
            """
    )
}

/// Plain values followed on their line by ` #text`: read in the source, since the tree has
/// no comments. Only the file's own nodes, where its source is at hand.
public enum CommentCutsText {
    public static func check(_ root: YAMLNode, source: SourceText, file: String, _ sink: inout DiagnosticSink) {
        // The key's node, not its text: the text is made only for a finding.
        var stack: [(node: YAMLNode, key: YAMLNode?)] = [(root, nil)]
        var seen = NodeSet(for: root)
        let bytes = source.bytes
        while let (node, keyNode) = stack.popLast() {
            if node.isMapping {
                guard seen.insert(node) else { continue }
                for pair in node.pairs { stack.append((pair.value, pair.key)) }
            } else if node.isSequence {
                guard seen.insert(node) else { continue }
                for item in node.items { stack.append((item, nil)) }
            } else if node.scalarStyle == .plain {
                // What follows the value on its line is looked at first: nearly always not ` #`.
                var index = node.range.end.offset
                guard index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09,
                      !node.isNull, node.sourceName == nil || node.sourceName == file else { continue }
                while index < bytes.count && (bytes[index] == 0x20 || bytes[index] == 0x09) { index += 1 }
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "#"),
                      ![0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "#")].contains(bytes[index + 1]) else { continue }
                var end = index
                while end < bytes.count && bytes[end] != 0x0A && bytes[end] != 0x0D { end += 1 }
                let key = keyNode?.scalarText
                let value = node.scalarText ?? ""
                let comment = String(decoding: bytes[index..<end], as: UTF8.self)
                let whole = value + String(decoding: bytes[node.range.end.offset..<end], as: UTF8.self)
                let quoted = "\"" + whole.flatMap { $0 == "\\" || $0 == "\"" ? "\\\($0)" : "\($0)" } + "\""
                let cut = node.range.end
                let lineEnd = Mark(line: cut.line, column: cut.column + String(decoding: bytes[cut.offset..<end], as: UTF8.self).unicodeScalars.count,
                                   offset: end)
                sink.report(Rules.commentCutsText, "`\(comment)` starts a YAML comment, so \(key.map { "`\($0)`" } ?? "this item") is only `\(value)`",
                            at: node.range, in: file, help: "quote the value to keep it whole: `\(key.map { "\($0): " } ?? "- ")\(quoted)`",
                            fixes: [.replace(SourceRange(start: node.range.start, end: lineEnd), with: quoted, title: "Quote the value to keep it whole")])
            }
        }
    }
}
