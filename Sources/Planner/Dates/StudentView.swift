import PlannerModel

extension DatedPlan {
    /// One student's schedule as a plan of its own: their section, only the items they see,
    /// on their own due dates, so every schedule renderer can print it.
    public func view(of studentID: String) -> (plan: DatedPlan, student: StudentPlan, section: SectionPlan)? {
        for section in sections {
            guard let student = section.students.first(where: { $0.id == studentID }) else { continue }
            let cycles = section.cycles.map { cycle in
                var copy = cycle
                copy.items = student.items.filter { $0.item.cycleID == cycle.id }.map { entry in
                    var item = entry.item
                    item.date = entry.due
                    if let chosen = entry.chosen { item.options = [chosen] }
                    return item
                }
                return copy
            }
            var plan = self
            plan.title = "\(title): \(student.name)"
            plan.sections = [SectionPlan(id: section.id, cycles: cycles, students: [student])]
            return (plan, student, section)
        }
        return nil
    }
}
