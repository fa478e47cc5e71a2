import Diagnostics
import YAMLTree
import PlannerModel
import PlannerDates

struct DanglingReferenceCheck: ProjectCheck {
    static let rule = RuleInfo(
        id: "dangling-reference", severity: .error,
        summary: "An id that refers to nothing: in `after`, `only`, `rubric`, a student's `choices`, `group` or `section`, or a level not on the mastery scale.",
        explanation: """
            References between parts of a plan are by id. A reference to an id that does not \
            exist, often a typo, would drop a dependency or hide a milestone from the students \
            it was meant for. pbl suggests the nearest existing id.
            """
    )

    static func check(_ context: CheckContext, _ sink: inout DiagnosticSink) {
        let project = context.project
        let milestoneIDs = context.milestones.compactMap(\.milestone.id?.value)
        let groupIDs = project.groups.compactMap(\.id?.value)
        let knownGroups = Set(groupIDs)
        let sectionIDs = project.calendar?.sections.compactMap(\.id?.value) ?? []
        let rubricIDs = project.rubrics.compactMap(\.id?.value)
        for (_, milestone) in context.milestones {
            if let rubric = milestone.rubric, !rubricIDs.contains(rubric.value) {
                missing(rubric, kind: "rubric", among: rubricIDs, &sink)
            }
            for reference in milestone.after where context.milestoneIndex[reference.value] == nil {
                missing(reference, kind: "milestone", among: milestoneIDs, &sink)
            }
            if let only = milestone.only {
                for group in only.groups where !groupIDs.contains(group.value) {
                    missing(group, kind: "group", among: groupIDs, &sink)
                }
                for (target, choice) in only.choices {
                    checkChoice(target, choice, context, &sink)
                }
            }
        }
        for student in project.students {
            if let group = student.group, !knownGroups.contains(group.value) {
                missing(group, kind: "group", among: groupIDs, &sink)
            }
            if let section = student.section, !sectionIDs.contains(section.value) {
                missing(section, kind: "section", among: sectionIDs, &sink)
            }
            for (target, choice) in student.choices {
                checkChoice(target, choice, context, &sink)
            }
        }
        checkLevels(project, &sink)
    }

    /// Rubric levels and the mastered level name levels of the mastery scale.
    private static func checkLevels(_ project: Project, _ sink: inout DiagnosticSink) {
        let policy = project.masteryPolicy
        let scale = policy.levelNames
        let named = policy.scale.isEmpty ? "the default mastery scale" : "the mastery scale"
        if let mastered = policy.mastered, !scale.contains(mastered.value) {
            missing(mastered, kind: "level of \(named)", among: scale, &sink)
        }
        for rubric in project.rubrics {
            for criterion in rubric.criteria {
                for (level, _) in criterion.levels where !scale.contains(level.value) {
                    missing(level, kind: "level of \(named)", among: scale, &sink)
                }
            }
        }
    }

    private static func checkChoice(_ target: Located<String>, _ choice: Located<String>, _ context: CheckContext,
                                    _ sink: inout DiagnosticSink) {
        if let options = context.choiceIDs[target.value], options.contains(choice.value) { return }
        guard let position = context.milestoneIndex[target.value] else {
            let withChoices = context.milestones.filter { !$0.milestone.choices.isEmpty }.compactMap(\.milestone.id?.value)
            return missing(target, kind: "milestone with choices", among: withChoices, &sink)
        }
        let options = context.milestones[position].milestone.choices.compactMap(\.id?.value)
        if options.isEmpty {
            return sink.report(rule, "milestone `\(target.value)` offers no choices", at: target,
                               help: "add `choices:` to the milestone, or remove this choice")
        }
        if !options.contains(choice.value) {
            missing(choice, kind: "choice of `\(target.value)`", among: options, &sink)
        }
    }

    private static func missing(_ reference: Located<String>, kind: String, among ids: [String], _ sink: inout DiagnosticSink) {
        let suggestion = Suggest.nearest(to: reference.value, in: ids)
        let listing = ids.isEmpty ? "there are none" : "known: " + ids.prefix(8).joined(separator: ", ") + (ids.count > 8 ? ", ..." : "")
        sink.report(rule, "no \(kind) has the id `\(reference.value)`", at: reference,
                    help: suggestion.map { "did you mean `\($0)`?" } ?? listing,
                    fixes: suggestion.map { [.replace(reference.range, with: $0)] } ?? [])
    }
}
