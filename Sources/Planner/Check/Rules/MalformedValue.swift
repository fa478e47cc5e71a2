extension Rules {
    public static let malformedValue = RuleInfo(
        id: "malformed-value", severity: .error,
        summary: "An id, date, weekday, grade or setting that is not spelt as the format needs.",
        explanation: """
            Ids use lowercase letters, digits and hyphens (they become file names and calendar \
            ids); dates are written YYYY-MM-DD and must exist; weekdays are mon to sun; grades \
            are K, 1 to 12 or a band like 6-8; settings such as `kind` take one of a few words.
            """,
        failing: """
            pbl: 1
            id: Mill Creek
            title: Is our creek safe?
            grade: 13
            calendar: {start: 2027-02-30, meets: [mon, wensday]}
            cycles:
              - {id: explore, title: Explore, days: 5}
            """,
        passing: """
            pbl: 1
            id: mill-creek
            title: Is our creek safe?
            grade: 7
            calendar: {start: 2027-03-01, meets: [mon, wed]}
            cycles:
              - {id: explore, title: Explore, days: 5}
            """
    )
}
