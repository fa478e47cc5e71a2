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

    public init(range: SourceRange, start: Located<CivilDate>? = nil, meets: [Located<Weekday>] = [],
                rotation: [Located<String>] = [], rotationAnchor: RotationAnchor? = nil,
                meetsOn: [Located<String>] = [], noSchool: [NoSchoolEntry] = [], sections: [Section] = [],
                exhibition: Located<CivilDate>? = nil, end: Located<CivilDate>? = nil) {
        self.range = range
        self.start = start
        self.meets = meets
        self.rotation = rotation
        self.rotationAnchor = rotationAnchor
        self.meetsOn = meetsOn
        self.noSchool = noSchool
        self.sections = sections
        self.exhibition = exhibition
        self.end = end
    }
}

/// `rotation_anchor`: the school's calendar says which rotation day a date is.
public struct RotationAnchor: Sendable {
    public var range: SourceRange
    public var file: String
    public var date: Located<CivilDate>?
    public var day: Located<String>?

    public init(range: SourceRange, file: String, date: Located<CivilDate>? = nil, day: Located<String>? = nil) {
        self.range = range
        self.file = file
        self.date = date
        self.day = day
    }
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

    public init(range: SourceRange, id: Located<String>? = nil, meets: [Located<Weekday>] = [],
                meetsOn: [Located<String>] = [], start: Located<CivilDate>? = nil) {
        self.range = range
        self.id = id
        self.meets = meets
        self.meetsOn = meetsOn
        self.start = start
    }
}
