/// Characters a word processor puts where YAML needs plain ASCII: a non-breaking space where
/// a space is syntax (after `key:` or `- `), and curly quotes where quotes were meant. Named
/// as such, since they look just like what the line needs.
public enum Typography {
    public static let noBreakSpace: Unicode.Scalar = "\u{00A0}"
    static let curlyQuotes: Set<Unicode.Scalar> = ["\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}", "\u{201E}", "\u{00AB}", "\u{00BB}"]

    /// The text with every non-breaking space made an ordinary one.
    public static func withPlainSpaces(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == noBreakSpace ? " " : $0 }))
    }

    public static func hasNoBreakSpace(_ text: String) -> Bool { text.unicodeScalars.contains(noBreakSpace) }

    /// Text wrapped in curly quotes (“2027-03-01”), unwrapped; nil when it is not.
    public static func insideCurlyQuotes(_ text: String) -> String? {
        // Every curly quote is two or three bytes in UTF-8: text that starts with ASCII has none first.
        guard let first = text.utf8.first, first >= 0xC2 else { return nil }
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 2, let first = scalars.first, let last = scalars.last,
              curlyQuotes.contains(first), curlyQuotes.contains(last) else { return nil }
        return String(String.UnicodeScalarView(scalars.dropFirst().dropLast()))
    }

    /// Where a non-breaking space stands in for a space YAML needs: right after a `:` or a
    /// `-` at the start of an item. The byte offset of the first one in `lines` (byte ranges
    /// of whole lines), or nil.
    static func syntacticNoBreakSpace(in source: SourceText, from start: Int, to end: Int) -> Int? {
        let bytes = source.bytes
        var index = max(0, start)
        let stop = min(bytes.count - 1, end)
        while index < stop {
            // U+00A0 is C2 A0 in UTF-8.
            if bytes[index] == 0xC2 && bytes[index + 1] == 0xA0 && index > 0 {
                let before = bytes[index - 1]
                if before == UInt8(ascii: ":") || before == UInt8(ascii: "-") { return index }
            }
            index += 1
        }
        return nil
    }
}
