import Diagnostics
import YAMLTree
import PlannerModel

/// Students from a roster as a student information system or a spreadsheet writes it:
/// `id,name,group,section,extra_days,goals` and one `choice:<milestone-id>` column per choice,
/// goals separated by `;`. The table comes from a CSV file or a workbook's sheet
/// (`RosterFiles.swift`); from here on both are rows of fields with their places.
public struct RosterLoader {
    public static let columns = ["id", "name", "family_name", "group", "section", "extra_days", "goals"]

    public let file: String
    public var sink: DiagnosticSink
    /// The CSV's text, for snippets under its findings; nil for a workbook or bytes that are not text.
    public var source: SourceText?

    public init(file: String) {
        self.file = file
        sink = DiagnosticSink(file: file)
    }

    /// A CSV roster's text.
    mutating func load(_ source: SourceText) -> [Student] {
        let separator = CSVTable.separator(of: source)
        let table: CSVTable
        do {
            table = try CSVTable(source: source, separator: separator)
        } catch {
            sink.report(Rules.rosterMalformed, error.message, at: error.range, help: error.help)
            return []
        }
        let rows = table.rows.filter { !Self.isBlank($0) }
        if separator != 0x2C, let header = rows.first, header.count > 1 {
            let name = separator == 0x3B ? "semicolons (`;`)" : "tabs"
            sink.report(Rules.rosterSeparator, "the roster's columns are separated by \(name); pbl reads it that way",
                        at: SourceRange(at: header[0].range.end),
                        help: separator == 0x3B ? "nothing to change: Excel writes semicolons where the decimal mark is a comma" : nil)
        }
        return students(rows, padsShortRows: false)
    }

    /// A row whose every cell is empty: Excel writes `,,,,` for a blank line of its sheet.
    static func isBlank(_ row: [CSVTable.Field]) -> Bool {
        row.allSatisfy { $0.text.trimmed.isEmpty }
    }

    /// The students of a table whose first row is the header. `padsShortRows`: a workbook
    /// leaves a row's trailing empty cells out, so a short row is not a mistake there.
    mutating func students(_ rows: [[CSVTable.Field]], padsShortRows: Bool) -> [Student] {
        guard let header = rows.first else {
            sink.report(Rules.rosterMalformed, "the roster is empty", at: .fileStart,
                        help: "start with a header row: id,name,group,extra_days,goals")
            return []
        }
        // Empty header cells at the end are a spreadsheet's unused columns: they and the
        // cells under them are not part of the roster.
        var width = header.count
        while width > 0 && header[width - 1].text.trimmed.isEmpty { width -= 1 }
        var columnOf: [String: Int] = [:]
        var choiceColumns: [(Int, Located<String>)] = []
        var named: [String: CSVTable.Field] = [:]
        for (position, field) in header.prefix(width).enumerated() {
            let written = field.text.trimmed
            // Headers match without regard to case or the spaces around them (`ID`, ` Name `).
            var name = written.lowercased()
            if name.isEmpty {
                sink.report(Rules.rosterMalformed, "column \(position + 1) has no header", at: field.range,
                            help: "name the column in the header row (\(Self.columns.joined(separator: ", ")) or choice:<milestone-id>), or delete the column")
                continue
            }
            if name.hasPrefix("choice:") {
                name = "choice:" + String(name.dropFirst("choice:".count)).trimmed
            }
            if let first = named[name] {
                sink.report(Rules.rosterMalformed, "the column `\(written)` is named twice in the header",
                            at: field.range, notes: [Diagnostic.Note(message: "first named here", file: file, range: first.range)],
                            help: "keep one of the two columns: delete the other, or rename it")
                continue
            }
            named[name] = field
            if name.hasPrefix("choice:") {
                let milestone = String(name.dropFirst("choice:".count))
                choiceColumns.append((position, Located(milestone, range: field.range, file: file)))
            } else if Self.columns.contains(name) {
                columnOf[name] = position
            } else {
                let suggestion = Suggest.nearest(to: name, in: Self.columns)
                sink.report(Rules.unknownKey, "unknown roster column `\(written)`", at: field.range,
                            help: suggestion.map { "did you mean `\($0)`?" }
                                ?? "columns: \(Self.columns.joined(separator: ", ")), and choice:<milestone-id>",
                            fixes: CellPlace.isWorkbook(file) ? [] : suggestion.map { [.replace(field.range, with: $0)] } ?? [])
            }
        }
        for required in ["id", "name"] where columnOf[required] == nil {
            sink.report(Rules.missingField, "the roster has no `\(required)` column", at: SourceRange(at: header[0].range.start),
                        help: "the header row names the columns: id,name,group,extra_days,goals")
        }
        guard sink.diagnostics.allSatisfy({ $0.severity != .error }) || columnOf["id"] != nil else { return [] }
        var students: [Student] = []
        var ragged: [[CSVTable.Field]] = []
        var unheaded: [CSVTable.Field] = []
        for var row in rows.dropFirst() {
            if Self.isBlank(row) { continue }
            if padsShortRows {
                // The missing cells, each at its own place (the column after the one before).
                while row.count < width {
                    let next = row.last?.range.end ?? header[row.count].range.start
                    row.append(CSVTable.Field(text: "", range: Self.range(row: row[0].range.start.line, column: next.column)))
                }
            }
            // A row shorter than the header, or longer with values past it, is a CSV's
            // quoting slip; values under an empty header cell are in a column with no name.
            let longPastHeader = !padsShortRows && row.dropFirst(header.count).contains { !$0.text.trimmed.isEmpty }
            if row.count < width || longPastHeader {
                ragged.append(row)
                continue
            }
            if let stray = row.dropFirst(width).first(where: { !$0.text.trimmed.isEmpty }) { unheaded.append(stray) }
            students.append(student(row, columnOf: columnOf, choiceColumns: choiceColumns))
        }
        // One error for the file, not one per row: a ragged roster usually has one cause.
        if let first = ragged.first {
            let more = ragged.count - 1
            sink.report(Rules.rosterMalformed, "row has \(first.count) field\(first.count == 1 ? "" : "s"); the header has \(width)",
                        at: first[0].range,
                        notes: more > 0 ? [Diagnostic.Note(message: "\(more) more row\(more == 1 ? "" : "s") like it, first here",
                                                          file: file, range: ragged[1][0].range)] : [],
                        help: "quote fields that contain commas, and give every row one field per column")
        }
        if let first = unheaded.first {
            let more = unheaded.count - 1
            sink.report(Rules.rosterMalformed, "`\(first.text.trimmed)` is in a column with no header", at: first.range,
                        notes: more > 0 ? [Diagnostic.Note(message: "\(more) more value\(more == 1 ? "" : "s") like it, first here",
                                                          file: file, range: unheaded[1].range)] : [],
                        help: "name the column in the header row, or clear its cells")
        }
        return students
    }

