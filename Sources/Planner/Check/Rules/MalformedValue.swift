extension Rules {
    public static let malformedValue = RuleInfo(
        id: "malformed-value", severity: .error,
        summary: "An id, date, weekday, grade or setting that is not spelt as the format needs.",
        explanation: """
            Ids use lowercase letters, digits and hyphens (they become file names and calendar \
            ids); dates are written YYYY-MM-DD and must exist; weekdays are mon to sun; grades \
            are K, 1 to 12 or a band like 6-8; settings such as `kind` take one of a few words.
            """
    )
}
