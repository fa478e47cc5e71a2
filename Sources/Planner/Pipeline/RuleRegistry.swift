import Diagnostics
import PlannerCheck
import PlannerLoad

extension Rules {
    /// Checks of a loaded project, in the order they run.
    public static var projectChecks: [any ProjectCheck.Type] { ProjectChecks.all }

    /// Every rule with examples: those reported while reading and the project checks.
    public static var all: [RuleInfo] {
        (loadingRules + projectChecks.map { $0.rule }).sorted { $0.id < $1.id }
    }

    /// Every id pbl prints: the rules with examples, then the reading rules.
    public static var explainable: [RuleInfo] { all + ReadingRules.all }

    public static func rule(id: String) -> RuleInfo? {
        explainable.first { $0.id == id }
    }
}
