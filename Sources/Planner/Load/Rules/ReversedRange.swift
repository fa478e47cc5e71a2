import Diagnostics
import PlannerModel

extension Rules {
    public static let reversedRange = RuleInfo(
        id: "reversed-range", severity: .error,
        summary: "A date range that ends before it starts.",
        explanation: """
            A `no_school` range is inclusive and written earliest date first. A reversed range \
            would cover no days at all, so the break would silently not happen in the schedule.
            """
    )
}
