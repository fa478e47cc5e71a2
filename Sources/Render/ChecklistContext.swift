import Mustache
import Planner

/// What the checklist templates see: plain values in dictionaries, raw (the template's kind
/// escapes them), every date already formatted. Documented in docs/templates.md.
public enum ChecklistContext {
    public enum Paper: String, Sendable, CaseIterable {
        case letter, a4

        var cssSize: String { self == .letter ? "Letter" : "A4" }
    }

    /// Renders every student's checklist into one document, students in parallel.
    public static func renderAll(_ renderer: TemplateRenderer, template: String, _ plan: DatedPlan,
                                 students: [(student: StudentPlan, section: SectionPlan)], paper: Paper) throws(TemplateRenderer.TemplateError) -> String {
        let root = document(plan, paper: paper)
        let items = students.map { student($0.student, section: $0.section, plan: plan) }
        return try renderer.renderRepeated(template, root: root, key: "students", items: items)
    }

    /// Lines of writing space under each reflection prompt.
    static let reflectionLines = 3

    public static func students(_ plan: DatedPlan, students: [(student: StudentPlan, section: SectionPlan)], paper: Paper) -> [String: Any] {
        var context = document(plan, paper: paper)
        context["students"] = students.map { student($0.student, section: $0.section, plan: plan) }
        return context
    }

    /// What a checklist document has besides its students.
    static func document(_ plan: DatedPlan, paper: Paper) -> [String: Any] {
        ["title": plan.title, "project_id": plan.projectID, "paper": paper.rawValue, "page_size": paper.cssSize]
    }

    static func student(_ student: StudentPlan, section: SectionPlan, plan: DatedPlan) -> [String: Any] {
        var cycles: [[String: Any]] = []
        for (number, cycle) in section.cycles.enumerated() {
            let entries = student.items.filter { $0.item.cycleID == cycle.id }
            let items = entries.filter { !$0.item.isReflection }.map(item)
            let reflections = entries.filter(\.item.isReflection).map { entry in
                [
                    "prompt": entry.item.title,
                    "date": DateText.short(entry.due),
                    "lines": Array(repeating: [String: Any](), count: reflectionLines),
                ] as [String: Any]
            }
            guard !items.isEmpty || !reflections.isEmpty else { continue }
            cycles.append(compact([
                ("number", number + 1),
                ("title", cycle.title),
                ("goal", cycle.goal),
                ("start", DateText.short(cycle.start)),
                ("end", DateText.short(cycle.end)),
                ("items", items),
                ("reflections", reflections),
            ]))
        }
        return compact([
            ("id", student.id),
            ("name", student.name),
            ("group", student.groupTitle ?? student.group),
            ("section", student.section ?? section.id),
            ("project_title", plan.title),
            ("project_id", plan.projectID),
            ("driving_question", plan.drivingQuestion),
            ("product", plan.productTitle),
            ("audience", plan.audience),
            ("goals", student.goals),
            ("has_goals", !student.goals.isEmpty),
            ("extra_days", student.extraDays > 0 ? student.extraDays : nil),
            ("cycles", cycles),
        ])
    }

    static func item(_ entry: StudentPlan.Item) -> [String: Any] {
        let item = entry.item
        let choose = entry.chosen == nil && !item.options.isEmpty
        return compact([
            ("id", item.id),
            ("title", item.title),
            ("kind", item.kindName),
            ("due", DateText.short(entry.due)),
            ("due_iso", entry.due.description),
            ("deliverable", item.deliverable),
            ("evidence", item.evidence),
            ("checkpoint", item.isCheckpoint),
            ("optional", item.optional),
            ("standards", item.standards.isEmpty ? nil : item.standards.joined(separator: ", ")),
            ("chosen", entry.chosen?.title),
            ("choose", choose ? item.options.map { ["title": $0.title] } : []),
            ("has_choose", choose),
        ])
    }

    /// The teacher's sheets: per cycle, every student against each checkpoint, and the
    /// choices they made (students sorted by group, so groups show at a glance).
    public static func teacher(_ plan: DatedPlan, sections: [SectionPlan], paper: Paper) -> [String: Any] {
        var sheets: [[String: Any]] = []
        for section in sections {
            let students = section.students.sorted { ($0.groupTitle ?? $0.group ?? "~", $0.name) < ($1.groupTitle ?? $1.group ?? "~", $1.name) }
            for (number, cycle) in section.cycles.enumerated() {
                let checkpoints = cycle.items.filter(\.isCheckpoint)
                let choices = cycle.items.filter { !$0.options.isEmpty }
                guard !checkpoints.isEmpty || !choices.isEmpty else { continue }
                let rows: [[String: Any]] = students.map { student in
                    let seen = Dictionary(student.items.map { ($0.item.id, $0) }, uniquingKeysWith: { first, _ in first })
                    return [
                        "name": student.name,
                        "group": student.groupTitle ?? student.group ?? "",
                        "checkpoints": checkpoints.map { checkpoint in
                            ["applies": seen[checkpoint.id] != nil, "due": seen[checkpoint.id].map { DateText.short($0.due) } ?? ""] as [String: Any]
                        },
                        "choices": choices.map { milestone in
                            ["chosen": seen[milestone.id]?.chosen?.title ?? (seen[milestone.id] == nil ? "" : "not chosen")]
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
                    ("choice_milestones", choices.map { ["title": $0.title] }),
                    ("students", rows),
                ]))
            }
        }
        var context = document(plan, paper: paper)
        context["sheets"] = sheets
        return context
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

/// Dates as printed on paper: `Tue Mar 2` (the year is on the schedule).
enum DateText {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func short(_ date: CivilDate) -> String {
        "\(date.weekday.shortName) \(months[date.month - 1]) \(date.day)"
    }
}
