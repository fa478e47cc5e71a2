import Diagnostics
import YAMLTree

public enum RotationRules {
    public struct Problem: Sendable {
        public var message: String
        public var range: SourceRange
        public var file: String
        public var help: String?
    }

    /// Whether the plan can be put on dates: every problem here is an error of its own.
    public static func isConsistent(_ calendar: CalendarSpec) -> Bool { problems(calendar).isEmpty }

    public static func problems(_ calendar: CalendarSpec) -> [Problem] {
        var problems: [Problem] = []
        let days = calendar.rotation.map(\.value)
        var seen: Set<String> = []
        for label in calendar.rotation where !seen.insert(label.value).inserted {
            problems.append(Problem(message: "the rotation lists `\(label.value)` twice", range: label.range, file: label.file,
                                    help: "name each rotation day once: [\(days.joined(separator: ", "))]"))
        }
        let meetsOnLists = [(calendar.meetsOn, "calendar")] + calendar.sections.map { ($0.meetsOn, "section `\($0.id?.value ?? "?")`") }
        for (labels, owner) in meetsOnLists {
            guard let firstLabel = labels.first else { continue }
            if days.isEmpty {
                problems.append(Problem(message: "\(owner) has `meets_on` but the calendar has no `rotation`: without one every school day is alike",
                                        range: firstLabel.range, file: firstLabel.file,
                                        help: "add the school's day names under `calendar:` (`rotation: [A, B]`), or remove `meets_on`"))
                continue
            }
            for label in labels where !days.contains(label.value) {
                problems.append(unknownDay(label, days))
            }
        }
        guard let anchor = calendar.rotationAnchor else { return problems }
        if days.isEmpty {
            problems.append(Problem(message: "`rotation_anchor` without a `rotation`", range: anchor.range, file: anchor.file,
                                    help: "add `rotation: [A, B]` under `calendar:`, or remove `rotation_anchor`"))
            return problems
        }
        if let day = anchor.day, !days.contains(day.value) { problems.append(unknownDay(day, days)) }
        if let date = anchor.date, !isSchoolDay(date.value, calendar) {
            let closed = calendar.noSchool.contains { $0.dates.value.contains(date.value) }
            problems.append(Problem(
                message: "the rotation anchor \(date.value) (a \(date.value.weekday.displayName)) is not a school day\(closed ? ": it is in `no_school`" : "")",
                range: date.range, file: date.file,
                help: "anchor on a school day: the rotation advances on school days only"))
        }
        return problems
    }

    private static func unknownDay(_ label: Located<String>, _ days: [String]) -> Problem {
        // Labels are short: any one letter is "near" any other, so only a case slip is a likely typo.
        let nearest = days.first { $0.lowercased() == label.value.lowercased() }
        return Problem(message: "`\(label.value)` is not a day of the rotation [\(days.joined(separator: ", "))]",
                       range: label.range, file: label.file,
                       help: (nearest.map { "did you mean `\($0)`? " } ?? "") + "the rotation's days: " + days.joined(separator: ", "))
    }

    static func isSchoolDay(_ date: CivilDate, _ calendar: CalendarSpec) -> Bool {
        let weekdays = Set(calendar.meets.map(\.value)).union(Weekday.schoolWeek)
        return weekdays.contains(date.weekday) && !calendar.noSchool.contains { $0.dates.value.contains(date) }
    }
}
