import Diagnostics
import PlannerModel

extension Rules {
    public static let rosterMalformed = RuleInfo(
        id: "roster-malformed", severity: .error,
        summary: "A roster that cannot be read as a table.",
        explanation: """
            A roster CSV is UTF-8 text (RFC 4180): a header row, then one row per student with \
            as many fields as the header. Fields with commas, quotes or line breaks are quoted, \
            and a quote inside a quoted field is written twice. Each column is named once. A \
            file in another encoding (Windows-1252, UTF-16) is named with the way to save it as \
            UTF-8. An .xlsx roster is a workbook as Excel, LibreOffice or Google Sheets save \
            it; one that is damaged, or too large for a roster, is refused whole.
            """
    )

    public static let rosterSeparator = RuleInfo(
        id: "roster-separator", severity: .note,
        summary: "A roster CSV separated by semicolons or tabs, read as such.",
        explanation: """
            Excel writes CSV with the list separator of the computer's region: a semicolon \
            where the decimal mark is a comma (much of Europe and Latin America). pbl tells \
            the separator from the header row, reads the file with it, and says so once, at \
            the header, so a file that was meant to have commas is noticed. Nothing needs to \
            change; `policy: {rules: {roster-separator: off}}` silences it.
            """
    )

    public static let noStudents = RuleInfo(
        id: "no-students", severity: .note,
        summary: "The project has no students: no roster and no `students:`.",
        explanation: """
            Checklists are printed per student, and a student's dates follow their section and \
            pacing, so a plan without students is checked without any of that. Add `roster:` \
            (a CSV beside the project) or `students:`. Until then `pbl checklists` prints blank \
            checklists with a line for the name, one per section (`--blank N` for more).
            """
    )

    public static let rosterNotFound = RuleInfo(
        id: "roster-not-found", severity: .error,
        summary: "The roster file named by `roster:` cannot be read.",
        explanation: """
            `roster:` is a path relative to the project file. Without it no student gets a \
            checklist, so pbl reports it as an error of the project. A roster that is not there \
            because git ignores it (a clone of a repository that keeps rosters out) is \
            `roster-ignored`, a note.
            """
    )
}
