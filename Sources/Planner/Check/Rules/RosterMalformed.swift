extension Rules {
    public static let rosterMalformed = RuleInfo(
        id: "roster-malformed", severity: .error,
        summary: "A roster CSV that cannot be read as a table.",
        explanation: """
            A roster is RFC 4180 CSV: a header row, then one row per student with as many \
            fields as the header. Fields with commas, quotes or line breaks are quoted, and a \
            quote inside a quoted field is written twice.
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
