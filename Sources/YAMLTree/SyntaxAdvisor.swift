/// Turns libyaml's problem and context into an error a teacher can act on: the message in
/// plain words where libyaml's is cryptic, the context as a note at its own place, and a
/// one-line `help` for the mistakes people actually make.
enum SyntaxAdvisor {
    static func error(problem: String, at mark: Mark, context: String?, contextMark: Mark?, source: SourceText) -> YAMLError {
        let line = String(source.line(containing: mark.offset))
        var notes: [YAMLError.Note] = []
        // libyaml's context is worth a note only where it points somewhere else
        // ("while scanning a quoted scalar" at the opening quote).
        if let context, let contextMark, contextMark.offset != mark.offset {
            notes.append(.init(message: context, range: SourceRange(at: contextMark)))
        }
        // libyaml trips over a non-breaking space a line or two after it: name it where it is.
        let from = source.startOfLine(containing: min(contextMark?.offset ?? mark.offset, mark.offset))
        if let offset = Typography.syntacticNoBreakSpace(in: source, from: from, to: mark.offset + line.utf8.count) {
            let at = source.mark(atByteOffset: offset)
            let shown = String(source.line(containing: offset))
            let space = SourceRange(start: at, end: Mark(line: at.line, column: at.column + 1, offset: offset + 2))
            return YAMLError(
                .syntax, "a non-breaking space (U+00A0) where YAML needs an ordinary space", at: SourceRange(at: at),
                help: "replace it with an ordinary space: `\(Typography.withPlainSpaces(shown).trimmingLeadingSpaces())`",
                fix: .init(title: "Replace the non-breaking space with a space", range: space, replacement: " ")
            )
        }
        if isTabProblem(problem, line: line, at: mark, source: source) {
            return YAMLError(
                .tabIndentation, "tab character used for indentation", at: SourceRange(at: mark), notes: notes,
                help: "YAML indents with spaces only: replace the tab at the start of this line with spaces",
                fix: tabFix(at: mark, source: source)
            )
        }
        let (message, help) = advice(problem: problem, context: context, line: line, source: source, mark: mark)
        let quotes = help?.hasPrefix("quote the value: ") == true ? quoteFix(at: mark, source: source) : nil
        return YAMLError(.syntax, message, at: SourceRange(at: mark), notes: notes, help: help, fix: quotes)
    }

    private static func isTabProblem(_ problem: String, line: String, at mark: Mark, source: SourceText) -> Bool {
        if problem.contains("tab character") { return true }
        let indentation = line.prefix { $0 == " " || $0 == "\t" }
        guard indentation.contains("\t") else { return false }
        // The error sits in or right after the indentation: the tab is what libyaml tripped on.
        return mark.column <= indentation.count + 1
    }

    private static func advice(problem: String, context: String?, line: String, source: SourceText, mark: Mark) -> (String, String?) {
        switch problem {
        case "mapping values are not allowed in this context":
            return ("mapping values are not allowed here", quoteSuggestion(line))
        case "could not find expected ':'":
            return ("could not find the `:` after a key",
                    "write `key: value`, with a space after the colon; or close a quote opened on an earlier line")
        case "did not find expected key":
            return ("this line does not line up with the keys above it",
                    "indent this line like the other keys of its mapping, or quote a value that starts with a special character")
        case "did not find expected '-' indicator":
            return ("this line does not line up with the list items above it",
                    "start each item of a list with `- ` at the same indentation")
        case "block sequence entries are not allowed in this context":
            return ("a list item `- ` cannot start here",
                    "put list items on their own lines, indented under their key")
        case "found unexpected end of stream":
            if let context, context.contains("quoted scalar") {
                return ("the file ends inside a quoted value", "close the quote that was opened at the place noted below")
            }
            return ("the file ends in the middle of a value", nil)
        case "did not find expected ',' or ']'":
            return ("a list in brackets is not closed or its items are not separated by commas",
                    "write `[a, b, c]`, and quote items that contain commas or brackets")
        case "did not find expected ',' or '}'":
            return ("a mapping in braces is not closed or its entries are not separated by commas",
                    "write `{key: value, other: value}`, and quote values that contain commas or braces")
        case "found unknown escape character":
            return ("unknown escape in a double-quoted value",
                    "write a backslash as `\\\\` inside double quotes, or use single quotes")
        case "found character that cannot start any token":
            let character = characterAt(mark, line: line)
            if let character, "@`".contains(character) {
                return ("`\(character)` cannot start a plain value", quoteSuggestion(line) ?? "put the value in quotes")
            }
            return (problem, "put the value in quotes")
        case "control characters are not allowed":
            return ("an invisible control character is in the text", "delete the character at this position and retype it")
        default:
            return (problem, nil)
        }
    }

