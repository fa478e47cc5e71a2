import Diagnostics
import YAMLTree
import PlannerModel
import PlannerLoad
import PlannerDates
import PlannerSchedule
import PlannerCheck
import PlannerResources

extension FileReport {
    /// The loaded project on dates, for printing: every student's items laid out, and each
    /// standard code with its statement. A separate step from validating, which only needs the
    /// class's dates; nil without a project or a calendar start.
    public func printableSchedule() -> Schedule? {
        guard let project, var schedule = Scheduler.schedule(project, withStudents: true) else { return nil }
        if let standards { schedule.plan.standardStatements = standards.statements(for: schedule.plan) }
        return schedule
    }
}

extension StandardsIndex {
    /// The words of each code the plan's items name (codes no catalog has are left out).
    public func statements(for plan: DatedPlan) -> [String: StandardStatement] {
        var statements: [String: StandardStatement] = [:]
        for section in plan.sections {
            for item in section.items {
                for code in item.standards where statements[code] == nil {
                    guard let standard = lookup(code)?.standard, let text = standard.text?.value else { continue }
                    statements[code] = StandardStatement(text: text, studentText: standard.studentText?.value)
                }
            }
        }
        return statements
    }
}
