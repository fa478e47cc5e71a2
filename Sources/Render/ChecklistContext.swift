import Foundation
import Mustache
import PlannerModel
import PlannerDates

/// What the checklist and sign-off templates see: plain values, raw (the template's kind
/// escapes them), every date already formatted. Documented in docs/templates.md. A student's
/// checklist is built from `TemplateRecord`s (ChecklistRecords.swift); the sign-off sheets
/// from dictionaries.
public enum ChecklistContext {
    public typealias Paper = PaperSize

    /// Every student's checklist in one document (see `TemplateRenderer.renderChecklists`).
    public static func renderAll(_ renderer: TemplateRenderer, template: String, _ plan: DatedPlan,
                                 students: [(student: StudentPlan, section: SectionPlan)], look: PrintLook) throws(TemplateRenderer.TemplateError) -> String {
        var sink = MemorySink()
        do {
            try renderer.renderChecklists(template, plan: plan, students: students, look: look, to: &sink)
        } catch let error as TemplateRenderer.TemplateError {
            throw error
        } catch {
            preconditionFailure("writing to memory failed: \(error)")
        }
        return sink.text
    }

    /// Every student's checklist in one document, written to `sink` as it is put together.
    public static func writeAll(_ renderer: TemplateRenderer, template: String, _ plan: DatedPlan,
                                students: [(student: StudentPlan, section: SectionPlan)], look: PrintLook,
                                to sink: inout some OutputSink) throws {
        try renderer.renderChecklists(template, plan: plan, students: students, look: look, to: &sink)
    }

    /// The context of a checklist document for these students, for `TemplateRenderer.render`
    /// (names as in docs/templates.md).
    public static func students(_ plan: DatedPlan, students: [(student: StudentPlan, section: SectionPlan)], look: PrintLook) -> Any {
        ChecklistSources(students, wording: ItemWording(plan, look: look)).document(plan, look: look, students: students)
    }

    /// What a sign-off document has besides its sheets.
    static func document(_ plan: DatedPlan, look: PrintLook) -> [String: Any] {
        compact([
            ("title", plan.title), ("project_id", plan.projectID), ("paper", look.paper.rawValue), ("page_size", look.paper.cssSize),
            ("exhibition", plan.exhibition?.description), ("exhibition_date", plan.exhibition.map(DateText.short)),
            ("audience", plan.audience),
        ] + LookNames.pairs(look))
    }

    /// The teacher's sheets: per cycle, every student against each checkpoint, and the
    /// choices they made (students sorted by group, so groups show at a glance; blank rows,
    /// `StudentPlan.isBlank`, last, every checkpoint open and nothing filled in).
    public static func teacher(_ plan: DatedPlan, sections: [SectionPlan], look: PrintLook) -> [String: Any] {
        var sheets: [[String: Any]] = []
        for section in sections {
            let students = signOffOrder(section.students)
            for (number, cycle) in section.cycles.enumerated() {
                let checkpoints = cycle.items.filter(\.isCheckpoint)
                let choices = cycle.items.filter { !$0.options.isEmpty }
                // A column per rubric criterion of each assessed milestone, for its level.
                let criteria = cycle.items.flatMap { item in item.criteria.map { (item: item, criterion: $0) } }
                guard !checkpoints.isEmpty || !choices.isEmpty || !criteria.isEmpty else { continue }
                let rows: [[String: Any]] = students.map { student in
                    let seen = Dictionary(student.items.map { ($0.item.id, $0) }, uniquingKeysWith: { first, _ in first })
                    return [
                        "name": student.name,
                        "group": student.groupTitle ?? student.group ?? "",
                        "blank": student.isBlank,
                        "checkpoints": checkpoints.map { checkpoint in
                            ["applies": student.isBlank || seen[checkpoint.id] != nil,
                             "due": student.isBlank ? "" : seen[checkpoint.id].map { DateText.short($0.due) } ?? ""] as [String: Any]
                        },
                        "criteria": criteria.map { column in ["applies": student.isBlank || seen[column.item.id] != nil] },
                        "choices": choices.map { milestone in
                            ["chosen": student.isBlank ? "" : seen[milestone.id]?.chosen?.title ?? (seen[milestone.id] == nil ? "" : "not chosen")]
                        },
                    ]
                }
                sheets.append(compact([
                    ("number", number + 1),
                    ("title", cycle.title),
                    ("section", section.id),
                    ("start", DateText.short(cycle.start)),
                    ("end", DateText.short(cycle.end)),
                    ("checkpoints", checkpoints.map { compact([("title", $0.title), ("due", DateText.short($0.date)), ("evidence", $0.evidence)]) }),
                    ("criteria", criteria.map { ["title": $0.criterion.title, "milestone": $0.item.title] }),
                    ("levels", criteria.isEmpty ? nil : plan.masteryLevels.enumerated().map { "\($0.offset + 1) \($0.element)" }.joined(separator: ", ")),
                    ("choice_milestones", choices.map { ["title": $0.title] }),
                    ("students", rows),
                    ("no_school", ChecklistValues.noSchool(section.noSchool)),
                ]))
            }
        }
        var context = document(plan, look: look)
        context["sheets"] = sheets
        return context
    }

    /// A sign-off sheet's rows: students by group, then by family name where the roster gives
    /// one (`StudentPlan.sortName`), otherwise by name as written, ignoring case and accents
    /// (ties by the names as written, so the order never depends on the input's); blank rows
    /// last, in their order.
    static func signOffOrder(_ students: [StudentPlan]) -> [StudentPlan] {
        func key(_ student: StudentPlan) -> (String, String, String) {
            let group = student.groupTitle ?? student.group ?? "\u{10FFFF}"
            return (group, student.sortName.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil), student.sortName)
        }
        return students.filter { !$0.isBlank }.map { (key($0), $0) }.sorted { $0.0 < $1.0 }.map(\.1) + students.filter(\.isBlank)
    }
}

/// A context dictionary where a value that was not given is `Absent`: false to a section,
/// empty to a variable. Keeping the key (rather than leaving it out) also stops Mustache from
/// searching every enclosing context for it, which is most of the cost of a long roster.
func compact(_ pairs: [(String, Any?)]) -> [String: Any] {
    var result: [String: Any] = Dictionary(minimumCapacity: pairs.count)
    for (key, value) in pairs {
        result[key] = value ?? Absent.value
    }
    return result
}

struct Absent: MustacheCustomRenderable {
    static let value = Absent()
    var renderText: String { "" }
    var isNull: Bool { true }
}

extension PaperSize {
    /// The CSS `@page` size.
    var cssSize: String { self == .letter ? "Letter" : "A4" }
}

/// Dates as printed on paper: `Tue Mar 2` (the year is on the schedule).
enum DateText {
    static func short(_ date: CivilDate) -> String { date.shortText }
}
