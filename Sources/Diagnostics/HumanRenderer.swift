import YAMLTree
/// Prints diagnostics the way compilers do, with the source line and a caret:
///
/// ```
/// projects/mill-creek.yaml:14:18: error: mapping values are not allowed here
///    14 |   title: Sampling: lab or field?
///       |                  ^
/// help: quote the value: "Sampling: lab or field?"
/// ```
/// Colour is the caller's decision (see `ColorPolicy`); the text is the same either way.
public struct HumanRenderer {
    public var useColor: Bool
    /// The text of a file a diagnostic names, for its snippet; nil shows no snippet.
    public var source: (String) -> SourceText?

    public init(useColor: Bool, source: @escaping (String) -> SourceText?) {
        self.useColor = useColor
        self.source = source
    }

    /// Longest source line shown: a longer one is shown as a window around the caret, so a
    /// file with thousands of keys on one line cannot make every finding print all of it.
    public static let maxSnippetWidth = 160
    /// Longest message, note or help shown (they quote values from the file).
    public static let maxTextLength = 400

    public func render(_ diagnostic: Diagnostic) -> String {
        var lines: [String] = []
        let label = paint(diagnostic.severity.rawValue + ":", Self.color(of: diagnostic.severity), bold: true)
        var headline = location(diagnostic.file, diagnostic.range) + label + " " + paint(Self.shown(diagnostic.message), nil, bold: true)
        if let rule = diagnostic.rule { headline += " [\(Self.shown(rule))]" }
        lines.append(headline)
        lines += snippet(diagnostic.file, diagnostic.range, color: Self.color(of: diagnostic.severity))
        for note in diagnostic.notes {
            let file = note.file ?? diagnostic.file
            // A note without a place of its own is plain text under the finding.
            lines.append((note.range == nil ? "" : location(file, note.range)) + paint("note:", .cyan, bold: true) + " " + Self.shown(note.message))
            lines += snippet(file, note.range, color: .cyan)
        }
        if let help = diagnostic.help {
            lines.append(paint("help:", .green, bold: true) + " " + Self.shown(help))
        }
        return lines.joined(separator: "\n")
    }

    /// Text from the input as a terminal or a CI log may show it: every control character
    /// (which could move the cursor, set a window title or start a new log line) and every
    /// bidirectional control becomes a visible symbol of one column, and a long text is cut.
    public static func shown(_ text: String, limit: Int = maxTextLength, keepingTabs: Bool = false) -> String {
        var result = String.UnicodeScalarView()
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit { result.append("…"); break }
            result.append(visible(scalar, keepingTabs: keepingTabs))
            count += 1
        }
        return String(result)
    }

    static func visible(_ scalar: Unicode.Scalar, keepingTabs: Bool) -> Unicode.Scalar {
        let value = scalar.value
        if keepingTabs && value == 0x09 { return scalar }
        // C0 controls as their Control Pictures (␛ for ESC, ␊ for a line feed), DEL as ␡.
        if value < 0x20 { return Unicode.Scalar(0x2400 + value)! }
        if value == 0x7F { return "\u{2421}" }
        if (0x80...0x9F).contains(value) || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
            || value == 0x2028 || value == 0x2029 {
            return "\u{FFFD}"
        }
        return scalar
    }

    private func location(_ file: String?, _ range: SourceRange?) -> String {
        guard let file else { return "" }
        let shownFile = Self.shown(file, limit: 1000)
        guard let range else { return paint(shownFile + ":", nil, bold: true) + " " }
        return paint(CellPlace.describe(shownFile, range.start) + ":", nil, bold: true) + " "
    }

    private func snippet(_ file: String?, _ range: SourceRange?, color: ANSIColor) -> [String] {
        guard let file, let range, let text = source(file), range.start.offset <= text.bytes.count,
              !text.bytes.isEmpty else { return [] }
        let whole = text.line(containing: range.start.offset)
        var column = range.start.column
        var endColumn = range.end.line == range.start.line ? range.end.column : column
        let length = whole.unicodeScalars.count
        var raw = whole
        if length > Self.maxSnippetWidth {
            // A window of the line with the caret in it, marked `…` where it is cut; cut before
            // anything else is done with the line, which may be megabytes long.
            let first = max(0, min(column - 1 - Self.maxSnippetWidth / 3, length - Self.maxSnippetWidth))
            let scalars = whole.unicodeScalars
            let from = scalars.index(scalars.startIndex, offsetBy: first)
            let to = scalars.index(from, offsetBy: min(Self.maxSnippetWidth, length - first))
            var window = String(String.UnicodeScalarView(scalars[from..<to]))
            var shift = first
            if first > 0 { window = "…" + window; shift -= 1 }
            if first + Self.maxSnippetWidth < length { window += "…" }
            raw = Substring(window)
            column -= shift
            endColumn = max(column, min(endColumn - shift, window.unicodeScalars.count + 1))
        }
        let line = Substring(Self.shown(String(raw), limit: Int.max, keepingTabs: true))
        let number = String(range.start.line)
        let gutter = String(repeating: " ", count: max(1, 5 - number.count))
        // Reproduce tabs in the caret line so the caret lands under the same character.
        var pad = ""
        var scalars = 0
        for scalar in line.unicodeScalars {
            if scalars >= column - 1 { break }
            pad.unicodeScalars.append(scalar == "\t" ? "\t" : " ")
            scalars += 1
        }
        var width = 1
        if endColumn > column {
            width = min(endColumn - column, max(1, line.unicodeScalars.count - scalars))
        }
        let marker = "^" + String(repeating: "~", count: width - 1)
        let blank = String(repeating: " ", count: gutter.count + number.count)
        return [
            paint(gutter + number + " |", .blue, bold: true) + " " + line,
            paint(blank + " |", .blue, bold: true) + " " + pad + paint(marker, color, bold: true),
        ]
    }

    enum ANSIColor: Int {
        case red = 31, green = 32, yellow = 33, blue = 34, cyan = 36
    }

    static func color(of severity: Diagnostic.Severity) -> ANSIColor {
        switch severity {
        case .error: .red
        case .warning: .yellow
        case .note: .cyan
        }
    }

    private func paint(_ text: String, _ color: ANSIColor?, bold: Bool) -> String {
        guard useColor else { return text }
        var codes: [String] = []
        if bold { codes.append("1") }
        if let color { codes.append(String(color.rawValue)) }
        return "\u{1B}[" + codes.joined(separator: ";") + "m" + text + "\u{1B}[0m"
    }
}

/// When to colour: only on a terminal, and never when `NO_COLOR` is set to anything
/// (https://no-color.org), or when `TERM` is `dumb`.
public enum ColorPolicy {
    public static func useColor(isTerminal: Bool, environment: [String: String]) -> Bool {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isTerminal
    }
}
