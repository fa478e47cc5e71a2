import Diagnostics
import YAMLTree
import PlannerModel
import PlannerDates

struct DuplicateIDCheck: ProjectCheck {
    static let rule = RuleInfo(
        id: "duplicate-id", severity: .error,
        summary: "Two cycles, milestones, choices, groups, sections, students, rubrics, criteria of a rubric or mastery levels with the same id.",
        explanation: """
            Ids are how milestones refer to each other (`after`), how students' choices are \
            recorded, and how calendar events are updated on re-import, so each must be unique \
            among its kind. pbl points at the second one and notes the first.
            """
    )

    static func check(_ context: CheckContext, _ sink: inout DiagnosticSink) {
        let project = context.project
        unique(project.cycles.compactMap(\.id), kind: "cycle", &sink)
        unique(context.milestones.compactMap(\.milestone.id), kind: "milestone", &sink)
        for (_, milestone) in context.milestones {
            unique(milestone.choices.compactMap(\.id), kind: "choice", &sink)
        }
        unique(project.groups.compactMap(\.id), kind: "group", &sink)
        unique(project.calendar?.sections.compactMap(\.id) ?? [], kind: "section", &sink)
        unique(project.students.compactMap(\.id), kind: "student", &sink)
        unique(project.rubrics.compactMap(\.id), kind: "rubric", &sink)
        for rubric in project.rubrics {
            unique(rubric.criteria.compactMap(\.id), kind: "criterion", &sink)
        }
        unique(project.mastery?.scale ?? [], kind: "mastery level", &sink)
    }

    private static func unique(_ ids: [Located<String>], kind: String, _ sink: inout DiagnosticSink) {
        guard ids.count > 1 else { return }
        var first: [String: Int] = [:]
        first.reserveCapacity(ids.count)
        for (position, id) in ids.enumerated() {
            if let earlierPosition = first.updateValue(position, forKey: id.value) {
                first[id.value] = earlierPosition
                let earlier = ids[earlierPosition]
                sink.report(rule, "duplicate \(kind) id `\(id.value)`", at: id,
                            notes: [Diagnostic.Note(message: "`\(id.value)` is first defined here", file: earlier.file, range: earlier.range)],
                            help: "give each \(kind) its own id")
            }
        }
    }
}
