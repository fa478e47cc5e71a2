import Diagnostics
import Planner
import YAMLTree

/// What hovering shows, in plain text (a catalog's or a teacher's words are shown as words,
/// never as markup): a standard code's statement, grade and catalog; a milestone's real date
/// in each section and the students whose dates differ; a date's weekday, whether school is
/// in and its rotation day; a key's documentation from the format.
extension EditorFeatures {
    func hover(line: Int, character: Int, text: String?) -> [String: Any]? {
        let answer = standardHover(line: line, character: character)
            ?? milestoneHover(line: line, character: character)
            ?? dateHover(line: line, character: character, text: text)
            ?? text.flatMap { keyHover(line: line, character: character, text: $0) }
        return answer.map { ["contents": ["kind": "plaintext", "value": $0.text], "range": range($0.range, source)] }
    }

    private func standardHover(line: Int, character: Int) -> (text: String, range: SourceRange)? {
        guard let project = report.project, let standards = report.standards else { return nil }
        var codes = project.standards?.targets ?? []
        codes += project.cycles.flatMap { $0.milestones.flatMap(\.standards) + $0.reflection.flatMap(\.standards) }
        codes += project.rubrics.flatMap { $0.criteria.flatMap(\.standards) }
        guard let code = codes.first(where: { isThisFile($0.file) && contains($0.range, line: line, character: character) }) else { return nil }
        guard let entry = standards.lookup(code.value) else {
            return ("\(code.value): no catalog of this project has this code", code.range)
        }
        let grade = entry.standard.grade.map { ", grade \($0.value)" } ?? ""
        var text = "\(entry.code) (\(entry.catalog)\(grade))"
        if let statement = entry.standard.text?.value { text += "\n\n\(statement)" }
        if let words = entry.standard.studentText?.value { text += "\n\nFor students: \(words)" }
        return (text, code.range)
    }

    /// A milestone's id (where it is defined or named): its date in each section, and the
    /// students whose due date is later because of their extra days.
    private func milestoneHover(line: Int, character: Int) -> (text: String, range: SourceRange)? {
        guard let found = occurrence(line: line, character: character, in: identifiers), found.kind == .milestone,
              let project = report.project, let schedule = Scheduler.schedule(project, withStudents: true) else { return nil }
        var lines: [String] = []
        var title: String?
        for section in schedule.plan.sections {
            guard let item = section.items.first(where: { $0.id == found.id.value }) else { continue }
            title = item.title
            let label = section.id.map { "\($0): " } ?? ""
            lines.append("\(label)\(item.date.shortText), \(item.date.year) (day \(item.day) of its cycle)")
            let late = section.students.compactMap { student -> String? in
                guard let mine = student.items.first(where: { $0.item.id == found.id.value }), mine.due != item.date else { return nil }
                return "\(student.name) (\(student.id)): due \(mine.due.shortText)"
            }
            if !late.isEmpty {
                lines.append("  later for \(late.count) student\(late.count == 1 ? "" : "s") with extra days: "
                             + late.prefix(8).joined(separator: "; ") + (late.count > 8 ? "; ..." : ""))
            }
        }
        guard !lines.isEmpty else { return nil }
        return ("\(found.id.value)" + (title.map { ": \($0)" } ?? "") + "\n\n" + lines.joined(separator: "\n"), found.id.range)
    }

