import Planner

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
