import Diagnostics
import PlannerModel

extension Rules {
    public static let rosterIgnored = RuleInfo(
        id: "roster-ignored", severity: .note,
        summary: "The roster named by `roster:` is not here, and git ignores it: the plan is checked without students.",
        explanation: """
            Rosters are student data, so a department keeps them out of its shared repository \
            with a `.gitignore`, and a fresh clone (the one CI checks) has none. When the roster \
            is missing and git ignores its path, pbl says so and checks the plan without its \
            students instead of failing: on the teacher's machine, where the roster is, the \
            students are checked too. A missing roster that git does not ignore (or outside a \
            git work tree, or without git) is `roster-not-found`, an error. pbl asks \
            `git check-ignore` only when the roster is missing. The progress files `progress:` \
            names are student data too, and are treated the same way.
            """
    )
}
