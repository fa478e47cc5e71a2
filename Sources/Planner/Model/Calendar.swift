import YAMLTree

public struct CalendarSpec: Sendable {
    public var range: SourceRange
    public var start: Located<CivilDate>?
    /// Weekdays the class meets; Monday to Friday when absent.
    public var meets: [Located<Weekday>] = []
    public var rotation: [Located<String>] = []
    public var meetsOn: [Located<String>] = []
    public var noSchool: [Located<DateRange>] = []
    public var sections: [Section] = []
    public var exhibition: Located<CivilDate>?
    /// The last day of school; one year after `start` when not given.
    public var end: Located<CivilDate>?
}

/// An inclusive range of dates; a single date is a range of one day.
public struct DateRange: Sendable, Hashable, CustomStringConvertible {
    public var first: CivilDate
    public var last: CivilDate

    public init(first: CivilDate, last: CivilDate) {
        self.first = first
        self.last = last
    }

    public func contains(_ date: CivilDate) -> Bool { first <= date && date <= last }

    public var description: String { first == last ? "\(first)" : "\(first)..\(last)" }
}

public struct Section: Sendable {
    public var range: SourceRange
    public var id: Located<String>?
    public var meets: [Located<Weekday>] = []
    public var meetsOn: [Located<String>] = []
    public var start: Located<CivilDate>?
}
