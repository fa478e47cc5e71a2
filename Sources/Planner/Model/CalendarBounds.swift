import Diagnostics
import YAMLTree

public enum CalendarBounds {
    public static let span = 730
    public static let earliest = CivilDate(year: 1900, month: 1, day: 1)!
    public static let latest = CivilDate(year: 9997, month: 12, day: 31)!

    public struct Problem: Sendable {
        public var message: String
        public var date: Located<CivilDate>
        public var help: String
    }

    public static func isWithin(_ calendar: CalendarSpec, cycles: [Cycle], students: [Student]) -> Bool {
        problems(calendar, cycles: cycles, students: students).isEmpty
    }

    /// Calendar days the plan may reach: two years, or four per class day its cycles and the
    /// longest extra days need (weekends, holidays and an A/B rotation take up to that).
    public static func reach(cycles: [Cycle], students: [Student]) -> Int {
        let needed = cycles.reduce(0) { $0 + ($1.days?.value ?? 0) } + (students.compactMap { $0.extraDays?.value }.max() ?? 0)
        return max(span, 4 * needed)
    }

    public static func problems(_ calendar: CalendarSpec, cycles: [Cycle], students: [Student] = []) -> [Problem] {
        guard let start = calendar.start else { return [] }
        guard start.value >= earliest && start.value <= latest else {
            return [Problem(message: "`calendar.start` \(start.value) is outside the years pbl plans (1900 to 9997)", date: start,
                            help: "check the year")]
        }
        let limit = start.value.adding(days: reach(cycles: cycles, students: students))
        guard limit <= latest.adding(days: 365) else {
            return [Problem(message: "the plan's cycles reach past the years pbl plans (to 9998)", date: start, help: "plan fewer class days")]
        }
        let dated: [(String, Located<CivilDate>?)] = [("end", calendar.end), ("exhibition", calendar.exhibition)]
            + calendar.sections.map { ("section `\($0.id?.value ?? "?")`'s start", $0.start) }
            + cycles.map { ("cycle `\($0.id?.value ?? "?")`'s start", $0.start) }
        return dated.compactMap { name, date in
            guard let date, date.value > limit else { return nil }
            let years = (date.value.dayNumber - start.value.dayNumber) / 365
            return Problem(message: "\(name) \(date.value) is \(years) year\(years == 1 ? "" : "s") after the start: pbl plans within two years of `calendar.start`, or as far as the cycles need (to \(limit))",
                           date: date, help: "check the year of this date and of `calendar.start`")
        }
    }
}
