import PlannerModel

/// When one section of a class meets: school days are the weekdays (and any day the class
/// meets on) that are not `no_school`; a rotation advances on school days only, from its
/// anchor (or from the start's first school day); a meeting is a school day on one of the
/// section's weekdays and, with a rotation, on one of its rotation days.
public struct SchoolCalendar: Sendable {
    public let start: CivilDate
    public let end: CivilDate
    let meets: Set<Weekday>
    let schoolWeekdays: Set<Weekday>
    let rotation: [String]
    let meetsOn: Set<String>
    /// `no_school` as sorted, clipped day-number ranges.
    let closedRanges: [(first: Int, last: Int)]
    /// `no_school` as sorted, merged, unclipped ranges: an anchor may lie outside the calendar.
    let allClosed: [(first: Int, last: Int)]
    /// The rotation index of the first school day on or after `start`.
    let rotationOffset: Int

    /// Meetings from `start` to `end` (or as far as was asked for), in order.
    public let meetings: [CivilDate]
    /// The last school day (meeting or not) reached; the last one up to `end` when the
    /// calendar ran out.
    public let lastSchoolDay: CivilDate?

    /// `enough`: stop once this many meetings are found and `until` is passed (the plan needs
    /// no more); the calendar still ends at `end` when that comes first. A school year is a
    /// few hundred days, but a benchmark (or a typo) can ask for centuries.
    /// `anchor`: a school day and the index in `rotation` of its rotation day.
    public init(start: CivilDate, end: CivilDate?, meets: [Weekday], rotation: [String], meetsOn: [String], noSchool: [DateRange],
                anchor: (date: CivilDate, day: Int)? = nil, enough: (meetings: Int, until: CivilDate?)? = nil) {
        self.start = start
        let end = end ?? start.adding(days: 364)
        self.end = end
        let meets = Set(meets.isEmpty ? Weekday.schoolWeek : meets)
        self.meets = meets
        schoolWeekdays = meets.union(Weekday.schoolWeek)
        self.rotation = rotation
        self.meetsOn = Set(meetsOn)
        var closedRanges: [(first: Int, last: Int)] = []
        for range in noSchool {
            // Only the days the calendar can reach: a range to 2099 must not cost a set of 26,000 days.
            let first = max(range.first.dayNumber, start.dayNumber), last = min(range.last.dayNumber, end.dayNumber)
            if first <= last { closedRanges.append((first, last)) }
        }
        closedRanges.sort { $0.first < $1.first }
        self.closedRanges = closedRanges
        var merged: [(first: Int, last: Int)] = []
        for range in noSchool.map({ (first: $0.first.dayNumber, last: $0.last.dayNumber) }).sorted(by: { $0.first < $1.first })
        where range.first <= range.last {
            if let last = merged.last, range.first <= last.last + 1 {
                merged[merged.count - 1].last = max(last.last, range.last)
            } else {
                merged.append(range)
            }
        }
        allClosed = merged
        let schoolWeekdays = meets.union(Weekday.schoolWeek)
        if let anchor, !rotation.isEmpty {
            // School days from the anchor to the start, counted without walking them: the anchor
            // may be any date at all.
            let between = anchor.date <= start
                ? Self.schoolDays(from: anchor.date.dayNumber, to: start.dayNumber, weekdays: schoolWeekdays, closed: merged)
                : -Self.schoolDays(from: start.dayNumber, to: anchor.date.dayNumber, weekdays: schoolWeekdays, closed: merged)
            let count = rotation.count
            rotationOffset = ((anchor.day + between) % count + count) % count
        } else {
            rotationOffset = 0
        }
        // Per weekday (Monday first), as plain flags: this loop runs for every day of the calendar.
        let order = Weekday.allCases
        let schoolSet = meets.union(Weekday.schoolWeek), meetsOnSet = Set(meetsOn)
        let isSchoolWeekday = order.map { schoolSet.contains($0) }
        let isMeetingWeekday = order.map { meets.contains($0) }
        let meetsOnAll = rotation.map { meetsOnSet.isEmpty || meetsOnSet.contains($0) }
        var weekday = order.firstIndex(of: start.weekday)!
        var nextClosed = 0
        var meetings: [CivilDate] = []
        var lastSchoolDayNumber: Int?
        var schoolDays = 0
        var day = start.dayNumber
        let stopAt = enough.map { (count: $0.meetings, day: $0.until?.dayNumber ?? Int.min) }
        while day <= end.dayNumber {
            if let stopAt, meetings.count >= stopAt.count, day > stopAt.day { break }
            while nextClosed < closedRanges.count && closedRanges[nextClosed].last < day { nextClosed += 1 }
            let isClosed = nextClosed < closedRanges.count && closedRanges[nextClosed].first <= day
            if isSchoolWeekday[weekday] && !isClosed {
                lastSchoolDayNumber = day
                if isMeetingWeekday[weekday] && (rotation.isEmpty || meetsOnAll[(rotationOffset + schoolDays) % rotation.count]) {
                    meetings.append(CivilDate(dayNumber: day))
                }
                schoolDays += 1
            }
            day += 1
            weekday = weekday == 6 ? 0 : weekday + 1
        }
        let lastSchoolDay = lastSchoolDayNumber.map(CivilDate.init(dayNumber:))
        self.meetings = meetings
        self.lastSchoolDay = lastSchoolDay
    }

