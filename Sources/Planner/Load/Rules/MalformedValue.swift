import Diagnostics
import PlannerModel

extension Rules {
    public static let quotedNumber = RuleInfo(
        id: "quoted-number", severity: .note,
        summary: "A number written in quotes where a number is meant.",
        explanation: """
            In YAML `"3"` is text and `3` a number. Where the format wants a number (`days`, \
            `day`, `extra_days`), pbl reads a quoted whole number as the number and says so, \
            since a spreadsheet or a copy from a document often adds the quotes. Write it \
            without them.
            """
    )

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
