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
