extension Rules {
    public static let reversedRange = RuleInfo(
        id: "reversed-range", severity: .error,
        summary: "A date range that ends before it starts.",
        explanation: """
            A `no_school` range is inclusive and written earliest date first. A reversed range \
            would cover no days at all, so the break would silently not happen in the schedule.
            """,
        failing: """
            pbl: 1
            id: creek
            title: Is our creek safe?
            calendar:
              start: 2027-03-01
              no_school: [2027-03-19..2027-03-15]
            cycles:
              - {id: explore, title: Explore, days: 5}
            """,
        passing: """
            pbl: 1
            id: creek
            title: Is our creek safe?
            calendar:
              start: 2027-03-01
              no_school: [2027-03-15..2027-03-19]
            cycles:
              - {id: explore, title: Explore, days: 5}
            """
    )
}
