import PlannerModel
import PlannerDates


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
            ("sections", plan.sections.map { section($0, plan: plan) }),
            ("exhibition_date", plan.exhibition.map(ScheduleDate.long)),
        ])
    }

    static func section(_ section: SectionPlan, plan: DatedPlan) -> [String: Any] {
        let placed = ScheduleRows.place(section, exhibition: plan.exhibition)
        return compact([
            ("id", section.id),
            // Markdown heading level of a cycle: under a section heading, one deeper.
            ("cycle_heading", section.id == nil ? "##" : "###"),
            ("cycles", section.cycles.enumerated().map { index, cycle in
                self.cycle(cycle, inside: placed.inside[index], after: placed.after[index], last: index == section.cycles.count - 1, plan: plan)
            }),
            ("weeks", weeks(section, plan: plan)),
            ("rotation", section.rotation?.summary),
            ("rotation_anchored", section.rotation?.isAnchored ?? false),
            ("no_school", section.noSchool.map { noSchoolRow($0) }),
        ])
    }

    static func cycle(_ cycle: DatedCycle, inside: [ScheduleRows.Extra], after: [ScheduleRows.Extra], last: Bool,
                      plan: DatedPlan) -> [String: Any] {
        let items = cycle.items.map(item)
        // The cycle's items with the no-school days and the exhibition inside its span, in date order.
        var rows = zip(cycle.items, items).map { (date: $0.date, row: $1) }
        for extra in inside { rows.append((extra.date, row(extra, plan: plan))) }
        let ordered = rows.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element.row)
        return compact([
            ("id", cycle.id),
            ("title", cycle.title),
            ("goal", cycle.goal),
            ("start", cycle.start.description),
            ("end", cycle.end.description),
            ("days", cycle.days),
            ("items", items),
            ("rows", ordered),
            ("after", after.map { row($0, plan: plan) }),
            ("has_after", !after.isEmpty),
            ("after_title", last ? "After the last cycle" : "Before the next cycle"),
        ])
    }

    /// Every name an item row has, so a row of another kind never finds a cycle's or the
    /// plan's value of the same name.
    static let rowNames = ["id", "kind", "title", "date", "weekday", "day", "deliverable", "evidence", "checkpoint", "optional",
                           "standards", "options", "when", "in_class", "is_item", "is_no_school", "is_exhibition", "end",
                           "end_weekday", "reason"]

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
            ("when", DateWords.label(item)),
            ("in_class", DateWords.isInClass(item)),
            ("is_item", true), ("is_no_school", false), ("is_exhibition", false), ("end", nil), ("end_weekday", nil), ("reason", nil),
        ])
    }

    static func row(_ extra: ScheduleRows.Extra, plan: DatedPlan) -> [String: Any] {
        switch extra {
        case .noSchool(let days): noSchoolRow(days)
        case .exhibition(let date):
            filled([
                ("kind", "exhibition"), ("title", ExhibitionWords.title(plan)), ("date", date.description),
                ("weekday", date.weekday.shortName), ("deliverable", plan.productTitle), ("is_exhibition", true),
            ])
        }
    }

    static func noSchoolRow(_ days: NoSchoolDays) -> [String: Any] {
        let range = days.dates.last != days.dates.first
        return filled([
            ("kind", "no school"), ("title", NoSchoolWords.title(days, end: false)), ("date", days.dates.first.description),
            ("weekday", days.dates.first.weekday.shortName), ("is_no_school", true),
            ("end", range ? days.dates.last.description : nil), ("end_weekday", range ? days.dates.last.weekday.shortName : nil),
            ("reason", days.reason),
        ])
    }

    /// A row with these values and every other row name absent.
    static func filled(_ pairs: [(String, Any?)]) -> [String: Any] {
        var row = compact(rowNames.map { ($0, nil) })
        for (key, value) in pairs { row[key] = value ?? Absent.value }
        for key in ["checkpoint", "optional", "in_class", "is_item", "is_no_school", "is_exhibition"] where row[key] is Absent {
            row[key] = false
        }
        return row
    }

    /// The terminal table: rows by date in weeks (from Monday), columns padded to line up
    /// whatever the script (wide characters count two).
    static func weeks(_ section: SectionPlan, plan: DatedPlan) -> [[String: Any]] {
        let rows = TextScheduleRows.rows(section, plan: plan)
        let cycleWidth = rows.map { TerminalWidth.of($0.cycle) }.max() ?? 0
        let kindWidth = rows.map { $0.kind.count }.max() ?? 0
        let whenWidth = rows.map { $0.when.count }.max() ?? 0
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
                "when": TerminalWidth.pad(row.when, to: whenWidth),
                "title": row.title,
            ])
        }
        if let current { weeks.append(["start": CivilDate(dayNumber: current.start).description, "rows": current.rows]) }
        return weeks
    }
}

/// Dates as schedules print them: `Fri 2027-04-30`.
enum ScheduleDate {
    static func long(_ date: CivilDate) -> String { "\(date.weekday.shortName) \(date)" }
}