    /// The index of the first meeting on or after `date`, or nil when none is left.
    public func firstMeeting(onOrAfter date: CivilDate) -> Int? {
        var low = 0, high = meetings.count
        while low < high {
            let middle = (low + high) / 2
            if meetings[middle] < date { low = middle + 1 } else { high = middle }
        }
        return low < meetings.count ? low : nil
    }

    /// The first school day on or after the start (the rotation's first day when not anchored).
    public var firstSchoolDay: CivilDate? {
        var day = start.dayNumber
        // A week without a school day is a week of no_school; the calendar's end bounds the walk.
        while day <= end.dayNumber {
            if schoolWeekdays.contains(CivilDate(dayNumber: day).weekday) && !isClosed(day) { return CivilDate(dayNumber: day) }
            day += 1
        }
        return nil
    }

    public func isMeeting(_ date: CivilDate) -> Bool {
        guard let index = firstMeeting(onOrAfter: date) else { return false }
        return meetings[index] == date
    }

    func isClosed(_ day: Int) -> Bool {
        closedRanges.contains { $0.first <= day && day <= $0.last }
    }

    /// The rotation day of a school day (A, B, ...), for schedules that show it.
    public func rotationDay(of date: CivilDate) -> String? {
        guard !rotation.isEmpty, date >= start else { return nil }
        let count = Self.schoolDays(from: start.dayNumber, to: date.dayNumber, weekdays: schoolWeekdays, closed: allClosed)
        return rotation[(rotationOffset + count) % rotation.count]
    }

    /// Whether a date is a school day: a school weekday that is not `no_school`.
    public func isSchoolDay(_ date: CivilDate) -> Bool {
        let day = date.dayNumber
        return schoolWeekdays.contains(date.weekday) && !allClosed.contains { $0.first <= day && day <= $0.last }
    }

    /// The school days (Monday to Friday and any weekday in `meets`) a range of dates holds.
    public static func schoolDayCount(in range: DateRange, meets: [Weekday]) -> Int {
        schoolDays(from: range.first.dayNumber, to: range.last.dayNumber + 1, weekdays: Set(meets).union(Weekday.schoolWeek), closed: [])
    }

    /// School days in `first..<last` (day numbers): weekdays by whole weeks, less the closed
    /// ones, range by range. No loop runs longer than a week.
    static func schoolDays(from first: Int, to last: Int, weekdays: Set<Weekday>, closed: [(first: Int, last: Int)]) -> Int {
        guard first < last else { return 0 }
        var count = weekdayCount(first, last - 1, weekdays)
        for range in closed {
            let low = max(range.first, first), high = min(range.last, last - 1)
            if low <= high { count -= weekdayCount(low, high, weekdays) }
        }
        return count
    }

    /// Days in `first...last` whose weekday is in the set.
    private static func weekdayCount(_ first: Int, _ last: Int, _ weekdays: Set<Weekday>) -> Int {
        let days = last - first + 1
        var count = days / 7 * weekdays.count
        var day = first + days / 7 * 7
        while day <= last {
            if weekdays.contains(CivilDate(dayNumber: day).weekday) { count += 1 }
            day += 1
        }
        return count
    }
}
