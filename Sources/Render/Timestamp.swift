import Foundation
import PlannerModel
import PlannerDates

/// A moment printed into an output (iCalendar's DTSTAMP, a PDF's creation date), in UTC and
/// whole seconds: one conversion for every format, with no calendar object or time zone.
public struct Timestamp: Sendable, Hashable {
    public var secondsSince1970: Int

    public init(secondsSince1970: Int) {
        self.secondsSince1970 = secondsSince1970
    }

    /// The second `date` falls in (fractions dropped toward the past).
    public init(_ date: Date) {
        self.secondsSince1970 = Int(date.timeIntervalSince1970.rounded(.down))
    }

    /// `YYYYMMDDTHHMMSSZ`, iCalendar's UTC date-time (RFC 5545 3.3.5).
    public var iCalendar: String {
        let (date, hour, minute, second) = parts
        return ICalendarRenderer.compact(date) + "T" + Self.pad(hour) + Self.pad(minute) + Self.pad(second) + "Z"
    }

    /// `YYYY-MM-DDThh:mm:ssZ`, the form cairo's PDF metadata takes.
    public var iso8601: String {
        let (date, hour, minute, second) = parts
        return date.description + "T" + Self.pad(hour) + ":" + Self.pad(minute) + ":" + Self.pad(second) + "Z"
    }

    private var parts: (CivilDate, Int, Int, Int) {
        let seconds = secondsSince1970
        let days = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
        let time = seconds - days * 86_400
        return (CivilDate(dayNumber: days), time / 3600, time / 60 % 60, time % 60)
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0" + String(value) : String(value) }
}
