import Dispatch
import Planner

extension TemplateRenderer {
    /// Renders a document whose body repeats once per item (`{{#students}}...{{/students}}`,
    /// the shape of every checklist template), with the items rendered in parallel.
    ///
    /// The output is the same as `render(name, root + [key: items])`: the template is cut
    /// into the text before the section, the section's body and the text after it (standalone
    /// tag lines removed as Mustache removes them), and each item is rendered with the root's
    /// values beneath its own, as the context stack would have them. A template that is not of
    /// that shape is rendered whole, the ordinary way.
    public func renderRepeated(_ name: String, root: [String: Any], key: String, items: [[String: Any]]) throws(TemplateError) -> String {
        var whole = root
        whole[key] = items
        guard items.count > 1, let found = source(of: name) else { return try render(name, whole) }
        let text = String(decoding: found.bytes, as: UTF8.self)
        let pragma = Self.pragma(for: Self.fileName(name), text: text)
        // A template that sets its own content type would set it in one part only.
        guard !pragma.isEmpty, let parts = Self.split(text, key: key) else { return try render(name, whole) }
        let prefix: MustacheParts
        do {
            prefix = try MustacheParts(pragma: pragma, parts: parts)
        } catch {
            // Let the ordinary path report the error with the template's own line numbers.
            return try render(name, whole)
        }
        var outputs = [String](repeating: "", count: items.count)
        let chunk = max(1, items.count / 64)
        // Contexts are values (strings, numbers, arrays, mappings) that no one changes while
        // they are read, so reading them from several threads is safe.
        let shared = ReadOnly((whole: whole, items: items))
        outputs.withUnsafeMutableBufferPointer { buffer in
            let slots = SendableBuffer(buffer)
            DispatchQueue.concurrentPerform(iterations: (items.count + chunk - 1) / chunk) { part in
                let (whole, items) = shared.value
                for index in part * chunk..<min(items.count, (part + 1) * chunk) {
                    slots.buffer[index] = prefix.body.render(whole.merging(items[index]) { _, own in own })
                }
            }
        }
        return prefix.before.render(whole) + outputs.joined() + prefix.after.render(whole)
    }

    /// The text before `{{#key}}`, its body, and the text after `{{/key}}`; nil unless there is
    /// exactly one such section and it is not nested in itself.
    static func split(_ text: String, key: String) -> (before: String, body: String, after: String)? {
        let open = "{{#\(key)}}", close = "{{/\(key)}}"
        guard let openRange = text.range(of: open), let closeRange = text.range(of: close, options: .backwards),
              openRange.upperBound <= closeRange.lowerBound else { return nil }
        let bodyText = text[openRange.upperBound..<closeRange.lowerBound]
        guard !bodyText.contains(open), !bodyText.contains(close),
              !text[closeRange.upperBound...].contains(open), !text[..<openRange.lowerBound].contains(close) else { return nil }
        let (beforeEnd, bodyStart) = standalone(text, openRange)
        let (bodyEnd, afterStart) = standalone(text, closeRange)
        return (String(text[..<beforeEnd]), String(text[bodyStart..<bodyEnd]), String(text[afterStart...]))
    }

    /// For a tag alone on its line (but for spaces), the start of its line and the start of
    /// the next; otherwise the tag's own bounds.
    private static func standalone(_ text: String, _ tag: Range<String.Index>) -> (String.Index, String.Index) {
        var lineStart = tag.lowerBound
        while lineStart > text.startIndex, text[text.index(before: lineStart)] == " " || text[text.index(before: lineStart)] == "\t" {
            lineStart = text.index(before: lineStart)
        }
        guard lineStart == text.startIndex || text[text.index(before: lineStart)] == "\n" else { return (tag.lowerBound, tag.upperBound) }
        var lineEnd = tag.upperBound
        while lineEnd < text.endIndex, text[lineEnd] == " " || text[lineEnd] == "\t" { lineEnd = text.index(after: lineEnd) }
        if lineEnd == text.endIndex { return (lineStart, lineEnd) }
        if text[lineEnd] == "\n" { return (lineStart, text.index(after: lineEnd)) }
        if text[lineEnd] == "\r", text.index(after: lineEnd) < text.endIndex, text[text.index(after: lineEnd)] == "\n" {
            return (lineStart, text.index(lineEnd, offsetBy: 2))
        }
        return (tag.lowerBound, tag.upperBound)
    }
}

private struct ReadOnly<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

private struct SendableBuffer: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<String>
    init(_ buffer: UnsafeMutableBufferPointer<String>) { self.buffer = buffer }
}
