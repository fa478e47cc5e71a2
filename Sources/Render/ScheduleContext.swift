import Planner

/// What the schedule templates (render/schedule.{html,md,txt}.mustache) see. Documented in
/// docs/templates.md.
public enum ScheduleContext {
    public static func make(_ plan: DatedPlan) -> [String: Any] {
        compact([
            ("title", plan.title),
            ("project_id", plan.projectID),
            ("driving_question", plan.drivingQuestion),
            ("product", plan.productTitle),
            ("audience", plan.audience),
            ("exhibition", plan.exhibition?.description),
            ("sections", plan.sections.map(section)),
        ])
    }

    static func section(_ section: SectionPlan) -> [String: Any] {
        compact([
            ("id", section.id),
            // Markdown heading level of a cycle: under a section heading, one deeper.
            ("cycle_heading", section.id == nil ? "##" : "###"),
            ("cycles", section.cycles.map(cycle)),
            ("weeks", weeks(section)),
        ])
    }

    static func cycle(_ cycle: DatedCycle) -> [String: Any] {
        compact([
            ("id", cycle.id),
            ("title", cycle.title),
            ("goal", cycle.goal),
            ("start", cycle.start.description),
            ("end", cycle.end.description),
            ("days", cycle.days),
            ("items", cycle.items.map(item)),
        ])
    }

    static func item(_ item: DatedItem) -> [String: Any] {
        compact([
            ("id", item.id),
            ("kind", item.kindName),
            ("title", item.title),
            ("date", item.date.description),
            ("weekday", item.date.weekday.shortName),
            ("day", item.day),
            ("deliverable", item.deliverable),
            ("evidence", item.evidence),
            ("checkpoint", item.isCheckpoint),
            ("optional", item.optional),
            ("standards", item.standards.isEmpty ? nil : item.standards.joined(separator: ", ")),
            ("options", item.options.isEmpty ? nil : item.options.map(\.title).joined(separator: " or ")),
        ])
    }

    /// The terminal table: rows by date in weeks (from Monday), columns padded to line up
    /// whatever the script (wide characters count two).
    static func weeks(_ section: SectionPlan) -> [[String: Any]] {
        let rows = TextScheduleRows.rows(section)
        let cycleWidth = rows.map { TerminalWidth.of($0.cycle) }.max() ?? 0
        let kindWidth = rows.map { $0.kind.count }.max() ?? 0
        var weeks: [[String: Any]] = []
        var current: (start: Int, rows: [[String: Any]])?
        for row in rows {
            let weekStart = row.date.dayNumber - ((row.date.dayNumber - 4) % 7 + 7) % 7  // day 4 was a Monday
            if current?.start != weekStart {
                if let current { weeks.append(["start": CivilDate(dayNumber: current.start).description, "rows": current.rows]) }
                current = (weekStart, [])
            }
            current?.rows.append([
                "weekday": row.date.weekday.shortName,
                "date": row.date.description,
                "cycle": TerminalWidth.pad(row.cycle, to: cycleWidth),
                "kind": TerminalWidth.pad(row.kind, to: kindWidth),
                "title": row.title,
            ])
        }
        if let current { weeks.append(["start": CivilDate(dayNumber: current.start).description, "rows": current.rows]) }
        return weeks
    }
}

enum TextScheduleRows {
    struct Row {
        var date: CivilDate
        var cycle: String
        var kind: String
        var title: String
    }

    static func rows(_ section: SectionPlan) -> [Row] {
        var rows: [Row] = []
        for cycle in section.cycles {
            rows.append(Row(date: cycle.start, cycle: cycle.id, kind: "cycle",
                            title: "Cycle begins: \(cycle.title) (\(cycle.days) days, to \(cycle.end))"))
            for item in cycle.items {
                var title = item.title
                if item.optional { title += " (optional)" }
                if item.isCheckpoint { title += " [teacher signs off]" }
                if !item.standards.isEmpty { title += "  " + item.standards.joined(separator: ", ") }
                rows.append(Row(date: item.date, cycle: cycle.id, kind: item.kindName, title: title))
            }
        }
        return rows.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
    }
}
