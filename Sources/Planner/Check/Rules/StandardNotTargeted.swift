import Diagnostics
import YAMLTree
import PlannerModel
import PlannerDates

struct StandardNotTargetedCheck: ProjectCheck {
    static let rule = RuleInfo(
        id: "standard-not-targeted", severity: .warning,
        summary: "A milestone standard that is not among the project's targets.",
        explanation: """
            A milestone that addresses a standard the project does not target is either a \
            missing target or a stray code. Listing it as a target makes the promise visible.
            """
    )

    static func check(_ context: CheckContext, _ sink: inout DiagnosticSink) {
        let targets = Set((context.project.standards?.targets ?? []).map { StandardCode.normalize($0.value) })
        for code in context.project.addressedCodes where !targets.contains(StandardCode.normalize(code.value)) {
            sink.report(rule, "`\(code.value)` is not one of the project's targets", at: code,
                        help: "add `\(code.value)` to `standards.targets`")
        }
    }
}
