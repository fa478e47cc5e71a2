import Mustache

/// A checklist template cut where it repeats: the text before and after `{{#students}}`, and
/// inside it pieces of text between the sections that repeat per cycle (`{{#cycles}}`), per
/// item and per reflection (`{{#items}}`, `{{#reflections}}`).
///
/// A piece is rendered by swift-mustache on its own, with the context stack the whole
/// template would have there (see `wrapped`), and its output is reused for every student
/// whose values of the names the piece uses are the same. Which level of the stack (student,
/// cycle, item) a name comes from is known from the template alone, because every record of
/// a kind has the same names (`TemplateRecord`). So a piece that only uses an item's names
/// is rendered once per distinct item, whoever the student; one that also uses `{{name}}`
/// depends on the student too (and is still shared, through `StudentShape`).
///
/// A section is cut only where the parts, parsed on their own, give the tokens the whole
/// template gives (both its tags alone on their lines, see `MustacheOutline`). A template
/// that cannot be cut so, or that uses what the cutting does not follow (partials, set
/// delimiters, a transform of the loop position such as `{{index()}}`), has no layout and is
/// rendered whole.
struct ChecklistLayout {
    /// Names the root of a piece's rendering gives the student, cycle and leaf records by
    /// (`PieceRoot`); a template that uses them is rendered whole.
    static let reserved = ["_pbl_student", "_pbl_cycle", "_pbl_leaf"]

    struct Piece {
        /// The piece's text, to be wrapped in the sections that rebuild its context stack.
        var text: Substring
        /// The record kinds of the stack from the student down to the piece's own level.
        var chain: [RecordKind]
    }

    /// A body as a tree while it is cut; walked as `steps`.
    private indirect enum Node {
        case piece(Int)
        /// A section repeated for each record (of `kind`) of a field of the current record.
        case repeated(kind: RecordKind, body: [Node])
    }

    /// A body's step: a piece, or (`piece` -1) a repeat of body `body` for each record of
    /// kind `repeats` (cycles of the student, items or reflections of the cycle).
    struct Step {
        var piece: Int
        var repeats: RecordKind
        var body: Int
    }

    /// The document's text before and after the students section.
    let before: Substring
    let after: Substring
    private(set) var pieces: [Piece] = []
    /// By piece: whether it depends on the student (bit 0), the cycle (1) and the leaf (2).
    private(set) var depends: [UInt8] = []
    /// The bodies as flat lists of steps, walked once per student: `bodies[0]` is the
    /// student's, each a range of `steps`.
    private(set) var steps: [Step] = []
    private(set) var bodies: [Range<Int>] = []
    /// The fields a piece looks up, by record kind (`RecordKind.rawValue`).
    private(set) var used = Array(repeating: FieldMask.none, count: RecordKind.allCases.count)
    /// The document-level text outside the students section uses `students`.
    private(set) var outsideUsesStudents = false
    /// No transform in the students section: the student's own texts may be stood in for by
    /// markers (transforms could change the marker, not the text it stands for).
    private(set) var slottable = true
    /// `goals` is never printed as a whole list (that prints the texts quoted, and escaped).
    private(set) var goalsSlottable = true

    init?(_ text: String) {
        guard let outline = MustacheOutline(text) else { return nil }
        var found: MustacheOutline.Section?
        for item in outline.items {
            guard case .section(let section) = item, section.tag.name == "students", section.cuttable else { continue }
            guard found == nil else { return nil }
            found = section
        }
        guard let students = found else { return nil }
        before = text[..<students.open.lineStart]
        after = text[students.close.end...]
        for item in outline.items {
            if case .section(let section) = item, section === students { continue }
            outsideUsesStudents = outsideUsesStudents || item.tags.contains { Self.first(of: $0.name) == "students" }
        }
        guard let nodes = try? nodes(students.items, text: text[students.open.end..<students.close.lineStart], chain: [.student])
        else { return nil }
        _ = flatten(nodes)
    }

