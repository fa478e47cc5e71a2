import Diagnostics
import YAMLTree
import PlannerModel
import PlannerDates

/// `rotation`, `meets_on` and `rotation_anchor` that do not fit together. While one stands the
/// plan is not put on dates: a label the rotation lacks would leave the section no meetings,
/// and "the calendar runs out" would send the teacher to the wrong line.
struct RotationMismatchCheck: ProjectCheck {
    static let rule = RuleInfo(
        id: "rotation-mismatch", severity: .error,
        summary: "`meets_on` or `rotation_anchor` does not fit the calendar's `rotation`.",
        explanation: """
            `meets_on` names rotation days (`[A]` of `rotation: [A, B]`), so it needs a \
            `rotation`, and each of its labels must be one of the rotation's days; so must \
            `rotation_anchor`'s `day`, and the anchor's `date` must be a school day (the rotation \
            advances on school days only). A rotation lists each day once.
            """
    )

    static func check(_ context: CheckContext, _ sink: inout DiagnosticSink) {
        guard let calendar = context.project.calendar else { return }
        for problem in RotationRules.problems(calendar) {
            sink.report(rule, problem.message, at: problem.range, in: problem.file, help: problem.help)
        }
    }
}

/// A rotation counted from `calendar.start`: correct only while the start stays where it is.
struct RotationNotAnchoredCheck: ProjectCheck {
    static let rule = RuleInfo(
        id: "rotation-not-anchored", severity: .note,
        summary: "A rotation that decides the meetings is counted from the start date, not pinned to the school's calendar.",
        explanation: """
            Without `rotation_anchor`, the first school day on or after `calendar.start` is the \
            rotation's first day. Moving the start (or a template's start being replaced) then \
            swaps which days are A and B, and every date with them. Pin the rotation to the \
            school's A/B calendar: `rotation_anchor: {date: 2027-03-01, day: A}`; a department \
            template can carry it for every project.
            """
    )

    static func check(_ context: CheckContext, _ sink: inout DiagnosticSink) {
        guard let calendar = context.project.calendar, let first = calendar.rotation.first, calendar.rotationAnchor == nil,
              !calendar.meetsOn.isEmpty || calendar.sections.contains(where: { !$0.meetsOn.isEmpty }),
              case .calendarStart(let date, let day)? = context.schedule?.plan.sections.first?.rotation?.anchor else { return }
        sink.report(rule, "the rotation is counted from `calendar.start`: \(date) is day \(day), and moving the start moves every A and B",
                    at: first, help: "pin it to the school's calendar: `rotation_anchor: {date: \(date), day: \(day)}` (under `calendar:`)")
    }
}
