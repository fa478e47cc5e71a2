import YAMLTree

/// A standards catalog: the codes a project may promise, with a short summary of each.
public struct Catalog: Sendable {
    public var file: String
    public var range: SourceRange
    public var id: Located<String>?
    public var title: Located<String>?
    public var source: Located<String>?
    public var version: Located<String>?
    public var standards: [Standard] = []
}

public struct Standard: Sendable {
    public var range: SourceRange
    public var code: Located<String>?
    public var grade: Located<Grade>?
    public var subject: Located<String>?
    public var text: Located<String>?
    /// The code of the standard this one is part of (`W.7.1` for `W.7.1a`).
    public var parent: Located<String>?
}

/// Standard codes as people write them, reduced to one form for matching:
/// `W.7.1a`, `W.7.1.a`, `w.7.1A` and `CCSS.ELA-Literacy.W.7.1.a` are one code, while
/// grade bands such as `RL.9-10.1` and `K-2-ETS1-1` keep their hyphens.
public enum StandardCode {
    private static let prefixes = ["ccss.ela-literacy.", "ccss.math.content.", "ccss.math.practice.", "ccss.math.", "ccss.", "ngss."]

    public static func normalize(_ code: String) -> String {
        var text = code.lowercased().filter { !$0.isWhitespace }
        for prefix in prefixes where text.hasPrefix(prefix) {
            text.removeFirst(prefix.count)
            break
        }
        // Mathematical practices: `MP.1`, `MP1` and `CCSS.Math.Practice.MP1` are one code.
        if text.hasPrefix("mp.") { text.remove(at: text.index(text.startIndex, offsetBy: 2)) }
        // `1.a` -> `1a`: a dot between a number and a single trailing sub-letter is noise.
        var result = ""
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            if character == ".", index > 0, characters[index - 1].isNumber, index + 1 < characters.count,
               characters[index + 1].isLetter, index + 2 == characters.count || !characters[index + 2].isLetter {
                continue
            }
            result.append(character)
        }
        return result
    }
}
