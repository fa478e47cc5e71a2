import PlannerModel
import PlannerDates

/// `pbl progress sheet`: the grid a teacher fills in after the printout, as CSV. One row per
/// student, a column per item of the plan (and per criterion of an assessed milestone), each
/// headed by its title with its id in brackets, which is what pbl reads back; a `(due)` row
/// per section with the class's dates, and each student's own dates where they differ.
public enum ProgressSheetRenderer {
    /// A column of the sheet: an item, or one criterion of an assessed one.
    struct Column {
        var item: DatedItem
        var criterion: DatedItem.Criterion?

        var heading: String {
            guard let criterion else { return "\(item.title) [\(item.id)]" }
            return "\(item.title): \(criterion.title) [\(item.id)/\(criterion.id)]"
        }
    }

    /// `plan`: a plan with its students (a printable schedule), whose items carry their rubric's criteria.
    public static func render(_ plan: DatedPlan) -> String {
        let items = plan.sections.first?.items ?? []
        var columns: [Column] = []
        for item in items {
            columns.append(Column(item: item, criterion: nil))
            columns += item.criteria.map { Column(item: item, criterion: $0) }
        }
        let hasSections = plan.sections.count > 1 || plan.sections.first?.id != nil
        var rows: [[String]] = [["id", "name"] + (hasSections ? ["section"] : []) + columns.map(\.heading) + ["own due dates"]]
        for section in plan.sections {
            let dates = Dictionary(section.items.map { ($0.id, $0.date) }, uniquingKeysWith: { first, _ in first })
            let label = section.id.map { "(due \($0))" } ?? "(due)"
            rows.append([label, ""] + (hasSections ? [section.id ?? ""] : [])
                        + columns.map { column in column.criterion == nil ? dates[column.item.id].map(\.description) ?? "(n/a)" : "" } + [""])
            for student in section.students where !student.isBlank {
                let own = Dictionary(student.items.map { ($0.item.id, $0.due) }, uniquingKeysWith: { first, _ in first })
                let cells = columns.map { column in own[column.item.id] == nil ? "(n/a)" : "" }
                let differing = student.items.filter { dates[$0.item.id] != $0.due }.map { "\($0.item.id) \($0.due)" }
                rows.append([student.id, student.name] + (hasSections ? [section.id ?? ""] : []) + cells
                            + [differing.joined(separator: "; ")])
            }
        }
        return rows.map(CSVRenderer.row).joined()
    }
}
