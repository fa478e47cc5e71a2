import Mustache
import Diagnostics
import YAMLTree

/// A render template's mistake in the words of the person who wrote it, at its line and
/// column: `{{/cycles}}` closes a section, but the open one is `{{#items}}`, rather than
/// swift-mustache's `sectionCloseNameIncorrect`. Used by `pbl validate` and by every command
/// that renders, so both say the same.
public struct TemplateProblem: Sendable, Equatable {
    /// Where in the template's own text (line and column in Unicode scalars, offset in bytes).
    public var range: SourceRange
    public var message: String
    public var help: String?
    /// Another place the message names (the section left open), with what it is.
    public var related: Diagnostic.Note?

    init(range: SourceRange, message: String, help: String? = nil, related: Diagnostic.Note? = nil) {
        self.range = range
        self.message = message
        self.help = help
        self.related = related
    }
}

enum TemplateSyntax {
    /// Whether a template has nothing to print: empty, or only spaces, line breaks and a BOM.
    static func isBlank(_ bytes: [UInt8]) -> Bool {
        String(decoding: bytes, as: UTF8.self).unicodeScalars.allSatisfy { $0.properties.isWhitespace || $0 == "\u{FEFF}" }
    }

    /// What `pbl validate` and the renderers say about a blank template.
    static func blank(fileName: String) -> TemplateProblem {
        let name = fileName.hasSuffix(".mustache") ? String(fileName.dropLast(9)) : fileName
        return TemplateProblem(
            range: .fileStart, message: "the template is empty: pbl would print empty pages from it",
            help: "write the template, or start again from the one it replaces: `pbl templates show render/\(name) -o FILE`; "
                + "remove the file to use that one as it is")
    }

    /// The template's syntax mistake, or nil when swift-mustache reads it. `fileName` decides
    /// the content type line put before it, as when it is rendered.
    static func problem(in text: String, fileName: String) -> TemplateProblem? {
        TemplateRenderer.registerContentTypes()
        // swift-mustache counts a column back to the last "\n" only, so a template saved with
        // Windows line breaks has its columns counted from the top: the copy read for the
        // error's place has every line break as "\n", one character for one, so positions
        // in it are positions in the template.
        let characters = text.map { $0.isNewline ? "\n" : $0 }
        let pragma = TemplateRenderer.pragma(for: fileName, text: text)
        do {
            _ = try MustacheTemplate(string: pragma + String(characters))
            return nil
        } catch let error as MustacheTemplate.ParserError {
            let template = TemplateText(text)
            let line = error.context.lineNumber - (pragma.isEmpty ? 0 : 1)
            return describe(error.error, at: template.index(line: line, column: error.context.columnNumber), in: template)
        } catch {
            return TemplateProblem(range: .fileStart, message: "swift-mustache cannot read the template: \(error)")
        }
    }