    private mutating func student(_ row: [CSVTable.Field], columnOf: [String: Int], choiceColumns: [(Int, Located<String>)]) -> Student {
        func cell(_ name: String) -> Located<String>? {
            guard let position = columnOf[name] else { return nil }
            let field = row[position]
            let text = field.text.trimmed
            return text.isEmpty ? nil : Located(text, range: field.range, file: file)
        }
        let start = row[0].range.start
        var student = Student(range: SourceRange(start: start, end: row[row.count - 1].range.end), file: file)
        if let id = cell("id") {
            if ValueSyntax.isStudentID(id.value) {
                student.id = id
            } else {
                sink.report(Rules.malformedValue, "`\(id.value)` is not a valid student id", at: id.range,
                            help: "\(ValueSyntax.studentIDRule), like `\(ValueSyntax.studentIDSuggestion(id.value))`")
            }
        } else if columnOf["id"] != nil {
            sink.report(Rules.missingField, "student has no id", at: SourceRange(at: start))
        }
        student.name = cell("name")
        if student.name == nil, columnOf["name"] != nil {
            sink.report(Rules.missingField, "student \(student.id.map { "`\($0.value)` " } ?? "")has no name", at: SourceRange(at: start))
        }
        student.familyName = cell("family_name")
        student.group = cell("group")
        student.section = cell("section")
        if let extra = cell("extra_days") {
            if let value = Int(extra.value), FormatSpec.extraDayBounds.contains(value) {
                student.extraDays = Located(value, range: extra.range, file: file)
            } else {
                sink.report(Rules.malformedValue, "`extra_days` must be a whole number from 0 to 60, found `\(extra.value)`", at: extra.range)
            }
        }
        if let goals = cell("goals") {
            student.goals = goals.value.split(separator: ";").map(\.trimmed).filter { !$0.isEmpty }
                .map { Located($0, range: goals.range, file: file) }
        }
        for (position, milestone) in choiceColumns {
            let text = row[position].text.trimmed
            if !text.isEmpty {
                student.choices.append((milestone: milestone, choice: Located(text, range: row[position].range, file: file)))
            }
        }
        return student
    }
}

extension Substring {
    var trimmed: String { String(self).trimmed }
}
