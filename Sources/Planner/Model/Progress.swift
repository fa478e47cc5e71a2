import YAMLTree

/// What a teacher wrote in one cell of a progress sheet, read: a tick, a date, a level of the
/// mastery scale, absent, excused or a note.
public enum ProgressMark: Sendable, Equatable {
    /// Done; on the date written, if any.
    case done(on: CivilDate?)
    /// A level of the mastery scale (its position, lowest 0), assessed on the date written, if any.
    case level(Int, on: CivilDate?)
    case absent
    case excused
    /// Anything else: kept, shown, and not counted as done.
    case note(String)
}

/// One filled cell of a progress file: a student, an item of the plan (a milestone or a
/// reflection, by id) or a criterion of an assessed milestone, and what was recorded. Kept
/// small (a class's term is hundreds of thousands of cells): the ids are the file's own
/// strings, shared by every cell of a row or a column, and the cell's place is one range.
public struct ProgressEntry: Sendable {
    public var student: String
    /// A milestone's id, or a cycle's reflection (`CYCLE-reflection-N`, as the sheet writes it).
    public var item: String
    /// For a rubric criterion's column: the criterion's id.
    public var criterion: String?
    public var mark: ProgressMark
    /// Where the cell is, in `file`.
    public var range: SourceRange
    public var file: String
    /// Position among every entry read, files in the order `progress:` lists them: later wins.
    public var order: Int

    public init(student: String, item: String, criterion: String? = nil, mark: ProgressMark, range: SourceRange, file: String,
                order: Int) {
        self.student = student
        self.item = item
        self.criterion = criterion
        self.mark = mark
        self.range = range
        self.file = file
        self.order = order
    }
}

/// The places progress files name what the plan defines: each heading's item id, each row's
/// student id, at the cell that holds it.
public struct ProgressNames: Sendable {
    public var items: [Located<String>] = []
    public var students: [Located<String>] = []

    public init() {}
}
