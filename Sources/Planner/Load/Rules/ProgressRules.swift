import Diagnostics
import PlannerModel

extension Rules {
    public static let progressNotFound = RuleInfo(
        id: "progress-not-found", severity: .error,
        summary: "A progress file named in `progress:` cannot be read.",
        explanation: """
            `progress:` lists the files where the teacher records what students did after the \
            printout (`pbl progress sheet` writes one), relative to the project file. A file \
            that is not there leaves that part of the record out, so every report would show \
            the work as not done: pbl says so rather than report on part of the record.
            """
    )

    public static let progressMalformed = RuleInfo(
        id: "progress-malformed", severity: .error,
        summary: "A progress file that cannot be read as a grid of students by items.",
        explanation: """
            A progress file is a table as `pbl progress sheet` writes it, CSV (UTF-8, commas, \
            semicolons or tabs) or an .xlsx workbook: a header row with an `id` column for the \
            student and a column per item of the plan (`Title [item-id]`, and for an assessed \
            milestone `Title: criterion [item-id/criterion-id]`), then one row per student. \
            Rows whose id starts with `(` are pbl's own (the due dates) and are not read.
            """
    )

    public static let progressReference = RuleInfo(
        id: "progress-reference", severity: .error,
        summary: "A progress file names a student, item, criterion or level the project does not have.",
        explanation: """
            Each row of a progress file is a student of the roster, each column an item of the \
            plan or a criterion of an assessed milestone, and a level (in a criterion's column, \
            or an assessed milestone's) one of the mastery scale's, by its name, its number (1 \
            is the lowest) or its first letter. Anything else would be left out of the report \
            without a word, so pbl names it, with the nearest id it knows.
            """
    )

    public static let progressDate = RuleInfo(
        id: "progress-date", severity: .error,
        summary: "A date in a progress file outside the project, after `--as-of`, or written ambiguously.",
        explanation: """
            A date in a cell says when the work was done or assessed. One before the project \
            starts or after the school year ends is a typo; one after the day a report is made \
            for (`pbl progress --as-of`) has not happened yet. Dates are written YYYY-MM-DD; \
            `3/4/2027` could be March 4 or April 3, so pbl asks for the unambiguous spelling \
            rather than guess (a day past 12, as in `3/14/2027`, or a month's name is read as is).
            """
    )
}
