import Foundation
import Mustache
import PlannerModel
import PlannerDates

/// A mapping in a checklist template's context (the document, a student, a cycle, an item, a
/// reflection, an option, a writing line): a fixed list of names per kind, each always
/// present (`Absent` when it has no value), so a name is found at the same level of the
/// context stack for every student: a piece that found a name in its own record for one
/// student finds it there for all (`ChecklistPieces` relies on that).
///
/// Rather than `[String: Any]`: swift-mustache finds a name with a few string comparisons
/// instead of a hash, and casts one known class instead of a conditionally conforming
/// dictionary.
final class TemplateRecord: MustacheParent, CustomStringConvertible, @unchecked Sendable {
    // Sendable: immutable once built, and its values (strings, numbers, flags, arrays of
    // strings or records) are immutable too.
    let kind: RecordKind
    let values: [Any]
    private let names: [String]

    init(_ kind: RecordKind, _ values: [Any]) {
        precondition(values.count == kind.names.count)
        self.kind = kind
        self.values = values
        names = kind.names
    }

    func child(named name: String) -> Any? {
        var index = 0
        while index < names.count {
            if names[index] == name { return values[index] }
            index += 1
        }
        return nil
    }

    /// `{{.}}` on a mapping prints nothing, whatever is in it: what a template prints then
    /// depends only on the values of the names it uses (the memoized rendering needs that).
    var description: String { "" }
}

enum RecordKind: Int, CaseIterable, Sendable {
    case document, student, cycle, item, reflection, option, line, noSchool, standard, criterion

    /// The names each kind has, documented in docs/templates.md (in the order of the fields below).
    var names: [String] { Self.names[rawValue] }

    private static let names: [[String]] = [
        ["title", "project_id", "paper", "page_size", "students", "exhibition", "exhibition_date", "audience"] + LookNames.names,
        ["id", "name", "group", "section", "project_title", "project_id", "driving_question", "product", "audience",
         "goals", "has_goals", "extra_days", "cycles", "blank", "no_school"],
        ["number", "title", "goal", "start", "end", "items", "reflections"],
        ["id", "title", "kind", "due", "due_iso", "deliverable", "evidence", "checkpoint", "optional", "standards",
         "chosen", "choose", "has_choose", "in_class", "when", "standard_list", "other_standards", "criteria", "has_criteria",
         "done", "done_on", "late", "missed", "moved_from"],
        ["prompt", "date", "lines", "when", "done", "missed"],
        ["title"],
        [],
        ["start", "end", "start_iso", "end_iso", "reason"],
        ["code", "statement"],
        ["id", "title", "standards", "target"],
    ]

    func index(of name: String) -> Int? { names.firstIndex(of: name) }
}

/// What the department's look changes in a student's items: the lines to write on under a
/// reflection, and the standards that show a statement (none when `short_statements` is off).
struct ItemWording: Sendable {
    let lines: [TemplateRecord]
    /// A student's words where the catalog has them, else the statement: what a student reads.
    let statements: [String: String]

    init(_ plan: DatedPlan, look: PrintLook) {
        lines = Array(repeating: TemplateRecord(.line, []), count: look.reflectionLines)
        statements = look.shortStatements ? plan.standardStatements.mapValues(\.forStudents) : [:]
    }
}

/// The look's names, at the top of every checklist and sign-off context (docs/templates.md,
/// "A department's look"): the same for HTML, Markdown and text, as the PDF prints them.
enum LookNames {
    static let names = ["school", "department", "organization", "header", "footer", "signature", "font_size",
                        "reflection_lines", "logo", "logo_description", "logo_width", "logo_height", "has_letterhead"]

    static func values(_ look: PrintLook) -> [Any?] {
        let size = look.logo?.printedSize
        return [look.school, look.department, look.organization, look.header, look.footer, look.signature,
                Self.points(look.fontSize), look.reflectionLines, look.logo.map(Self.dataURI), look.logo?.description,
                size.map { Self.points($0.width) }, size.map { Self.points($0.height) },
                look.organization != nil || look.header != nil || look.logo != nil]
    }

    static func pairs(_ look: PrintLook) -> [(String, Any?)] { Array(zip(names, values(look))) }

    /// `11pt`, `10.5pt`: a size for CSS.
    static func points(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return (rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)) + "pt"
    }

    /// The logo as a `data:` URI, so an HTML checklist is one file that prints anywhere.
    static func dataURI(_ logo: PrintLook.Logo) -> String {
        "data:image/png;base64," + Data(logo.png).base64EncodedString()
    }
}