    private static func describe(_ error: Error, at position: Int, in text: TemplateText) -> TemplateProblem {
        let scan = TagScan(text.characters, upTo: position)
        let tag = scan.last
        let here = text.range(position, position)
        let tagRange = tag.map { text.range($0.start, $0.end) } ?? here
        let shown = tag.map { text.excerpt($0.start, $0.end) } ?? ""
        guard let error = error as? MustacheTemplate.Error else {
            // The parser's own `overflow`: the text ended inside a tag.
            if let tag, tag.kind == "=" { return describe(MustacheTemplate.Error.invalidSetDelimiter, at: position, in: text) }
            if let tag, tag.kind == "!" {
                return TemplateProblem(range: tagRange, message: "the comment `\(shown)` is never closed",
                                       help: "end it with `\(scan.close)`")
            }
            return TemplateProblem(range: tagRange, message: tag.map { _ in "the template ends inside the tag `\(shown)`" }
                                   ?? "the template ends inside a tag", help: "end the tag with `\(scan.close)`")
        }
        switch error {
        case .sectionCloseNameIncorrect:
            guard let tag else { break }
            let closing = "`\(shown)`"
            guard let open = scan.openBeforeLast.last else {
                return TemplateProblem(range: tagRange, message: "\(closing) closes a section, but no section is open here",
                                       help: "remove it, or open the section before it with `\(scan.open)#\(tag.name)\(scan.close)`")
            }
            let openText = text.excerpt(open.start, open.end)
            let openLine = text.range(open.start, open.end)
            var help = "close `\(openText)` first, with `\(open.closeTag)`"
            if !scan.openBeforeLast.contains(where: { $0.name == tag.name }) {
                help = "close `\(openText)` with `\(open.closeTag)`; no section named `\(tag.name)` is open"
            }
            return TemplateProblem(range: tagRange,
                                   message: "\(closing) closes a section, but the open one is `\(openText)` (line \(openLine.start.line))",
                                   help: help, related: Diagnostic.Note(message: "the open section starts here", range: openLine))
        case .expectedSectionEnd:
            let all = TagScan(text.characters, upTo: text.characters.count)
            guard let open = all.openAtEnd.last else { break }
            let openText = text.excerpt(open.start, open.end)
            return TemplateProblem(range: text.range(open.start, open.end), message: "`\(openText)` opens a section that is never closed",
                                   help: "end it with `\(open.closeTag)` where the section ends")
        case .unfinishedName:
            guard let tag else { break }
            if !tag.closed {
                return TemplateProblem(range: tagRange, message: "the tag `\(shown)` is not closed", help: "end it with `\(tag.expectedClose)`")
            }
            if tag.kind == "{", !tag.tripleClosed {
                return TemplateProblem(range: tagRange, message: "`\(shown)` opens with three braces but closes with two",
                                       help: "write `\(scan.open){\(tag.name)}\(scan.close)`, or `\(scan.open)\(tag.name)\(scan.close)` to escape the value as usual")
            }
            if tag.name.contains("(") || tag.name.contains(")") {
                return TemplateProblem(range: tagRange, message: "`\(shown)` is not a transform swift-mustache reads",
                                       help: "a transform is written `\(scan.open)transform(name)\(scan.close)`, like `\(scan.open)uppercased(title)\(scan.close)`, each `(` closed by a `)`")
            }
            return TemplateProblem(range: tagRange, message: "`\(shown)` is not a name a tag can have",
                                   help: "names are letters, digits and `.` `-` `_` `?`, with no spaces inside (`\(scan.open)project_title\(scan.close)`)")
        case .invalidSetDelimiter:
            return TemplateProblem(range: tagRange, message: "`\(shown)` does not set delimiters",
                                   help: "name the new opening and closing delimiters, a space between them, inside `=` signs: `\(scan.open)=<% %>=\(scan.close)`")
        case .transformAppliedToInheritanceSection:
            return TemplateProblem(range: tagRange, message: "the block `\(shown)` has a transform, which blocks cannot have",
                                   help: "write the block as `\(scan.open)$name\(scan.close)`")
        case .illegalTokenInsideInheritSection, .textInsideInheritSection:
            let parent = scan.openBeforeLast.last { $0.kind == "<" }
            let name = parent.map { "`\(text.excerpt($0.start, $0.end))`" } ?? "a `\(scan.open)<partial\(scan.close)`"
            return TemplateProblem(range: parent.map { text.range($0.start, $0.end) } ?? tagRange,
                                   message: "inside \(name) there is more than blocks",
                                   help: "between `\(scan.open)<partial\(scan.close)` and its close stand only blocks (`\(scan.open)$name\(scan.close)...\(scan.open)/name\(scan.close)`) and blank lines")
        case .invalidConfigVariableSyntax:
            return TemplateProblem(range: tagRange, message: "`\(shown)` is not a setting swift-mustache reads",
                                   help: "a setting is written `\(scan.open)% CONTENT_TYPE: HTML\(scan.close)`")
        case .unrecognisedConfigVariable:
            let parts = tag?.name.split(separator: ":", maxSplits: 1).map { String($0).trimmed } ?? []
            if parts.first == "CONTENT_TYPE", let value = parts.last {
                return TemplateProblem(range: tagRange, message: "`\(value)` is not a content type",
                                       help: "content types: HTML, MARKDOWN, PLAINTEXT, TEXT")
            }
            return TemplateProblem(range: tagRange, message: "`\(shown)` is not a setting",
                                   help: "the one setting is CONTENT_TYPE: `\(scan.open)% CONTENT_TYPE: HTML\(scan.close)`")
        }
        return TemplateProblem(range: here, message: "swift-mustache cannot read the template here (\(error))")
    }
}

/// The template's characters, and their places as diagnostics give them.
private struct TemplateText {
    let characters: [Character]

    init(_ text: String) { characters = Array(text) }

    /// The index of a 1-based line and column (in characters, as swift-mustache counts).
    func index(line: Int, column: Int) -> Int {
        var current = 1, index = 0
        while current < line, index < characters.count {
            if characters[index].isNewline { current += 1 }
            index += 1
        }
        return min(characters.count, index + max(0, column - 1))
    }

