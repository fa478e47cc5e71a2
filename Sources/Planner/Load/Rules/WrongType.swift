import Diagnostics
import PlannerModel

extension Rules {
    public static let wrongType = RuleInfo(
        id: "wrong-type", severity: .error,
        summary: "A value of the wrong kind: text where a number or a list belongs.",
        explanation: """
            Each key takes one kind of value: `days` a whole number, `subjects` a list, \
            `product` a mapping. pbl says what it expected and what it found.
            """
    )
}
