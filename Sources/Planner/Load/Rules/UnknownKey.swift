import Diagnostics
import PlannerModel

extension Rules {
    public static let unknownKey = RuleInfo(
        id: "unknown-key", severity: .error,
        summary: "A key the format does not know, usually a typo.",
        explanation: """
            Every mapping in a project file has a fixed set of keys. A misspelt key is not an \
            error YAML can see: the value would be silently ignored, so a milestone would vanish \
            from every checklist. pbl names the nearest valid key.
            """
    )
}