    /// The marks of two indices: lines by line breaks, columns in Unicode scalars, offsets in bytes.
    func range(_ start: Int, _ end: Int) -> SourceRange {
        var line = 1, column = 1, offset = 0
        var marks: [Mark] = []
        for (index, character) in characters.enumerated() where index <= end {
            if index == start { marks.append(Mark(line: line, column: column, offset: offset)) }
            if index == end { break }
            offset += character.utf8.count
            if character.isNewline {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        let last = Mark(line: line, column: column, offset: offset)
        while marks.count < 2 { marks.append(last) }
        return SourceRange(start: marks[0], end: start == end ? marks[0] : marks[1])
    }

    /// The text from `start` to `end` on its first line, cut after 60 characters.
    func excerpt(_ start: Int, _ end: Int) -> String {
        var text = String(characters[start..<min(end, characters.count)].prefix { !$0.isNewline })
        if text.count > 60 { text = String(text.prefix(59)) + "…" }
        return text
    }
}

/// The tags of a template as swift-mustache reads them (delimiters, triple braces, comments,
/// set-delimiter tags), and the sections open where a mistake was found.
private struct TagScan {
    struct Tag {
        var start: Int
        var end: Int
        /// `#`, `^`, `/`, `!`, `{`, `&`, `>`, `<`, `$`, `=`, `%`, or nil for a variable.
        var kind: Character?
        /// What stands between the sigil and the closing delimiter, trimmed.
        var name: String
        var closed: Bool
        var tripleClosed: Bool
        var open: String
        var close: String

        var closeTag: String { "\(open)/\(name)\(close)" }
        var expectedClose: String { kind == "{" ? "}" + close : close }
    }

    private(set) var last: Tag?
    /// The sections open before `last`, outermost first.
    private(set) var openBeforeLast: [Tag] = []
    /// The sections still open where the scan stopped.
    private(set) var openAtEnd: [Tag] = []
    /// The delimiters in use where the scan stopped.
    private(set) var open = "{{", close = "}}"

    /// Reads the tags that start before `limit`.
    init(_ characters: [Character], upTo limit: Int) {
        var position = 0
        var stack: [Tag] = []
        while let start = Self.find(Array(open), in: characters, from: position), start < limit {
            var tag = Tag(start: start, end: characters.count, kind: nil, name: "", closed: false, tripleClosed: false, open: open, close: close)
            var index = start + open.count
            if index < characters.count, "#^/!{&><$=%".contains(characters[index]) {
                tag.kind = characters[index]
                index += 1
            }
            // A comment may run over lines; every other tag ends on its own line.
            let closing = Array(tag.kind == "=" ? "=" + close : close)
            var end = Self.find(closing, in: characters, from: index)
            if tag.kind != "!", let found = end, characters[index..<found].contains(where: \.isNewline) { end = nil }
            if let end {
                tag.name = String(characters[index..<end]).trimmed
                tag.closed = true
                tag.end = end + closing.count
                if tag.kind == "{", tag.end < characters.count, characters[tag.end] == "}" {
                    tag.tripleClosed = true
                    tag.end += 1
                }
            } else {
                let lineEnd = characters[index...].firstIndex(where: \.isNewline) ?? characters.count
                tag.name = String(characters[index..<lineEnd]).trimmed
                tag.end = lineEnd
            }
            last = tag
            openBeforeLast = stack
            switch tag.kind {
            case "#", "^", "$", "<": stack.append(tag)
            case "/": if stack.last?.name == tag.name { stack.removeLast() }
            case "=":
                let parts = tag.name.split(whereSeparator: \.isWhitespace)
                if tag.closed, parts.count == 2 {
                    open = String(parts[0])
                    close = String(parts[1])
                }
            default: break
            }
            position = max(tag.end, start + 1)
        }
        openAtEnd = stack
    }

    private static func find(_ needle: [Character], in characters: [Character], from start: Int) -> Int? {
        guard !needle.isEmpty, needle.count <= characters.count else { return nil }
        var index = start
        while index + needle.count <= characters.count {
            if characters[index] == needle[0], Array(characters[index..<index + needle.count]) == needle { return index }
            index += 1
        }
        return nil
    }
}

extension String {
    fileprivate var trimmed: String {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text.removeFirst() }
        while text.last?.isWhitespace == true { text.removeLast() }
        return String(text)
    }
}
