import Workbook
import Diagnostics
import YAMLTree
import PlannerModel

/// Reads a project's progress files against the project: every filled cell of a student's
/// row becomes an entry, and every cell pbl cannot place (an unknown student, item, criterion
/// or level, a date it cannot be sure of) is reported at its line and column, or its cell.
public struct ProgressLoader {
    public let file: String
    public var sink: DiagnosticSink
    /// The file's text, for snippets (CSV only).
    public var source: SourceText?
    /// Where this file names items and students (not in a workbook: its cells are not edited).
    public private(set) var names = ProgressNames()
    private let project: Project
    private let items: [String: [String]?]
    private let itemIDs: [String]
    private let studentIDs: Set<String>
    private let levels: [String]
    private let lowercasedLevels: [String]
    /// A level as a cell most often spells it (`proficient`, `3`, `P`, `p`), whatever the case.
    private let levelByExactText: [String: Int]
    /// First letters of the levels, which a lone `x` must not be taken for.
    private let levelInitials: Set<String>
    private let isWorkbook: Bool
    /// One file's findings are bounded: past this many the rest of it is not read.
    static let maxFindings = 100

    public init(file: String, project: Project) {
        self.file = file
        self.project = project
        sink = DiagnosticSink(file: file)
        var items: [String: [String]?] = [:]
        var ids: [String] = []
        for cycle in project.cycles {
            for milestone in cycle.milestones {
                guard let id = milestone.id?.value else { continue }
                let criteria = milestone.rubric.flatMap { project.rubric($0.value) }.map { $0.criteria.compactMap(\.id?.value) }
                if items[id] == nil { ids.append(id) }
                items[id] = .some(criteria)
            }
            if let cycleID = cycle.id?.value {
                for number in cycle.reflection.indices {
                    let id = "\(cycleID)-reflection-\(number + 1)"
                    ids.append(id)
                    items[id] = .some(nil)
                }
            }
        }
        self.items = items
        itemIDs = ids
        studentIDs = Set(project.students.compactMap(\.id?.value))
        levels = project.masteryPolicy.levelNames
        lowercasedLevels = levels.map { $0.lowercased() }
        var exact: [String: Int] = [:]
        for (index, name) in levels.enumerated() {
            exact[name] = index
            exact[name.lowercased()] = index
            exact[String(index + 1)] = index
        }
        let initials = lowercasedLevels.compactMap(\.first).map(String.init)
        for (index, initial) in initials.enumerated() where initials.filter({ $0 == initial }).count == 1 {
            exact[initial] = index
            exact[initial.uppercased()] = index
        }
        levelByExactText = exact
        levelInitials = Set(initials)
        isWorkbook = CellPlace.isWorkbook(file)
    }

    /// The entries of one file, numbered from `firstOrder` so that later files win.
    public mutating func load(bytes: [UInt8], sheet: String?, named key: Located<String>, limits: YAMLLimits,
                              firstOrder: Int) -> [ProgressEntry] {
        let rows: [[CSVTable.Field]]
        if isWorkbook {
            do {
                let read = try Workbook.readSheet(bytes, named: sheet)
                let width = read.rows.first?.cells.last?.position.column ?? 0
                rows = RosterLoader.fieldRows(read, width: width)
            } catch {
                sink.report(Rules.progressMalformed, error.message,
                            at: error.position.map { RosterLoader.range(row: $0.row, column: $0.column) } ?? .fileStart, help: error.help)
                return []
            }
        } else {
            do {
                let text = try SourceText(bytes: bytes, limits: limits)
                source = text
                rows = try CSVTable(source: text, separator: CSVTable.separator(of: text)).rows
            } catch let error as YAMLError {
                sink.append(RosterEncoding.diagnostic(error, bytes: bytes, file: file, what: "the progress file", rule: Rules.progressMalformed))
                return []
            } catch let error as CSVTable.Error {
                sink.report(Rules.progressMalformed, error.message, at: error.range, help: error.help)
                return []
            } catch {
                sink.report(Rules.progressMalformed, "cannot read the progress file", at: .fileStart)
                return []
            }
        }
        return entries(rows.filter { !RosterLoader.isBlank($0) }, firstOrder: firstOrder)
    }

