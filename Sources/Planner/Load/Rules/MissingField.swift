import Diagnostics
import PlannerModel

extension Rules {
    public static let missingField = RuleInfo(
        id: "missing-field", severity: .error,
        summary: "A required key is missing or has no value.",
        explanation: """
            Some keys have no sensible default: a project needs an id and a title, a cycle its \
            length in days, a milestone the day it is due. pbl names the key and what it is for.
            """
    )
}
