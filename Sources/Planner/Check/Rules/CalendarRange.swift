import Diagnostics
import YAMLTree
import PlannerModel
import PlannerDates

/// A plan's dates within reach of its start: the calendar is laid out day by day, per section,
/// so a date centuries away (a typo, or a hostile file) would size the work. Two years covers
/// any school year a plan spans; a plan whose cycles need more meetings than that may reach
/// as far as they need (so the reach grows with what the file holds, never with a date in it).
struct CalendarOutOfRangeCheck: ProjectCheck {
    static let rule = RuleInfo(
        id: "calendar-out-of-range", severity: .error,
        summary: "A date of the plan is more than two years after `calendar.start`, or the start is outside 1900 to 9997.",
        explanation: """
            pbl plans quick cycles within a school year or two: `end`, `exhibition`, a section's or \
            a cycle's `start` must fall within two years (730 days) of `calendar.start` (or, for a \
            plan whose cycles add up to more class days than fit in that, within four calendar \
            days per class day they need), and the start itself between 1900 and 9997. A date beyond that is almost always a typo in the \
            year; while it stands the plan is not put on dates. (`no_school` entries and the \
            rotation anchor may lie anywhere: they are clipped or counted, not walked.)
            """
    )

    static func check(_ context: CheckContext, _ sink: inout DiagnosticSink) {
        guard let calendar = context.project.calendar else { return }
        for problem in CalendarBounds.problems(calendar, cycles: context.project.cycles, students: context.project.students) {
            sink.report(rule, problem.message, at: problem.date, help: problem.help)
        }
    }
}