    /// What a column holds.
    enum Column {
        case student
        /// Written by pbl for the reader (name, section, the student's own dates): not read back.
        case information
        case item(id: Located<String>, criterion: Located<String>?)
    }

    static let informationColumns: Set<String> = ["name", "family_name", "family name", "section", "group", "own due dates"]

    private mutating func entries(_ rows: [[CSVTable.Field]], firstOrder: Int) -> [ProgressEntry] {
        guard let header = rows.first else {
            sink.report(Rules.progressMalformed, "the progress file is empty", at: .fileStart,
                        help: "write one with `pbl progress sheet PROJECT -o progress.csv` and fill it in")
            return []
        }
        var columns: [Column] = []
        var seen: [String: Located<String>] = [:]
        for field in header {
            let heading = field.text.trimmed
            let key = Self.columnKey(heading)
            let lowered = key.lowercased()
            if lowered == "id" || lowered == "student" || lowered == "student id" {
                columns.append(.student)
            } else if heading.isEmpty || Self.informationColumns.contains(lowered) {
                columns.append(.information)
            } else {
                columns.append(column(key, at: field.range))
            }
            if !heading.isEmpty, let earlier = seen.updateValue(Located(key, range: field.range, file: file), forKey: key) {
                sink.report(Rules.progressMalformed, "the column `\(key)` is in the header twice", at: field.range,
                            notes: [Diagnostic.Note(message: "first here", file: file, range: earlier.range)],
                            help: "keep one column per item; combine the two into one")
            }
        }
        guard let studentColumn = columns.firstIndex(where: { if case .student = $0 { true } else { false } }) else {
            sink.report(Rules.progressMalformed, "the progress file has no `id` column for the student", at: header.first?.range ?? .fileStart,
                        help: "the first column is the student's id, as `pbl progress sheet` writes it")
            return []
        }
        var entries: [ProgressEntry] = []
        for row in rows.dropFirst() {
            guard sink.diagnostics.count < Self.maxFindings else {
                sink.report(Rules.progressMalformed, "more than \(Self.maxFindings) problems: the rest of this file is not read",
                            at: row.first?.range ?? .fileStart, help: "is this the progress file of this project?")
                break
            }
            guard studentColumn < row.count else { continue }
            let idField = row[studentColumn]
            let id = idField.text.trimmed
            // pbl's own rows (`(due)`, `(due p2)`) and rows without a student.
            if id.isEmpty || id.hasPrefix("(") { continue }
            let student = Located(id, range: idField.range, file: file)
            if !isWorkbook { names.students.append(student) }
            guard studentIDs.contains(id) else {
                let nearest = Suggest.nearest(to: id, in: Array(studentIDs).sorted())
                sink.report(Rules.progressReference, "no student of the roster has the id `\(id)`", at: student,
                            help: nearest.map { "did you mean `\($0)`?" } ?? "each row is a student of the project's roster, by id",
                            fixes: CellPlace.isWorkbook(file) ? [] : nearest.map { [.replace(idField.range, with: $0)] } ?? [])
                continue
            }
            for (index, field) in row.enumerated() where index < columns.count && sink.diagnostics.count < Self.maxFindings {
                guard case .item(let item, let criterion) = columns[index] else { continue }
                let text = field.text.trimmed
                // `(n/a)`: pbl's own mark for an item the student does not have.
                guard !text.isEmpty, !text.hasPrefix("(") else { continue }
                let written = Located(text, range: field.range, file: file)
                guard let mark = mark(text, at: written, item: item.value, criterion: criterion) else { continue }
                entries.append(ProgressEntry(student: id, item: item.value, criterion: criterion?.value, mark: mark, range: field.range,
                                             file: file, order: firstOrder + entries.count))
            }
        }
        return entries
    }

