/// A calendar date with no time or zone: what a school calendar is made of.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int
    /// Days since 1970-01-01, kept: the scheduler compares and counts dates by it all the time.
    public let dayNumber: Int

    /// Nil unless the date exists (2027-02-29 does not).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...9999).contains(year),
              day >= 1, day <= CivilDate.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
        self.dayNumber = Self.dayNumber(year: year, month: month, day: day)
    }

    /// Strict `YYYY-MM-DD`.
    public init?(iso text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    private static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(dayNumber: Int) {
        let z = dayNumber + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
        self.dayNumber = dayNumber
    }

    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// `Wed Mar 10`: how every printout and the editor write a date for people.
    public var shortText: String {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(weekday.shortName) \(months[month - 1]) \(day)"
    }

    public var weekday: Weekday {
        // 1970-01-01 was a Thursday.
        let index = ((dayNumber % 7) + 7 + 3) % 7
        return Weekday.allCases[index]
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}

public enum Weekday: String, CaseIterable, Sendable, Hashable {
    case mon, tue, wed, thu, fri, sat, sun

    public static let schoolWeek: [Weekday] = [.mon, .tue, .wed, .thu, .fri]

    /// Accepts `mon` or `monday` in any case, and the abbreviations school timetables use:
    /// `M T W Th F` (and `R` for Thursday, as in `MTWRF`), `Tu`, `Tues`, `Weds`, `Thur`,
    /// `Thurs`, `Sa`, `Su`. `T` is Tuesday, as in both of those spellings; `S` is refused
    /// (Saturday or Sunday).
    public init?(name: String) {
        let lower = name.lowercased()
        if let match = Weekday.allCases.first(where: { lower == $0.rawValue || lower == $0.fullName }) {
            self = match
            return
        }
        guard let match = Self.abbreviations[lower] else { return nil }
        self = match
    }

    static let abbreviations: [String: Weekday] = [
        "m": .mon, "mo": .mon, "t": .tue, "tu": .tue, "tues": .tue, "w": .wed, "we": .wed, "weds": .wed,
        "r": .thu, "th": .thu, "thur": .thu, "thurs": .thu, "f": .fri, "fr": .fri, "sa": .sat, "su": .sun,
    ]

    /// `Monday`, as printed.
    public var displayName: String { fullName.prefix(1).uppercased() + fullName.dropFirst() }

    /// `Mon`, as printed in tables.
    public var shortName: String { String(displayName.prefix(3)) }

    public var fullName: String {
        switch self {
        case .mon: "monday"
        case .tue: "tuesday"
        case .wed: "wednesday"
        case .thu: "thursday"
        case .fri: "friday"
        case .sat: "saturday"
        case .sun: "sunday"
        }
    }
}
