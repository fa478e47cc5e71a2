import Diagnostics
import Planner
import YAMLTree

/// Every id a plan defines and every place that names one, across the project, the template
/// it extends and its roster: what go to definition, find references and rename walk.
struct Identifiers {
    /// What an id names. Choices are kept apart per milestone: `lab` of one milestone is not
    /// `lab` of another.
    enum Kind: Hashable {
        case cycle, milestone, group, section, student, rubric
        case choice(milestone: String)

        /// Whether `text` may be the new name of an id of this kind.
        func allows(_ text: String) -> Bool {
            self == .student ? ValueSyntax.isStudentID(text) : ValueSyntax.isID(text)
        }

        var rule: String {
            self == .student
                ? "a student id is letters, digits, `-`, `.` and `_`, starting with a letter or digit"
                : "an id is lowercase letters, digits and hyphens, not starting with a hyphen"
        }
    }

    struct Occurrence {
        var kind: Kind
        var id: Located<String>
        var isDefinition: Bool
    }

    let all: [Occurrence]

    init(_ project: Project?) {
        guard let project else {
            all = []
            return
        }
        var found: [Occurrence] = []
        func add(_ kind: Kind, _ id: Located<String>?, definition: Bool = false) {
            if let id { found.append(Occurrence(kind: kind, id: id, isDefinition: definition)) }
        }
        func choice(_ pair: (milestone: Located<String>, choice: Located<String>)) {
            add(.milestone, pair.milestone)
            add(.choice(milestone: pair.milestone.value), pair.choice)
        }
        for cycle in project.cycles {
            add(.cycle, cycle.id, definition: true)
            for milestone in cycle.milestones {
                add(.milestone, milestone.id, definition: true)
                for option in milestone.choices {
                    if let owner = milestone.id?.value { add(.choice(milestone: owner), option.id, definition: true) }
                }
                milestone.after.forEach { add(.milestone, $0) }
                (milestone.only?.choices ?? []).forEach(choice)
                (milestone.only?.groups ?? []).forEach { add(.group, $0) }
                add(.rubric, milestone.rubric)
            }
        }
        project.groups.forEach { add(.group, $0.id, definition: true) }
        project.rubrics.forEach { add(.rubric, $0.id, definition: true) }
        (project.calendar?.sections ?? []).forEach { add(.section, $0.id, definition: true) }
        for student in project.students {
            add(.student, student.id, definition: true)
            student.choices.forEach(choice)
            add(.group, student.group)
            add(.section, student.section)
        }
        // A progress heading names an item: a milestone's id (a reflection's is pbl's own).
        let milestones = Set(project.cycles.flatMap(\.milestones).compactMap(\.id?.value))
        project.progressNames.items.filter { milestones.contains($0.value) }.forEach { add(.milestone, $0) }
        project.progressNames.students.forEach { add(.student, $0) }
        all = found
    }

    /// A file of a template built into pbl: no editor can open or change it.
    static func isBuiltIn(_ file: String) -> Bool { file.hasPrefix("<built-in>/") }

    /// The occurrence under a position of `file`.
    func at(file: String, contains: (SourceRange) -> Bool) -> Occurrence? {
        let key = OpenBuffers.key(file)
        return all.first { contains($0.id.range) && OpenBuffers.key($0.id.file) == key }
    }

    func named(_ kind: Kind, _ value: String) -> [Occurrence] {
        all.filter { $0.kind == kind && $0.id.value == value }
    }

    /// The ids of a kind that are defined, each once, in the order they are.
    func defined(_ kind: Kind) -> [Located<String>] {
        var seen = Set<String>()
        return all.filter { $0.kind == kind && $0.isDefinition && seen.insert($0.id.value).inserted }.map(\.id)
    }

    /// The part of an occurrence's text that is the id itself: a roster header
    /// `choice:sampling-plan` or a quoted `"lab"` names it inside a longer text.
    static func idRange(of id: Located<String>, in source: SourceText?) -> SourceRange {
        guard let source, id.range.start.offset <= id.range.end.offset, id.range.end.offset <= source.bytes.count else { return id.range }
        let bytes = source.bytes[id.range.start.offset..<id.range.end.offset]
        let needle = Array(id.value.utf8)
        guard !needle.isEmpty, needle.count <= bytes.count else { return id.range }
        var start = bytes.endIndex - needle.count
        while start >= bytes.startIndex {
            if bytes[start..<start + needle.count].elementsEqual(needle) {
                return SourceRange(start: source.mark(atByteOffset: start), end: source.mark(atByteOffset: start + needle.count))
            }
            start -= 1
        }
        return id.range
    }
}
