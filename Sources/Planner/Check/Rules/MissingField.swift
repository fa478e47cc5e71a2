extension Rules {
    public static let missingField = RuleInfo(
        id: "missing-field", severity: .error,
        summary: "A required key is missing or has no value.",
        explanation: """
            Some keys have no sensible default: a project needs an id and a title, a cycle its \
            length in days, a milestone the day it is due. pbl names the key and what it is for.
            """,
        failing: """
            pbl: 1
            id: creek
            title: Is our creek safe?
            cycles:
              - id: explore
                title: Explore
                milestones:
                  - {id: plan, title: Sampling plan}
            """,
        passing: """
            pbl: 1
            id: creek
            title: Is our creek safe?
            cycles:
              - id: explore
                title: Explore
                days: 5
                milestones:
                  - {id: plan, title: Sampling plan, day: 2}
            """
    )
}
