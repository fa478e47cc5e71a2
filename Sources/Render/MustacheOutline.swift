/// The structure of a Mustache template as swift-mustache 2.1.1 parses it: every tag's name,
/// each section's extent, and which section tags stand alone on their line.
///
/// A template is only cut into parts (see `ChecklistLayout`) where the parts, parsed on
/// their own, give the same tokens as the whole; whether a tag is standalone decides that, and
/// swift-mustache decides it in its own way (a section's closing tag hands the line state of
/// its opening tag back, a tag at the very end of the text counts as a finished line, a
/// newline is any `Character.isNewline` there but only "\n" and "\r\n" while reading text).
/// So this follows `MustacheTemplate.parse` (Template+Parser.swift) step by step rather than
/// the Mustache spec. Partials, inheritance and set delimiters are not followed: such a
/// template is rendered whole (`nil` from `init`).
struct MustacheOutline {
    enum Kind { case variable, unescaped, section, inverted }

    struct Tag {
        var kind: Kind
        var name: String
        var transforms: [String]
    }

    /// Where a section tag is, and the line it stands alone on when it does.
    struct Cut {
        /// The start of the whitespace before the tag when the parser was at a line start,
        /// else the tag itself.
        var lineStart: String.Index
        /// After the tag, and after its line's newline when it is standalone.
        var end: String.Index
        var standalone: Bool
        /// The tag is standalone and its line really starts there (swift-mustache may also
        /// call a tag standalone right after a section's closing tag in mid-line).
        var ownLine: Bool
    }

    final class Section {
        let tag: Tag
        let open: Cut
        var close: Cut
        var items: [Item]

        init(tag: Tag, open: Cut, close: Cut, items: [Item]) {
            self.tag = tag
            self.open = open
            self.close = close
            self.items = items
        }

        /// The body can be cut out: both tags on lines of their own, a plain section.
        var cuttable: Bool { tag.kind == .section && tag.transforms.isEmpty && open.ownLine && close.ownLine }
    }

    enum Item {
        case tag(Tag)
        case section(Section)

        /// Every tag in the item, sections' own tags and everything inside them.
        var tags: [Tag] {
            switch self {
            case .tag(let tag): [tag]
            case .section(let section): [section.tag] + section.items.flatMap(\.tags)
            }
        }
    }

    let text: String
    let items: [Item]

    /// Nil when the template uses what this does not follow, or does not parse.
    init?(_ text: String) {
        var parser = OutlineParser(text: text)
        guard let (items, close) = try? parser.body(section: nil, newLine: true), close == nil else { return nil }
        self.text = text
        self.items = items
    }
}

private enum OutlineError: Error { case unsupported, malformed }

/// `MustacheTemplate.parse` and the `Parser` helpers it uses, keeping positions instead of tokens.
private struct OutlineParser {
    let text: String
    var position: String.Index

    init(text: String) {
        self.text = text
        position = text.startIndex
    }

    static let nameCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*")
    static let nameCharactersWithoutBrackets = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*")
    static let textStops: Set<Character> = ["\n", "\r\n", "{"]

    var atEnd: Bool { position == text.endIndex }
    var current: Character { atEnd ? "\0" : text[position] }
    mutating func advance() { position = text.index(after: position) }

    /// The items of one section's body (or the whole template), and its closing tag.
    mutating func body(section: MustacheOutline.Tag?, newLine initialNewLine: Bool) throws -> ([MustacheOutline.Item], MustacheOutline.Cut?) {
        var items: [MustacheOutline.Item] = []
        var newLine = initialNewLine
        var lineStart = position
        while !atEnd {
            if newLine {
                lineStart = position
                skip(while: [" ", "\t"])
            }
            let textCount = try readText()
            if current.isNewline {
                newLine = true
                advance()
                continue
            }
            if textCount > 0 { newLine = false }
            if atEnd { break }
            let tagStart = text.index(position, offsetBy: -2)
            // A tag not preceded by whitespace alone at a line start has no line of its own.
            let start = newLine ? lineStart : tagStart
            var setNewLine = false
            switch current {
            case "#", "^":
                let kind: MustacheOutline.Kind = current == "#" ? .section : .inverted
                advance()
                let (name, transforms) = try name()
                let standalone = isStandalone(newLine)
                let open = cut(start, standalone)
                setNewLine = standalone
                let tag = MustacheOutline.Tag(kind: kind, name: name, transforms: transforms)
                let (children, close) = try body(section: tag, newLine: setNewLine)
                guard let close else { throw OutlineError.malformed }
                items.append(.section(MustacheOutline.Section(tag: tag, open: open, close: close, items: children)))
            case "/":
                advance()
                let (name, transforms) = try name()
                guard let section, name == section.name, transforms == section.transforms else { throw OutlineError.malformed }
                let standalone = isStandalone(newLine)
                return (items, cut(start, standalone))
            case "!":
                advance()
                try skipComment()
                setNewLine = isStandalone(newLine)
            case "{":
                advance()
                let (name, transforms) = try name()
                guard current == "}" else { throw OutlineError.malformed }
                advance()
                items.append(.tag(.init(kind: .unescaped, name: name, transforms: transforms)))
            case "&":
                advance()
                let (name, transforms) = try name()
                items.append(.tag(.init(kind: .unescaped, name: name, transforms: transforms)))
            case ">", "<", "$", "=":
                throw OutlineError.unsupported
            case "%":
                advance()
                try skipConfig()
                setNewLine = isStandalone(newLine)
            default:
                let (name, transforms) = try name()
                items.append(.tag(.init(kind: .variable, name: name, transforms: transforms)))
            }
            newLine = setNewLine
        }
        guard section == nil else { throw OutlineError.malformed }
        return (items, nil)
    }

