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
    /// One student's schedule (`DatedPlan.view(of:)`), with their section's no-school days and
    /// rotation, which the schedules print in their place.
    func studentView(of studentID: String) -> (plan: DatedPlan, student: StudentPlan, section: SectionPlan)? {
        guard var view = view(of: studentID), !view.plan.sections.isEmpty else { return nil }
        view.plan.sections[0].noSchool = view.section.noSchool
        view.plan.sections[0].rotation = view.section.rotation
        return view
    }
}
