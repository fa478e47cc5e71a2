import Diagnostics
import YAMLTree
import PlannerModel
import PlannerDates

struct MissingReflectionCheck: ProjectCheck {
    static let rule = RuleInfo(
        id: "missing-reflection", severity: .warning,
        summary: "A cycle without a reflection prompt.",
        explanation: """
            Every cycle ends with reflection: students look back at what they learned and how, \
            and the prompt prints on their checklist with space to write. Turn this off with \
            `policy.require_reflection: false`.
            """
    )

    static func check(_ context: CheckContext, _ sink: inout DiagnosticSink) {
        guard context.project.policy.requireReflection?.value ?? true else { return }
        for cycle in context.project.cycles where cycle.reflection.isEmpty {
            let name = cycle.id.map { "`\($0.value)` " } ?? ""
            sink.report(rule, "cycle \(name)has no reflection prompt", at: cycle.id?.range ?? cycle.range, in: cycle.id?.file,
                        help: "add `reflection: [{prompt: ...}]`; it prints on every checklist with space to write")
        }
    }
}
