import Mustache

/// The levels of a checklist's context stack, outermost first: what a piece of the template
/// is rendered for, and where the names it looks up are found.
enum Level: Int, Comparable {
    case document, student, cycle, leaf
    /// A record inside a piece's own: an option, a standard, a line, a no-school day.
    case inner

    static func < (left: Level, right: Level) -> Bool { left.rawValue < right.rawValue }
}

/// The levels a rendering read a value from.
struct ReadLevels: OptionSet, Hashable {
    let rawValue: UInt8
    static let student = ReadLevels(rawValue: 1 << 0)
    static let cycle = ReadLevels(rawValue: 1 << 1)

    /// The levels above `level` a piece of that level may read.
    static func above(_ level: Level) -> ReadLevels {
        switch level {
        case .document, .student, .inner: []
        case .cycle: .student
        case .leaf: [.student, .cycle]
        }
    }
}

/// The lists a checklist repeats, each the field of a record of the level above its elements.
enum ListKind: Hashable {
    case students, cycles, items, reflections

    init?(_ name: String, at level: Level) {
        switch (level, name) {
        case (.document, "students"): self = .students
        case (.student, "cycles"): self = .cycles
        case (.cycle, "items"): self = .items
        case (.cycle, "reflections"): self = .reflections
        default: return nil
        }
    }

    var name: String {
        switch self {
        case .students: "students"
        case .cycles: "cycles"
        case .items: "items"
        case .reflections: "reflections"
        }
    }

    var elementLevel: Level {
        switch self {
        case .students: .student
        case .cycles: .cycle
        case .items, .reflections: .leaf
        }
    }
}

/// What one rendering asked of its records: the levels that answered, and the list sections
/// it met, whose bodies swift-mustache hands to a lambda (`Observed`). Anything the pieces
/// cannot reproduce marks it `unsupported`, and the class is rendered whole.
final class RenderLog {
    var read: ReadLevels = []
    /// The list sections met, in the order of their markers in the output, with their bodies.
    var lists: [(kind: ListKind, body: String)] = []
    /// Lookups answered with a list's lambda: each must be a section that calls it once.
    var listLookups = 0
    var unsupported = false
    /// The last name asked, and of which level: a lookup goes from the innermost record out.
    var lastAsked: (level: Level, name: String)?
}

/// A record as one rendering sees it: lookups are noted in the rendering's log, and a list of
/// the record's level is answered with a lambda, which swift-mustache calls with the section's
/// body as it parsed it and whose result (`ListPlaceholder`) stands where the list goes.
struct Observed: MustacheParent, CustomStringConvertible {
    let record: TemplateRecord
    let level: Level
    let log: RenderLog

    /// As `TemplateRecord`'s: `{{.}}` on a mapping prints nothing.
    var description: String { "" }

    func child(named name: String) -> Any? {
        // A list looked up from inside a deeper record's section (`{{#items}}` in an item) has
        // other records on the stack than its pieces would.
        let fromDeeper = log.lastAsked.map { $0.name == name && $0.level > level } ?? false
        log.lastAsked = (level, name)
        if let list = ListKind(name, at: level) {
            if fromDeeper { log.unsupported = true }
            log.listLookups += 1
            let log = log
            return MustacheLambda { body in
                log.lists.append((list, body))
                return ListPlaceholder()
            }
        }
        guard let value = record.child(named: name) else { return nil }
        switch level {
        case .student: log.read.insert(.student)
        case .cycle: log.read.insert(.cycle)
        default: break
        }
        switch value {
        case let record as TemplateRecord: return Observed(record: record, level: .inner, log: log)
        case let records as [TemplateRecord]: return records.map { Observed(record: $0, level: .inner, log: log) }
        case var text as StudentText:
            text._pbl_log = log
            return text
        case var texts as StudentTexts:
            texts.log = log
            return texts
        default: return value
        }
    }
}

/// Where a list section's output goes in a piece's: its marker, printed raw (a lambda's result).
struct ListPlaceholder: CustomStringConvertible {
    var description: String { StudentShape.listMarker }
}

/// A student's own text in a piece: its marker, printed and taken as a section as the text
/// would be. (The stored names start `_pbl_`, which no template that is cut uses, so that
/// swift-mustache's reflection finds nothing in them.)
struct StudentText: MustacheCustomRenderable, MustacheTransformable {
    let _pbl_marker: String
    var _pbl_log: RenderLog?

    init(marker: String) { _pbl_marker = marker }

    var renderText: String { _pbl_marker }
    var isNull: Bool { false }

    /// A transform would change the text, not the marker.
    func transform(_ name: String) -> Any? {
        _pbl_log?.unsupported = true
        return nil
    }
}

/// A student's goals in a piece: a list of markers. Printed as a whole (quoted) or transformed,
/// it would not be what the texts give.
struct StudentTexts: MustacheSequence, MustacheTransformable, CustomStringConvertible {
    var texts: [StudentText]
    var log: RenderLog?

    func makeIterator() -> IndexingIterator<[StudentText]> {
        texts.map { text in
            var text = text
            text._pbl_log = log
            return text
        }.makeIterator()
    }

    var description: String {
        log?.unsupported = true
        return ""
    }

    func transform(_ name: String) -> Any? {
        log?.unsupported = true
        return nil
    }
}

/// The root of a piece's rendering: the document, and the records the frame's sections put on
/// the stack above it (`true` for a level the piece is not in: a section that pushes nothing).
struct PieceRoot: MustacheParent {
    let document: Observed
    let levels: [Observed?]
    let piece: MustacheTemplate

    /// Puts the records on the stack as the whole template has them there, then renders the
    /// piece in that context (a template as a value is rendered, not printed).
    static let frame = "{{#_pbl_student}}{{#_pbl_cycle}}{{#_pbl_leaf}}{{_pbl_piece}}{{/_pbl_leaf}}{{/_pbl_cycle}}{{/_pbl_student}}"
    static let levelNames = ["_pbl_student", "_pbl_cycle", "_pbl_leaf"]

    func child(named name: String) -> Any? {
        if name == "_pbl_piece" { return piece }
        if let level = Self.levelNames.firstIndex(of: name) { return levels[level].map { $0 as Any } ?? true }
        return document.child(named: name)
    }
}

/// Whether the body of a list section, parsed on its own, gives the tokens it has in the whole
/// template, judged from the text alone and on the safe side.
///
/// Parsed on its own, a text starts at a line start; in its section it does when the opening
/// tag is standalone (alone on its line). That changes nothing unless the first line starts,
/// after spaces and tabs, with a tag; then every opening tag of the list must be followed by
/// nothing but spaces and tabs on its line, so it is standalone, or else (swift-mustache's
/// line state after another section) the body starts with that line's end. A body that ends
/// at a line end ends the same way in both.
func parsesAlone(_ body: String, list: ListKind, in template: String) -> Bool {
    guard let last = body.last, last.isNewline else { return false }
    guard body.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("{{") else { return true }
    var rest = template[...]
    while let open = rest.range(of: "{{#") {
        rest = rest[open.upperBound...]
        let name = rest.drop(while: \.isWhitespace)
        guard name.hasPrefix(list.name) else { continue }
        let close = name.dropFirst(list.name.count).drop(while: \.isWhitespace)
        guard close.hasPrefix("}}") else { continue }
        let line = close.dropFirst(2).drop(while: { $0 == " " || $0 == "\t" })
        if let end = line.first, !end.isNewline { return false }
    }
    return true
}