    /// `Title [item]` or `Title: criterion [item/criterion]` names its key in brackets, so the
    /// titles can be read by a person and changed by them; a bare key is read as it is.
    static func columnKey(_ heading: String) -> String {
        guard heading.hasSuffix("]"), let open = heading.lastIndex(of: "[") else { return heading }
        return String(heading[heading.index(after: open)..<heading.index(before: heading.endIndex)]).trimmed
    }

    private mutating func column(_ key: String, at range: SourceRange) -> Column {
        let parts = key.split(separator: "/", maxSplits: 1).map { String($0).trimmed }
        let item = Located(parts[0], range: range, file: file)
        guard let criteria = items[parts[0]] else {
            let nearest = Suggest.nearest(to: parts[0], in: itemIDs)
            sink.report(Rules.progressReference, "no item of the plan has the id `\(parts[0])`", at: range,
                        help: nearest.map { "did you mean `\($0)`?" } ?? "columns are the plan's milestones and reflections, by id")
            return .information
        }
        if !isWorkbook { names.items.append(item) }
        guard parts.count == 2 else { return .item(id: item, criterion: nil) }
        let criterion = Located(parts[1], range: range, file: file)
        guard let known = criteria, !known.isEmpty else {
            sink.report(Rules.progressReference, "`\(parts[0])` has no rubric, so no criterion `\(parts[1])`", at: range,
                        help: "name the rubric on the milestone (`rubric: ID`), or record the item in its own column")
            return .information
        }
        guard known.contains(parts[1]) else {
            let nearest = Suggest.nearest(to: parts[1], in: known)
            sink.report(Rules.progressReference, "the rubric of `\(parts[0])` has no criterion `\(parts[1])`", at: range,
                        help: nearest.map { "did you mean `\(parts[0])/\($0)`?" } ?? "its criteria: " + known.joined(separator: ", "))
            return .information
        }
        return .item(id: item, criterion: criterion)
    }

    static let tickWords: Set<String> = ["✓", "✔", "☑", "x", "yes", "y", "done", "ok", "complete", "completed"]

    /// What a cell says, or nil (reported) when it cannot be read in its column.
    private mutating func mark(_ text: String, at written: Located<String>, item: String, criterion: Located<String>?) -> ProgressMark? {
        let hasRubric = (items[item] ?? nil)?.isEmpty == false
        // The cells a term is mostly made of, read without splitting or lowercasing.
        if criterion == nil, text == "✓" || text == "x" || text == "X", !levelInitials.contains(text.lowercased()) { return .done(on: nil) }
        if let level = levelByExactText[text], hasRubric { return .level(level, on: nil) }
        // A date, however many words it takes (`March 11, 2027`); one that is reported
        // (ambiguous, outside the project) is not read as anything else.
        let reportedBefore = sink.diagnostics.count
        if let date = dateIfDate(text, at: written) {
            guard criterion == nil else {
                sink.report(Rules.progressReference, "a date without a level in the column of a rubric criterion", at: written,
                            help: "write the level, with the date after it if it matters (`P \(date)`)")
                return nil
            }
            return .done(on: date)
        }
        if sink.diagnostics.count > reportedBefore { return nil }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" }).map(String.init)
        guard let firstWord = words.first else { return .note(text) }
        let first = firstWord.lowercased()
        let rest = words.dropFirst().joined(separator: " ")
        if first == "absent" || first == "abs" { return .absent }
        if first == "excused" || first == "exc" { return .excused }
        if criterion == nil, Self.tickWords.contains(first), levelIndex(first) == nil {
            guard !rest.isEmpty else { return .done(on: nil) }
            return date(rest, at: written).map { .done(on: $0) }
        }
        if let level = levelIndex(first) {
            guard hasRubric else {
                sink.report(Rules.progressReference, "a level (`\(text)`) for `\(item)`, which has no rubric", at: written,
                            help: "give `\(item)` a rubric (`rubric: ID`), or record it as done (✓ or the date)")
                return nil
            }
            guard !rest.isEmpty else { return .level(level, on: nil) }
            return date(rest, at: written).map { .level(level, on: $0) }
        }
        if criterion != nil {
            let nearest = Suggest.nearest(to: first, in: levels)
            sink.report(Rules.progressReference, "`\(text)` is not a level of the mastery scale", at: written,
                        help: (nearest.map { "did you mean `\($0)`? " } ?? "")
                            + "levels: " + levels.enumerated().map { "\($0.element) (\($0.offset + 1))" }.joined(separator: ", "))
            return nil
        }
        // Digits and separators only (`3/11/27`): a date pbl cannot read, not a note.
        if text.contains(where: \.isNumber), text.allSatisfy({ $0.isNumber || "/-. ".contains($0) }) {
            sink.report(Rules.progressDate, "`\(text)` looks like a date, but not one pbl can read", at: written,
                        help: "write dates as YYYY-MM-DD")
            return nil
        }
        return .note(text)
    }

