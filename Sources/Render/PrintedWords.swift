import PlannerModel
import PlannerDates


/// The words every output uses for the two kinds of date a student has, and for the
/// exhibition, so a checklist, a schedule and a calendar say the same thing.
///
/// A class event (a launch, a critique, a presentation, a visit: `DatedItem.isClassEvent`)
/// and a reflection are held in class on the class's date, which a student's extra days never
/// move: "in class Thu Mar 4". Everything else is work handed in by a date, the student's own:
/// "due Fri Mar 5".
public enum DateWords {
    /// The class holds it together on its date: a class event or a reflection.
    public static func isInClass(_ item: DatedItem) -> Bool { item.isClassEvent || item.isReflection }

    /// `in class` or `due`.
    public static func label(_ item: DatedItem) -> String { isInClass(item) ? "in class" : "due" }

    /// `in class Thu Mar 4` or `due Fri Mar 5`, with the date as given.
    public static func phrase(_ item: DatedItem, _ date: String) -> String { label(item) + " " + date }

    /// The JSON schedule's `timing`: `class` or `due`.
    public static func timing(_ item: DatedItem) -> String { isInClass(item) ? "class" : "due" }
}

/// The exhibition as schedules, checklists and calendars print it.
public enum ExhibitionWords {
    /// `Exhibition (audience: Town council)`: the title of the exhibition's row or event.
    public static func title(_ plan: DatedPlan) -> String {
        "Exhibition" + (plan.audience.map { " (audience: \($0))" } ?? "")
    }
}

/// No-school days as a schedule's row prints them.
enum NoSchoolWords {
    /// `No school: Spring break`; with `end`, a range's last day too (where the date column
    /// only has room for the first): `No school to Fri 2027-03-19: Spring break`.
    static func title(_ days: NoSchoolDays, end: Bool) -> String {
        var text = "No school"
        if end, days.dates.last != days.dates.first { text += " to \(days.dates.last.weekday.shortName) \(days.dates.last)" }
        if let reason = days.reason { text += ": " + reason }
        return text
    }
}