    /// Puts a body's steps in `steps` (its repeated bodies after it); its index in `bodies`.
    private mutating func flatten(_ nodes: [Node]) -> Int {
        let index = bodies.count
        bodies.append(0..<0)
        let own = nodes.map { node in
            switch node {
            case .piece(let piece): Step(piece: piece, repeats: .document, body: -1)
            case .repeated(let kind, let body): Step(piece: -1, repeats: kind, body: flatten(body))
            }
        }
        bodies[index] = steps.count..<steps.count + own.count
        steps += own
        return index
    }

    /// The nodes of a section body at the level whose record kinds are `chain` (innermost last).
    private mutating func nodes(_ items: [MustacheOutline.Item], text: Substring, chain: [RecordKind]) throws -> [Node] {
        let splits: [String: RecordKind] = switch chain.last {
        case .student: ["cycles": .cycle]
        case .cycle: ["items": .item, "reflections": .reflection]
        default: [:]
        }
        var nodes: [Node] = []
        var start = text.startIndex
        var tags: [MustacheOutline.Tag] = []
        for item in items {
            if case .section(let section) = item, section.cuttable, let kind = splits[section.tag.name] {
                try addPiece(text[start..<section.open.lineStart], tags: tags, chain: chain, to: &nodes)
                tags = []
                let inner = text.base[section.open.end..<section.close.lineStart]
                nodes.append(.repeated(kind: kind, body: try self.nodes(section.items, text: inner, chain: chain + [kind])))
                start = section.close.end
            } else {
                tags += item.tags
            }
        }
        try addPiece(text[start...], tags: tags, chain: chain, to: &nodes)
        return nodes
    }

    private struct Unsupported: Error {}

    /// Notes which level each name of the piece comes from, and which fields it uses.
    private mutating func addPiece(_ text: Substring, tags: [MustacheOutline.Tag], chain: [RecordKind], to nodes: inout [Node]) throws {
        guard !text.isEmpty else { return }
        // `{{.}}` and `{{.name}}` start from the piece's own record: it always matters.
        var depends: UInt8 = 1 << (chain.count - 1)
        for tag in tags {
            if !tag.transforms.isEmpty {
                // `{{first()}}` asks for the loop position, which a piece rendered alone does not have.
                if tag.name.isEmpty { throw Unsupported() }
                slottable = false
            }
            guard let first = Self.first(of: tag.name) else { continue }
            if Self.reserved.contains(first) { throw Unsupported() }
            if tag.name.hasPrefix("."), let field = chain.last!.index(of: first) { used[chain.last!.rawValue].insert(field) }
            // Names are looked up from the innermost record outwards, the document last.
            if let level = chain.indices.reversed().first(where: { chain[$0].index(of: first) != nil }) {
                depends |= 1 << level
                used[chain[level].rawValue].insert(chain[level].index(of: first)!)
                if chain[level] == .student, first == "goals", tag.kind == .variable || tag.kind == .unescaped { goalsSlottable = false }
            } else if let field = RecordKind.document.index(of: first) {
                used[RecordKind.document.rawValue].insert(field)
            }
        }
        pieces.append(Piece(text: text, chain: chain))
        self.depends.append(depends)
        nodes.append(.piece(pieces.count - 1))
    }

    /// The first name of a dotted name (`a` of `a.b`); nil for `.` alone.
    static func first(of name: String) -> String? {
        name.split(separator: ".").first.map(String.init)
    }

    /// A piece in sections that put, under the document, the student, cycle and leaf records
    /// the root gives for the reserved names, as the whole template's stack has them. Each
    /// wrapping tag stands on its own line, and the piece starts and ends at line starts, so
    /// the piece parses as it does in the whole template.
    func wrapped(_ piece: Piece, pragma: String) throws -> MustacheTemplate {
        let names = Self.reserved.prefix(piece.chain.count)
        let open = names.map { "{{#\($0)}}\n" }.joined()
        let close = names.reversed().map { "{{/\($0)}}\n" }.joined()
        return try MustacheTemplate(string: pragma + open + piece.text + close)
    }
}

/// The root of a piece's rendering: the document, and the records of the levels above the
/// piece under the reserved names.
struct PieceRoot: MustacheParent {
    let document: TemplateRecord
    let levels: [TemplateRecord]

    func child(named name: String) -> Any? {
        if let level = ChecklistLayout.reserved.firstIndex(of: name) { return level < levels.count ? levels[level] : nil }
        return document.child(named: name)
    }
}