    func cut(_ start: String.Index, _ standalone: Bool) -> MustacheOutline.Cut {
        let realLineStart = start == text.startIndex || text[text.index(before: start)].isNewline
        return .init(lineStart: start, end: position, standalone: standalone, ownLine: standalone && realLineStart)
    }

    /// `readUntilDelimiterOrNewline`: text up to a newline or `{{` (read past); its length.
    mutating func readText() throws -> Int {
        var count = 0
        while !atEnd {
            while !atEnd, !Self.textStops.contains(text[position]) {
                advance()
                count += 1
            }
            if current.isNewline { break }
            if current == "{" {
                if try read("{{") { break }
                count += 1
                advance()
            }
        }
        return count
    }

    /// `Parser.read(string:)`: runs out of text (an error there too) when fewer characters are left.
    mutating func read(_ string: String) throws -> Bool {
        guard let end = text.index(position, offsetBy: string.count, limitedBy: text.endIndex) else { throw OutlineError.malformed }
        guard text[position..<end] == string else { return false }
        position = end
        return true
    }

    mutating func skip(while characters: Set<Character>) {
        while !atEnd, characters.contains(text[position]) { advance() }
    }

    mutating func skipWhitespace() {
        while !atEnd, text[position].isWhitespace { advance() }
    }

    /// `parseName`: the name and its transforms, `first(last(items))` -> ("items", ["first", "last"]).
    mutating func name() throws -> (String, [String]) {
        skipWhitespace()
        let start = position
        skip(while: Self.nameCharacters)
        let full = String(text[start..<position])
        skipWhitespace()
        guard try read("}}") else { throw OutlineError.malformed }
        guard let bracket = full.firstIndex(of: "("),
              full[..<bracket].allSatisfy(Self.nameCharactersWithoutBrackets.contains) else {
            // No brackets; or a character the parser stops at before them (an error there).
            if full.contains("(") || full.contains(")") { throw OutlineError.malformed }
            return (full, [])
        }
        // `a(b(c))`: transforms a and b applied to c, one `)` per transform, nothing after.
        var transforms = [String(full[..<bracket])]
        var rest = full[full.index(after: bracket)...]
        while true {
            let word = rest.prefix(while: Self.nameCharactersWithoutBrackets.contains)
            rest = rest.dropFirst(word.count)
            guard let next = rest.first else { throw OutlineError.malformed }
            rest = rest.dropFirst()
            if next == "(" {
                transforms.append(String(word))
                continue
            }
            guard next == ")", rest.allSatisfy({ $0 == ")" }), rest.count + 1 == transforms.count else { throw OutlineError.malformed }
            return (String(word), transforms)
        }
    }

    /// `parseComment`: up to and past the first `}}`.
    mutating func skipComment() throws {
        while !atEnd {
            if text[position] == "}" {
                advance()
                if current == "}" {
                    advance()
                    return
                }
                continue
            }
            advance()
        }
        throw OutlineError.malformed
    }

    /// `readConfigVariable`: `{{% NAME: VALUE }}`.
    mutating func skipConfig() throws {
        skipWhitespace()
        skip(while: Self.nameCharactersWithoutBrackets)
        skipWhitespace()
        guard current == ":" else { throw OutlineError.malformed }
        advance()
        skipWhitespace()
        skip(while: Self.nameCharactersWithoutBrackets)
        skipWhitespace()
        guard try read("}}") else { throw OutlineError.malformed }
    }

    /// `isStandalone`: at a line start (as the parser keeps it) and nothing but spaces and tabs
    /// before the newline, which is then read; or at the very end of the text.
    mutating func isStandalone(_ newLine: Bool) -> Bool {
        guard newLine else { return false }
        if atEnd { return true }
        var probe = position
        while probe < text.endIndex, text[probe] == " " || text[probe] == "\t" { probe = text.index(after: probe) }
        guard probe < text.endIndex, text[probe].isNewline else { return false }
        position = text.index(after: probe)
        return true
    }
}
