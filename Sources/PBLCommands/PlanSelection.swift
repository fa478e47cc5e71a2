import ArgumentParser
import Planner

/// `--section` and `--student`, as every printing command takes them.
extension DatedPlan {
    /// The plan of one section (all of them for nil); a usage error names the sections there are.
    func selecting(section: String?) throws -> DatedPlan {
        guard let section else { return self }
        let known = sections.compactMap(\.id)
        guard known.contains(section) else {
            throw ValidationError("no section `\(section)`; " + (known.isEmpty ? "the calendar has no sections" : "sections: " + known.joined(separator: ", ")))
        }
        return filtered(section: section)
    }

    /// The usage error for a student id that is not in the plan, with the nearest one.
    func unknownStudent(_ id: String) -> ValidationError {
        let known = sections.flatMap(\.students).map(\.id)
        return ValidationError("no student `\(id)`" + (Suggest.nearest(to: id, in: known).map { "; did you mean `\($0)`?" } ?? ""))
    }
}

extension DatedPlan {
    /// The id of the student `text` names, in the whole plan (before `--section` narrows it):
    /// an id as the roster writes it, or a name only one student has (case and extra spaces
    /// aside). With `section`, a student of another section is named as such rather than
    /// replaced by the nearest id there.
    func studentID(_ text: String, section: String?) throws -> String {
        let students = sections.flatMap { plan in plan.students.map { (student: $0, section: plan.id) } }
        func place(_ entry: (student: StudentPlan, section: String?)) -> String {
            entry.section.map { " (section `\($0)`)" } ?? ""
        }
        func checked(_ entry: (student: StudentPlan, section: String?)) throws -> String {
            if let section, let actual = entry.section, actual != section {
                throw ValidationError("student `\(entry.student.id)` (\(entry.student.name)) is in section `\(actual)`, not `\(section)`")
            }
            return entry.student.id
        }
        if let byID = students.first(where: { $0.student.id == text }) { return try checked(byID) }
        let folded = Self.foldedName(text)
        let named = students.filter { Self.foldedName($0.student.name) == folded }
        if named.count == 1 { return try checked(named[0]) }
        if named.count > 1 {
            throw ValidationError("\(named.count) students are named `\(text)`: "
                + named.map { "`\($0.student.id)`\(place($0))" }.joined(separator: ", ") + "; name one by id")
        }
        let nearest = Suggest.nearest(to: text, in: students.map(\.student.id)) ?? Suggest.nearest(to: text, in: students.map(\.student.name))
        throw ValidationError("no student `\(text)` (by id or name)" + (nearest.map { "; did you mean `\($0)`?" } ?? ""))
    }

    private static func foldedName(_ name: String) -> String {
        name.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}