/// The values of each kind of record, from the dated plan. Every checklist context, whole or
/// memoized, is built here, so both ways of rendering see the same values.
enum ChecklistValues {
    static func document(_ plan: DatedPlan, look: PrintLook, students: [TemplateRecord]?) -> TemplateRecord {
        let values: [Any?] = [plan.title, plan.projectID, look.paper.rawValue, look.paper.cssSize, students ?? [],
                              plan.exhibition?.description, plan.exhibition.map(DateText.short), plan.audience]
        return TemplateRecord(.document, present(values + LookNames.values(look)))
    }

    /// A milestone as one student has it: their due date and choice.
    static func item(_ item: DatedItem, due: CivilDate, chosen: DatedItem.Option?, wording: ItemWording,
                     record: StudentPlan.ItemRecord? = nil) -> TemplateRecord {
        var done = false, doneOn: String?, late = false, missed = false, movedFrom: String?
        switch record {
        case .done(let on, let wasLate)?:
            done = true
            doneOn = on.map(DateText.short)
            late = wasLate
        case .missed?: missed = true
        case .moved(let from)?: movedFrom = DateText.short(from)
        case nil: break
        }
        let choose = chosen == nil && !item.options.isEmpty
        let listed = item.standards.map { TemplateRecord(.standard, present([$0, wording.statements[$0]])) }
        let unworded = item.standards.filter { wording.statements[$0] == nil }
        let values: [Any?] = [
            item.id,
            item.title,
            item.kindName,
            DateText.short(due),
            due.description,
            item.deliverable,
            item.evidence,
            item.isCheckpoint,
            item.optional,
            item.standards.isEmpty ? nil : item.standards.joined(separator: ", "),
            chosen?.title,
            choose ? item.options.map { TemplateRecord(.option, [$0.title]) } : [TemplateRecord](),
            choose,
            DateWords.isInClass(item),
            DateWords.phrase(item, DateText.short(due)),
            listed,
            unworded.isEmpty ? nil : unworded.joined(separator: ", "),
            item.criteria.map { criterion in
                TemplateRecord(.criterion, present([criterion.id, criterion.title,
                                                    criterion.standards.isEmpty ? nil : criterion.standards.joined(separator: ", "),
                                                    criterion.target]))
            },
            !item.criteria.isEmpty,
            done,
            doneOn,
            late,
            missed,
            movedFrom,
        ]
        return TemplateRecord(.item, present(values))
    }

    static func reflection(_ item: DatedItem, due: CivilDate, wording: ItemWording, record: StudentPlan.ItemRecord? = nil) -> TemplateRecord {
        var done = false, missed = false
        switch record {
        case .done?: done = true
        case .missed?, .moved?: missed = true
        case nil: break
        }
        return TemplateRecord(.reflection, present([item.title, DateText.short(due), wording.lines, DateWords.phrase(item, DateText.short(due)),
                                                    done, missed]))
    }

    /// `number` counts every cycle of the section, shown to the student or not.
    static func cycle(_ cycle: DatedCycle, number: Int, items: [TemplateRecord], reflections: [TemplateRecord]) -> TemplateRecord {
        let values: [Any?] = [number, cycle.title, cycle.goal, DateText.short(cycle.start), DateText.short(cycle.end), items, reflections]
        return TemplateRecord(.cycle, present(values))
    }

    /// A student's values (`StudentShape` makes the shared record a piece is rendered with).
    static func student(_ student: StudentPlan, section: SectionPlan, plan: DatedPlan, cycles: [TemplateRecord]) -> TemplateRecord {
        let values: [Any?] = [
            student.id,
            student.name,
            student.groupTitle ?? student.group,
            student.section ?? section.id,
            plan.title,
            plan.projectID,
            plan.drivingQuestion,
            plan.productTitle,
            plan.audience,
            student.goals,
            !student.goals.isEmpty,
            student.extraDays > 0 ? student.extraDays : nil,
            cycles,
            student.isBlank,
            noSchool(section.noSchool),
        ]
        return TemplateRecord(.student, present(values))
    }

    /// A section's no-school days: `start` and `end` as `Mon Mar 15` (`end` absent for one
    /// day), the same as `YYYY-MM-DD`, and the `reason`.
    static func noSchool(_ days: [NoSchoolDays]) -> [TemplateRecord] {
        days.map { days in
            let range = days.dates.last != days.dates.first
            return TemplateRecord(.noSchool, present([DateText.short(days.dates.first), range ? DateText.short(days.dates.last) : nil,
                                                      days.dates.first.description, range ? days.dates.last.description : nil, days.reason]))
        }
    }

    /// Values not given become `Absent`.
    static func present(_ values: [Any?]) -> [Any] {
        values.map { $0 ?? Absent.value }
    }
}
