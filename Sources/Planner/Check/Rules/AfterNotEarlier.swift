import Diagnostics
import YAMLTree
import PlannerModel
import PlannerDates

struct AfterNotEarlierCheck: ProjectCheck {
    static let rule = RuleInfo(
        id: "after-not-earlier", severity: .error,
        summary: "A milestone due on the same day as, or before, a milestone it comes after.",
        explanation: """
            If B is `after` A, students need A done first, so A must be due on an earlier class \
            day: earlier in the same cycle, or in an earlier cycle.
            """
    )

    static func check(_ context: CheckContext, _ sink: inout DiagnosticSink) {
        let inCircles = Set(context.dependencyCircles.joined())
        for (cycle, milestone) in context.milestones {
            guard let id = milestone.id?.value, !inCircles.contains(id), let day = milestone.day?.value else { continue }
            for reference in milestone.after {
                guard let (otherCycle, other) = context.milestone(reference.value), let otherDay = other.day?.value,
                      (otherCycle, otherDay) >= (cycle, day) else { continue }
                let when = otherCycle > cycle ? "in a later cycle" : otherDay == day ? "on the same day" : "later in the cycle (day \(otherDay))"
                sink.report(rule, "`\(id)` comes after `\(reference.value)`, which is due \(when)", at: reference,
                            notes: other.day.map { [Diagnostic.Note(message: "`\(reference.value)` is due here", file: $0.file, range: $0.range)] } ?? [],
                            help: "move `\(id)` to a later day, or `\(reference.value)` to an earlier one")
            }
        }
    }
}
