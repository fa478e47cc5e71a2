/// Escaping of text from input files for each output format: names and titles are the
/// teacher's and students' words, and must come out as words, never as markup.
public enum Escape {
    /// Text and attribute values in HTML. Control characters other than tab and line breaks
    /// and Unicode noncharacters are not text in HTML: they become U+FFFD.
    public static func html(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            case "\t", "\n", "\r": output.unicodeScalars.append(character)
            default: output.unicodeScalars.append(isUnprintable(character) ? "\u{FFFD}" : character)
            }
        }
        return output
    }

    /// C0 and C1 controls, DEL, and noncharacters (U+FDD0..U+FDEF, and U+xFFFE/U+xFFFF in every
    /// plane): no output format shows them, and pango refuses text that holds them.
    public static func isUnprintable(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (0x7F...0x9F).contains(value) || (0xFDD0...0xFDEF).contains(value) || value & 0xFFFE == 0xFFFE
    }

    /// Text in GitHub-flavoured Markdown, prose or table cell: pipes and backslashes escaped,
    /// the characters that start emphasis, links, code or HTML escaped, line breaks as spaces.
    public static func markdown(_ text: String) -> String {
        var output = ""
        for character in text.unicodeScalars {
            switch character {
            case "\\", "|", "*", "_", "`", "[", "]", "#", "~": output += "\\" + String(character)
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "&": output += "&amp;"
            case "\n", "\r", "\t", "\u{2028}", "\u{2029}": output += " "
            default:
                if character.value < 0x20 || (0x7F...0x9F).contains(character.value) {
                    output += " "
                } else if !Self.isBidiControl(character) {
                    output.unicodeScalars.append(isUnprintable(character) ? "\u{FFFD}" : character)
                }
            }
        }
        return output
    }

    /// Text on one line of a terminal table: control characters (which could move the
    /// cursor or change colours) become spaces.
    /// The line and paragraph separators (U+2028, U+2029) break a line as surely as a line
    /// feed does; noncharacters show as U+FFFD.
    public static func terminal(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { !isBidiControl($0) }
            .map { scalar in
                let value = scalar.value
                if value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029 { return " " }
                return isUnprintable(scalar) ? "\u{FFFD}" : scalar
            }))
    }

    /// Explicit direction embeddings, overrides and isolates: in a table or a line of text
    /// they reorder what comes after them (text in Arabic or Hebrew needs none of them).
    static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }
}

/// Columns of text: how wide a string shows in a terminal (East Asian wide characters take
/// two cells, combining marks none), so tables stay aligned with names in any script.
public enum TerminalWidth {
    public static func of(_ text: String) -> Int {
        var width = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .enclosingMark
                || value == 0x200B || value == 0x200D {
                continue
            }
            let wide = (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value) || (0xAC00...0xD7A3).contains(value)
                || (0xF900...0xFAFF).contains(value) || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
                || (0xFFE0...0xFFE6).contains(value) || (0x1F300...0x1FAFF).contains(value) || (0x20000...0x3FFFD).contains(value)
            width += wide ? 2 : 1
        }
        return width
    }

    static func pad(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - of(text)))
    }
}

/// Columns padded to their widest cell (by display width), two spaces apart; the last column
/// is not padded, so no line ends in spaces. Cells are shown as `Escape.terminal` shows them.
public enum TextTable {
    public static func render(_ rows: [[String]]) -> String {
        let shown = rows.map { $0.map(Escape.terminal) }
        let columns = shown.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in shown.map { column < $0.count ? TerminalWidth.of($0[column]) : 0 }.max() ?? 0 }
        return shown.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : TerminalWidth.pad(cell, to: widths[column]) + "  "
            }.joined()
        }.joined(separator: "\n") + "\n"
    }
}
