import Diagnostics
import YAMLTree
import PlannerModel
import PlannerDates

struct DayOutsideCycleCheck: ProjectCheck {
    static let rule = RuleInfo(
        id: "day-outside-cycle", severity: .error,
        summary: "A milestone or reflection on a day past the end of its cycle.",
        explanation: """
            `day: n` is the n-th class meeting of the cycle, so it runs from 1 to the cycle's \
            `days`. A later day would fall into the next cycle.
            """
    )

    static func check(_ context: CheckContext, _ sink: inout DiagnosticSink) {
        for cycle in context.project.cycles {
            // A cycle of no days is `malformed-value` already: every day would be "outside" it.
            guard let days = cycle.days?.value, days >= 1 else { continue }
            let name = cycle.id.map { "`\($0.value)`" } ?? "this cycle"
            for milestone in cycle.milestones {
                if let day = milestone.day, day.value > days {
                    sink.report(rule, "day \(day.value) is past the end of cycle \(name), which has \(days) days", at: day,
                                help: "use a day from 1 to \(days), or make the cycle longer")
                }
            }
            for reflection in cycle.reflection {
                if let day = reflection.day, day.value > days {
                    sink.report(rule, "reflection on day \(day.value) is past the end of cycle \(name), which has \(days) days", at: day,
                                help: "use a day from 1 to \(days), or leave `day` out for the cycle's last day")
                }
            }
        }
    }
}
