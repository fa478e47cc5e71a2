import YAMLTree

/// Students from a roster CSV as a student information system exports it:
/// `id,name,group,section,extra_days,goals` and one `choice:<milestone-id>` column per choice,
/// goals separated by `;`.
struct RosterLoader {
    static let columns = ["id", "name", "group", "section", "extra_days", "goals"]

    let file: String
    var sink: DiagnosticSink

    init(file: String) {
        self.file = file
        sink = DiagnosticSink(file: file)
    }

    mutating func load(_ source: SourceText) -> [Student] {
        let table: CSVTable
        do {
            table = try CSVTable(source: source)
        } catch {
            sink.report(Rules.rosterMalformed, error.message, at: error.range, help: error.help)
            return []
        }
        guard let header = table.rows.first else {
            sink.report(Rules.rosterMalformed, "the roster is empty", at: .fileStart,
                        help: "start with a header row: id,name,group,extra_days,goals")
            return []
        }
        var columnOf: [String: Int] = [:]
        var choiceColumns: [(Int, Located<String>)] = []
        for (position, field) in header.enumerated() {
            let name = field.text.trimmed
            if name.hasPrefix("choice:") {
                let milestone = String(name.dropFirst("choice:".count)).trimmed
                choiceColumns.append((position, Located(milestone, range: field.range, file: file)))
            } else if Self.columns.contains(name) {
                columnOf[name] = position
            } else {
                let suggestion = Suggest.nearest(to: name, in: Self.columns)
                sink.report(Rules.unknownKey, "unknown roster column `\(name)`", at: field.range,
                            help: suggestion.map { "did you mean `\($0)`?" }
                                ?? "columns: \(Self.columns.joined(separator: ", ")), and choice:<milestone-id>")
            }
        }
        for required in ["id", "name"] where columnOf[required] == nil {
            sink.report(Rules.missingField, "the roster has no `\(required)` column", at: SourceRange(at: header[0].range.start),
                        help: "the header row names the columns: id,name,group,extra_days,goals")
        }
        guard sink.diagnostics.isEmpty || columnOf["id"] != nil else { return [] }
        var students: [Student] = []
        var ragged: [[CSVTable.Field]] = []
        for row in table.rows.dropFirst() {
            if row.count != header.count {
                ragged.append(row)
                continue
            }
            students.append(student(row, columnOf: columnOf, choiceColumns: choiceColumns))
        }
        // One error for the file, not one per row: a ragged roster usually has one cause.
        if let first = ragged.first {
            let more = ragged.count - 1
            sink.report(Rules.rosterMalformed, "row has \(first.count) field\(first.count == 1 ? "" : "s"); the header has \(header.count)",
                        at: first[0].range,
                        notes: more > 0 ? [Diagnostic.Note(message: "\(more) more row\(more == 1 ? "" : "s") like it, first here",
                                                          file: file, range: ragged[1][0].range)] : [],
                        help: "quote fields that contain commas, and give every row one field per column")
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
            if ValueSyntax.isID(id.value) {
                student.id = id
            } else {
                sink.report(Rules.malformedValue, "`\(id.value)` is not a valid student id", at: id.range,
                            help: "ids use lowercase letters, digits and hyphens, like `\(ValueSyntax.slug(id.value))`")
            }
        } else if columnOf["id"] != nil {
            sink.report(Rules.missingField, "student has no id", at: SourceRange(at: start))
        }
        student.name = cell("name")
        if student.name == nil, columnOf["name"] != nil {
            sink.report(Rules.missingField, "student \(student.id.map { "`\($0.value)` " } ?? "")has no name", at: SourceRange(at: start))
        }
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