    private static func characterAt(_ mark: Mark, line: String) -> Character? {
        let scalars = line.unicodeScalars
        guard mark.column >= 1, mark.column <= scalars.count else { return nil }
        return Character(scalars[scalars.index(scalars.startIndex, offsetBy: mark.column - 1)])
    }

    /// For `key: a value: with a colon`, suggests `quote the value: "a value: with a colon"`.
    /// The tabs of the line's indentation as spaces, at the tab width (2, 4 or 8) with which
    /// the text reads furthest (the whole text, when one does); none when no width reads past
    /// this line, since a fix that leaves the error where it is is no fix.
    static func tabFix(at mark: Mark, source: SourceText) -> YAMLError.Fix? {
        guard !tryingFix else { return nil }
        let start = source.startOfLine(containing: mark.offset)
        let bytes = source.bytes
        var end = start
        while end < bytes.count, bytes[end] == 0x20 || bytes[end] == 0x09 { end += 1 }
        guard bytes[start..<end].contains(0x09) else { return nil }
        let line = source.mark(atByteOffset: start).line
        var best: (reach: Int, spaces: String)?
        for width in [2, 4, 8] {
            var column = 0
            for byte in bytes[start..<end] { column = byte == 0x09 ? (column / width + 1) * width : column + 1 }
            let spaces = String(repeating: " ", count: column)
            let fixed = Array(bytes[..<start]) + Array(spaces.utf8) + Array(bytes[end...])
            guard let text = try? SourceText(bytes: fixed) else { continue }
            let reach = $tryingFix.withValue(true) { lineOfFirstError(text) }
            if reach > line, reach > (best?.reach ?? 0) { best = (reach, spaces) }
        }
        return best.map { best in
            .init(title: "Indent with spaces instead of the tab", range: SourceRange(
                start: source.mark(atByteOffset: start), end: source.mark(atByteOffset: end)), replacement: best.spaces)
        }
    }

    /// Set while a fix is tried, so that trying it does not try fixes of its own.
    @TaskLocal private static var tryingFix = false

    /// The line of the text's first error, or `Int.max` when it reads.
    private static func lineOfFirstError(_ text: SourceText) -> Int {
        do {
            _ = try YAMLReader(source: text).readAll()
            return Int.max
        } catch {
            return error.range.start.line
        }
    }

    /// The value after the line's `key: ` in double quotes, as `quoteSuggestion` says.
    static func quoteFix(at mark: Mark, source: SourceText) -> YAMLError.Fix? {
        let start = source.startOfLine(containing: mark.offset)
        let line = source.line(containing: mark.offset)
        guard let suggestion = quoteSuggestion(String(line)) else { return nil }
        let quoted = String(suggestion.dropFirst("quote the value: ".count))
        var rest = Substring(line)
        rest = rest.drop { $0 == " " || $0 == "\t" }
        while rest.hasPrefix("- ") { rest = rest.dropFirst(2).drop { $0 == " " || $0 == "\t" } }
        guard let separator = rest.range(of: ": ") else { return nil }
        let value = rest[separator.upperBound...].drop { $0 == " " || $0 == "\t" }
        let trimmed = value.trimmingTrailingSpaces()
        let from = start + line.utf8.distance(from: line.startIndex, to: value.startIndex)
        return .init(title: "Quote the value", range: SourceRange(
            start: source.mark(atByteOffset: from), end: source.mark(atByteOffset: from + trimmed.utf8.count)), replacement: quoted)
    }

    static func quoteSuggestion(_ line: String) -> String? {
        var rest = Substring(line.trimmingLeadingSpaces())
        while rest.hasPrefix("- ") { rest = Substring(rest.dropFirst(2).trimmingLeadingSpaces()) }
        guard let separator = rest.range(of: ": ") else { return nil }
        let value = rest[separator.upperBound...].trimmingLeadingSpaces().trimmingTrailingSpaces()
        guard !value.isEmpty, !value.hasPrefix("\""), !value.hasPrefix("'") else { return nil }
        let escaped = value.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"")
        return "quote the value: \"\(escaped)\""
    }
}

extension StringProtocol {
    func trimmingLeadingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" })
    }

    func trimmingTrailingSpaces() -> String {
        var result = String(self)
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return result
    }

    func replacingAll(_ target: String, with replacement: String) -> String {
        var result = ""
        var rest = Substring(self)
        while let found = rest.range(of: target) {
            result += rest[..<found.lowerBound]
            result += replacement
            rest = rest[found.upperBound...]
        }
        return result + rest
    }

    func range(of target: String) -> Range<Index>? {
        guard !target.isEmpty else { return nil }
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(target) {
                return index..<self.index(index, offsetBy: target.count)
            }
            index = self.index(after: index)
        }
        return nil
    }
}
