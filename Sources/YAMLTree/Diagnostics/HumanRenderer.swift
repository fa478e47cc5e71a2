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

    public func render(_ diagnostic: Diagnostic) -> String {
        var lines: [String] = []
        let label = paint(diagnostic.severity.rawValue + ":", Self.color(of: diagnostic.severity), bold: true)
        var headline = location(diagnostic.file, diagnostic.range) + label + " " + paint(diagnostic.message, nil, bold: true)
        if let rule = diagnostic.rule { headline += " [\(rule)]" }
        lines.append(headline)
        lines += snippet(diagnostic.file, diagnostic.range, color: Self.color(of: diagnostic.severity))
        for note in diagnostic.notes {
            let file = note.file ?? diagnostic.file
            // A note without a place of its own is plain text under the finding.
            lines.append((note.range == nil ? "" : location(file, note.range)) + paint("note:", .cyan, bold: true) + " " + note.message)
            lines += snippet(file, note.range, color: .cyan)
        }
        if let help = diagnostic.help {
            lines.append(paint("help:", .green, bold: true) + " " + help)
        }
        return lines.joined(separator: "\n")
    }

    private func location(_ file: String?, _ range: SourceRange?) -> String {
        guard let file else { return "" }
        guard let range else { return paint(file + ":", nil, bold: true) + " " }
        return paint(CellPlace.describe(file, range.start) + ":", nil, bold: true) + " "
    }

    private func snippet(_ file: String?, _ range: SourceRange?, color: ANSIColor) -> [String] {
        guard let file, let range, let text = source(file), range.start.offset <= text.bytes.count,
              !text.bytes.isEmpty else { return [] }
        let line = text.line(containing: range.start.offset)
        let number = String(range.start.line)
        let gutter = String(repeating: " ", count: max(1, 5 - number.count))
        // Reproduce tabs in the caret line so the caret lands under the same character.
        var pad = ""
        var scalars = 0
        for scalar in line.unicodeScalars {
            if scalars >= range.start.column - 1 { break }
            pad.unicodeScalars.append(scalar == "\t" ? "\t" : " ")
            scalars += 1
        }
        var width = 1
        if range.end.line == range.start.line, range.end.column > range.start.column {
            width = min(range.end.column - range.start.column, max(1, line.unicodeScalars.count - scalars))
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