    /// A level by its name, its number (1 = lowest) or its first letter (when no other level shares it).
    private func levelIndex(_ word: String) -> Int? {
        if let index = lowercasedLevels.firstIndex(of: word) { return index }
        if let number = Int(word), (1...levels.count).contains(number) { return number - 1 }
        if word.count == 1 {
            let matching = lowercasedLevels.indices.filter { lowercasedLevels[$0].hasPrefix(word) }
            if matching.count == 1 { return matching[0] }
        }
        return nil
    }

    /// A date the cell gives, reported when it cannot be read or is outside the project.
    private mutating func date(_ text: String, at written: Located<String>) -> CivilDate? {
        if let date = dateIfDate(text, at: written) { return date }
        if !dateIsAmbiguous(text) {
            sink.report(Rules.progressDate, "`\(text)` is not a date", at: written, help: "write dates as YYYY-MM-DD")
        }
        return nil
    }

    /// The date `text` spells, nil when it spells none (or one reported as ambiguous).
    private mutating func dateIfDate(_ text: String, at written: Located<String>) -> CivilDate? {
        var found = CivilDate(iso: text)
        // A workbook's date cell holds its serial number: days since 1899-12-30.
        if found == nil, isWorkbook, let serial = Double(text), (36_526...73_051).contains(serial) {
            // A date and time is a fraction of a day past the date.
            found = CivilDate(year: 1899, month: 12, day: 30)!.adding(days: Int(serial.rounded(.down)))
        }
        if found == nil, dateIsAmbiguous(text) {
            let numbers = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            let readings = [CivilDate(year: numbers[2], month: numbers[0], day: numbers[1]).map { "\($0) (month first)" },
                            CivilDate(year: numbers[2], month: numbers[1], day: numbers[0]).map { "\($0) (day first)" }]
            sink.report(Rules.progressDate, "`\(text)` could be either of two dates", at: written,
                        help: "write it as YYYY-MM-DD: " + readings.compactMap { $0 }.joined(separator: " or "))
            return nil
        }
        if found == nil, text.contains(where: \.isNumber) { found = DateSpelling.guess(text) }
        guard let date = found else { return nil }
        if let start = project.calendar?.start?.value {
            let end = project.calendar?.end?.value ?? start.adding(days: 365)
            if date < start || date > end {
                sink.report(Rules.progressDate, "\(date) is outside the project (\(start) to \(end))", at: written,
                            help: "is the year right? dates are written YYYY-MM-DD")
                return nil
            }
        }
        return date
    }

    /// `3/4/2027`: March 4 or April 3, by who wrote it.
    private func dateIsAmbiguous(_ text: String) -> Bool {
        let numbers = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard numbers.count == 3, CivilDate(iso: text) == nil, !text.contains(".") else { return false }
        return numbers[2] > 999 && (1...12).contains(numbers[0]) && (1...12).contains(numbers[1]) && numbers[0] != numbers[1]
    }
}
