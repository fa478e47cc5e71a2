import Diagnostics
import YAMLTree
import PlannerModel
import PlannerDates

struct CycleTooLongCheck: ProjectCheck {
    static let rule = RuleInfo(
        id: "cycle-too-long", severity: .warning,
        summary: "A cycle longer than `policy.max_cycle_days` class days (10 by default).",
        explanation: """
            Quick cycles (about a week) with reflection at the end of each keep feedback close \
            to the work. A long cycle is usually two cycles; split it, or raise \
            `policy.max_cycle_days` if the length is deliberate.
            """
    )

    static func check(_ context: CheckContext, _ sink: inout DiagnosticSink) {
        let limit = context.project.policy.maxCycleDays?.value ?? Policy.defaultMaxCycleDays
        for cycle in context.project.cycles {
            guard let days = cycle.days, days.value > limit else { continue }
            sink.report(rule, "cycle \(cycle.id.map { "`\($0.value)` " } ?? "")runs \(days.value) class days, more than \(limit)", at: days,
                        help: "split it into shorter cycles that each end with reflection, or raise `policy.max_cycle_days`")
        }
    }
}
