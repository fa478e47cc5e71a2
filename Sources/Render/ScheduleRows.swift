import PlannerModel
import PlannerDates


/// Where a section's no-school days and the exhibition go among its cycles: in a cycle's
/// table when their date is inside the cycle, else after the cycle they follow.
enum ScheduleRows {
    enum Extra {
        case noSchool(NoSchoolDays)
        case exhibition(CivilDate)

        var date: CivilDate {
            switch self {
            case .noSchool(let days): days.dates.first
            case .exhibition(let date): date
            }
        }
    }

    /// The section's no-school days, then the exhibition, in date order (no-school days first
    /// on the same date).
    static func extras(_ section: SectionPlan, exhibition: CivilDate?) -> [Extra] {
        let all = section.noSchool.map(Extra.noSchool) + (exhibition.map { [Extra.exhibition($0)] } ?? [])
        return all.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
    }

    /// By cycle: the extras inside its span, and those after it (before the next cycle, or
    /// after the last). One before the first cycle goes in the first cycle's table.
    static func place(_ section: SectionPlan, exhibition: CivilDate?) -> (inside: [[Extra]], after: [[Extra]]) {
        var inside = Array(repeating: [Extra](), count: section.cycles.count)
        var after = inside
        guard !section.cycles.isEmpty else { return (inside, after) }
        for extra in extras(section, exhibition: exhibition) {
            if let cycle = section.cycles.firstIndex(where: { $0.start <= extra.date && extra.date <= $0.end }) {
                inside[cycle].append(extra)
            } else if let cycle = section.cycles.lastIndex(where: { $0.end < extra.date }) {
                after[cycle].append(extra)
            } else {
                inside[0].append(extra)
            }
        }
        return (inside, after)
    }
}

/// The rows of the terminal schedule: cycle starts, items, no-school days and the exhibition.
enum TextScheduleRows {
    struct Row {
        var date: CivilDate
        var cycle: String
        var kind: String
        /// `in class`, `due`, or empty (a cycle's start, no school, the exhibition).
        var when: String
        var title: String
    }

    static func rows(_ section: SectionPlan, plan: DatedPlan) -> [Row] {
        var rows: [Row] = []
        for cycle in section.cycles {
            rows.append(Row(date: cycle.start, cycle: cycle.id, kind: "cycle", when: "",
                            title: "Cycle begins: \(cycle.title) (\(cycle.days) days, to \(cycle.end))"))
            for item in cycle.items {
                var title = item.title
                if item.optional { title += " (optional)" }
                if item.isCheckpoint { title += " [teacher signs off]" }
                if !item.standards.isEmpty { title += "  " + item.standards.joined(separator: ", ") }
                rows.append(Row(date: item.date, cycle: cycle.id, kind: item.kindName, when: DateWords.label(item), title: title))
            }
        }
        for extra in ScheduleRows.extras(section, exhibition: plan.exhibition) {
            switch extra {
            case .noSchool(let days):
                rows.append(Row(date: days.dates.first, cycle: "", kind: "no school", when: "", title: NoSchoolWords.title(days, end: true)))
            case .exhibition(let date):
                rows.append(Row(date: date, cycle: "", kind: "exhibition", when: "", title: ExhibitionWords.title(plan)))
            }
        }
        return rows.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
    }
}
