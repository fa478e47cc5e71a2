import Diagnostics
import YAMLTree

/// `rotation`, `meets_on` and `rotation_anchor` that do not fit together. While one stands the
/// plan is not put on dates: a label the rotation lacks would leave the section no meetings,
/// and "the calendar runs out" would send the teacher to the wrong line.
struct RotationMismatchCheck: ProjectCheck {
    static let rule = RuleInfo(
        id: "rotation-mismatch", severity: .error,
        summary: "`meets_on` or `rotation_anchor` does not fit the calendar's `rotation`.",
        explanation: """
            `meets_on` names rotation days (`[A]` of `rotation: [A, B]`), so it needs a \
            `rotation`, and each of its labels must be one of the rotation's days; so must \
            `rotation_anchor`'s `day`, and the anchor's `date` must be a school day (the rotation \
            advances on school days only). A rotation lists each day once.
            """
    )

    static func check(_ context: CheckContext, _ sink: inout DiagnosticSink) {
        guard let calendar = context.project.calendar else { return }
        for problem in RotationRules.problems(calendar) {
            sink.report(rule, problem.message, at: problem.range, in: problem.file, help: problem.help)
        }
    }
}

/// A rotation counted from `calendar.start`: correct only while the start stays where it is.
struct RotationNotAnchoredCheck: ProjectCheck {
    static let rule = RuleInfo(
        id: "rotation-not-anchored", severity: .note,
        summary: "A rotation that decides the meetings is counted from the start date, not pinned to the school's calendar.",
        explanation: """
            Without `rotation_anchor`, the first school day on or after `calendar.start` is the \
            rotation's first day. Moving the start (or a template's start being replaced) then \
            swaps which days are A and B, and every date with them. Pin the rotation to the \
            school's A/B calendar: `rotation_anchor: {date: 2027-03-01, day: A}`; a department \
            template can carry it for every project.
            """
    )

    static func check(_ context: CheckContext, _ sink: inout DiagnosticSink) {
        guard let calendar = context.project.calendar, let first = calendar.rotation.first, calendar.rotationAnchor == nil,
              !calendar.meetsOn.isEmpty || calendar.sections.contains(where: { !$0.meetsOn.isEmpty }),
              case .calendarStart(let date, let day)? = context.schedule?.plan.sections.first?.rotation?.anchor else { return }
        sink.report(rule, "the rotation is counted from `calendar.start`: \(date) is day \(day), and moving the start moves every A and B",
                    at: first, help: "pin it to the school's calendar: `rotation_anchor: {date: \(date), day: \(day)}` (under `calendar:`)")
    }
}

enum RotationRules {
    struct Problem {
        var message: String
        var range: SourceRange
        var file: String
        var help: String?
    }

    /// Whether the plan can be put on dates: every problem here is an error of its own.
    static func isConsistent(_ calendar: CalendarSpec) -> Bool { problems(calendar).isEmpty }

    static func problems(_ calendar: CalendarSpec) -> [Problem] {
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