    /// A date written in the project (a calendar date, a range's ends, a start): its weekday,
    /// whether school is in and the class meets, and its rotation day, per section.
    private func dateHover(line: Int, character: Int, text: String?) -> (text: String, range: SourceRange)? {
        guard let text, let project = report.project, let schedule = Scheduler.schedule(project, withStudents: false),
              let (date, range) = dateWord(text: text, line: line, character: character) else { return nil }
        var lines = ["\(date.weekday.displayName), \(date.shortText.dropFirst(4)), \(date.year)"]
        let reasons = (schedule.plan.sections.first?.noSchool ?? []).filter { $0.dates.first <= date && date <= $0.dates.last }
        for facts in schedule.sections {
            let school = facts.calendar
            let label = facts.id.map { "\($0): " } ?? ""
            if !school.isSchoolDay(date) {
                let reason = reasons.first?.reason.map { " (\($0))" } ?? ""
                lines.append(label + ([.sat, .sun].contains(date.weekday) ? "no school: a weekend" : "no school" + reason))
            } else {
                var words = school.isMeeting(date) ? "school is in; the class meets" : "school is in; the class does not meet"
                if let rotation = school.rotationDay(of: date) { words += "; rotation day \(rotation)" }
                lines.append(label + words)
            }
        }
        return (lines.joined(separator: "\n"), range)
    }

    /// The `YYYY-MM-DD` under the cursor (one end of a `a..b` range included).
    private func dateWord(text: String, line: Int, character: Int) -> (CivilDate, SourceRange)? {
        guard let lineText = Self.line(text, line) else { return nil }
        let scalars = Array(lineText.unicodeScalars)
        let at = column(of: character, in: lineText)
        guard at <= scalars.count else { return nil }
        func isDatePart(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) || scalar == "-" }
        var start = at, end = at
        while start > 0, isDatePart(scalars[start - 1]) { start -= 1 }
        while end < scalars.count, isDatePart(scalars[end]) { end += 1 }
        let word = String(String.UnicodeScalarView(scalars[start..<end]))
        guard word.count == 10, let date = CivilDate(iso: word) else { return nil }
        let lineStart = Self.offsetOfLine(text, line)
        let before = String(String.UnicodeScalarView(scalars[..<start])).utf8.count
        let range = SourceRange(start: Mark(line: line + 1, column: start + 1, offset: lineStart + before),
                                end: Mark(line: line + 1, column: end + 1, offset: lineStart + before + 10))
        return (date, range)
    }

    /// A key of the format under the cursor: its type and documentation.
    private func keyHover(line: Int, character: Int, text: String) -> (text: String, range: SourceRange)? {
        guard let lineText = Self.line(text, line), isProjectFile else { return nil }
        let (indent, rest) = KeyCompletion.shape(lineText)
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        let key = rest[..<colon].trimmingCharacters(in: .whitespaces)
        let keyStart = indent + rest.unicodeScalars.prefix { $0 == " " }.count
        let keyEnd = keyStart + key.unicodeScalars.count
        let at = column(of: character, in: lineText)
        guard !key.isEmpty, at >= keyStart, at <= keyEnd else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let spec = KeyCompletion.spec(at: KeyCompletion.path(lines, above: line, indent: indent)), let field = spec.field(key) else {
            return nil
        }
        let lineStart = Self.offsetOfLine(text, line)
        let prefix = String(lineText.unicodeScalars.prefix(keyStart)).utf8.count
        let range = SourceRange(start: Mark(line: line + 1, column: keyStart + 1, offset: lineStart + prefix),
                                end: Mark(line: line + 1, column: keyEnd + 1, offset: lineStart + prefix + key.utf8.count))
        return ("\(field.name): \(field.type.summary)\(field.required ? " (required)" : "")\n\n\(field.description)", range)
    }

    /// The protocol's character offset on a line as a count of code points.
    private func column(of character: Int, in line: String) -> Int {
        guard utf16 else { return character }
        var units = 0, scalars = 0
        for scalar in line.unicodeScalars {
            if units >= character { break }
            units += scalar.utf16.count
            scalars += 1
        }
        return scalars
    }

    static func line(_ text: String, _ number: Int) -> String? {
        guard number >= 0 else { return nil }
        var current = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == number { return String(line.hasSuffix("\r") ? line.dropLast() : line) }
            current += 1
        }
        return nil
    }

    static func offsetOfLine(_ text: String, _ number: Int) -> Int {
        var offset = 0, current = 0
        for byte in text.utf8 {
            if current == number { return offset }
            offset += 1
            if byte == 0x0A { current += 1 }
        }
        return offset
    }
}
