import Diagnostics
import YAMLTree
import PlannerModel
import PlannerDates

struct TargetNotAddressedCheck: ProjectCheck {
    static let rule = RuleInfo(
        id: "target-not-addressed", severity: .warning,
        summary: "A target standard that no milestone addresses.",
        explanation: """
            `standards.targets` is what the project promises the community. A target that no \
            milestone lists in its `standards` is a promise the plan does not keep.
            """
    )

    static func check(_ context: CheckContext, _ sink: inout DiagnosticSink) {
        let addressed = Set(context.project.addressedCodes.map { StandardCode.normalize($0.value) })
        for target in context.project.standards?.targets ?? [] where !addressed.contains(StandardCode.normalize(target.value)) {
            sink.report(rule, "no milestone addresses the target `\(target.value)`", at: target,
                        help: "add `\(target.value)` to the `standards` of the milestone where students work on it, or drop the target")
        }
    }
}
