import YAMLTree

public struct CalendarSpec: Sendable {
    public var range: SourceRange
    public var start: Located<CivilDate>?
    /// Weekdays the class meets; Monday to Friday when absent.
    public var meets: [Located<Weekday>] = []
    public var rotation: [Located<String>] = []
    public var rotationAnchor: RotationAnchor?
    public var meetsOn: [Located<String>] = []
    public var noSchool: [NoSchoolEntry] = []
    public var sections: [Section] = []
    public var exhibition: Located<CivilDate>?
    /// The last day of school; one year after `start` when not given.
    public var end: Located<CivilDate>?
}

/// `rotation_anchor`: the school's calendar says which rotation day a date is.
public struct RotationAnchor: Sendable {
    public var range: SourceRange
    public var file: String
    public var date: Located<CivilDate>?
    public var day: Located<String>?
}

public struct NoSchoolEntry: Sendable {
    public var dates: Located<DateRange>
    public var reason: Located<String>?

    public init(dates: Located<DateRange>, reason: Located<String>? = nil) {
        self.dates = dates
        self.reason = reason
    }
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
