import Planner

/// `--format text`: an aligned table for the terminal, grouped by week.
public struct TextScheduleRenderer {
    public init() {}

    public func render(_ plan: DatedPlan) -> String {
        var lines: [String] = []
        for section in plan.sections {
            lines.append(Escape.terminal(plan.title) + (section.id.map { "  (section \($0))" } ?? ""))
            if let question = plan.drivingQuestion { lines.append(Escape.terminal(question)) }
            let rows = Self.rows(section)
            let cycleWidth = rows.map { TerminalWidth.of($0.cycle) }.max() ?? 0
            let kindWidth = rows.map { $0.kind.count }.max() ?? 0
            var week: Int?
            for row in rows {
                // Weeks start on Monday: day number 4 was a Monday (1970-01-05).
                let weekStart = row.date.dayNumber - ((row.date.dayNumber - 4) % 7 + 7) % 7
                if week != weekStart {
                    week = weekStart
                    lines.append("")
                    lines.append("Week of \(CivilDate(dayNumber: weekStart))")
                }
                let line = "  \(row.date.weekday.shortName) \(row.date)  " + TerminalWidth.pad(row.cycle, to: cycleWidth) + "  "
                    + TerminalWidth.pad(row.kind, to: kindWidth) + "  " + row.title
                lines.append(line.trimmingTrailingSpaces())
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    struct Row {
        var date: CivilDate
        var cycle: String
        var kind: String
        var title: String
    }

    static func rows(_ section: SectionPlan) -> [Row] {
        var rows: [Row] = []
        for cycle in section.cycles {
            rows.append(Row(date: cycle.start, cycle: Escape.terminal(cycle.id), kind: "cycle",
                            title: "Cycle begins: " + Escape.terminal(cycle.title) + " (\(cycle.days) days, to \(cycle.end))"))
            for item in cycle.items {
                var title = Escape.terminal(item.title)
                if item.optional { title += " (optional)" }
                if item.isCheckpoint { title += " [teacher signs off]" }
                if !item.standards.isEmpty { title += "  " + item.standards.map(Escape.terminal).joined(separator: ", ") }
                rows.append(Row(date: item.date, cycle: Escape.terminal(cycle.id), kind: item.kindName, title: title))
            }
        }
        // Stable: by date, then in plan order.
        return rows.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var result = self
        while result.last == " " { result.removeLast() }
        return result
    }
}
