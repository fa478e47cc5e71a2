extension Rules {
    public static let unknownKey = RuleInfo(
        id: "unknown-key", severity: .error,
        summary: "A key the format does not know, usually a typo.",
        explanation: """
            Every mapping in a project file has a fixed set of keys. A misspelt key is not an \
            error YAML can see: the value would be silently ignored, so a milestone would vanish \
            from every checklist. pbl names the nearest valid key.
            """,
        failing: """
            pbl: 1
            id: creek
            title: Is our creek safe?
            cycles:
              - id: explore
                title: Explore
                days: 5
                milestone:
                  - {id: plan, title: Sampling plan, day: 2}
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
