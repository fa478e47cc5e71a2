import YAMLTree
import PlannerModel

/// A project on real dates, and what did not fit, section by section.
public struct Schedule: Sendable {
    public var plan: DatedPlan
    public var sections: [SectionFacts]

    public init(plan: DatedPlan, sections: [SectionFacts]) {
        self.plan = plan
        self.sections = sections
    }

    /// What the date checks need to know about one section's dates.
    public struct SectionFacts: Sendable {
        public var id: String?
        public var calendar: SchoolCalendar
        /// Meetings the plan needs beyond the calendar's last (0 when it fits).
        public var missingMeetings: Int = 0
        /// The plan's last day, when it fits the calendar.
        public var planEnd: CivilDate?
        /// A start date (calendar, section or cycle) that is not a meeting, and the meeting used.
        public var movedStarts: [(given: Located<CivilDate>, used: CivilDate)] = []
        /// Student due dates that land past the next cycle's start or the exhibition.
        public var lateStudentDates: [LateDate] = []
        /// Students whose due work lands after a class event that needs it.
        public var duesAfterEvents: [DueAfterEvent] = []

        public init(id: String?, calendar: SchoolCalendar) {
            self.id = id
            self.calendar = calendar
        }
    }

    public struct DueAfterEvent: Sendable {
        public var student: String
        public var extraDays: Located<Int>?
        public var studentRange: SourceRange
        public var studentFile: String
        /// The due work, and the student's date for it.
        public var work: String
        public var due: CivilDate
        /// The class event whose `after` names the work, and its class date.
        public var event: String
        public var eventDate: CivilDate

        public init(student: String, extraDays: Located<Int>?, studentRange: SourceRange, studentFile: String,
                    work: String, due: CivilDate, event: String, eventDate: CivilDate) {
            self.student = student
            self.extraDays = extraDays
            self.studentRange = studentRange
            self.studentFile = studentFile
            self.work = work
            self.due = due
            self.event = event
            self.eventDate = eventDate
        }
    }

    public struct LateDate: Sendable {
        public var student: String
        public var extraDays: Located<Int>?
        public var studentRange: SourceRange
        public var studentFile: String
        public var item: String
        public var due: CivilDate
        /// "the start of cycle `argue` (2027-03-08)" or "the exhibition (2027-04-30)".
        public var limit: String

        public init(student: String, extraDays: Located<Int>?, studentRange: SourceRange, studentFile: String,
                    item: String, due: CivilDate, limit: String) {
            self.student = student
            self.extraDays = extraDays
            self.studentRange = studentRange
            self.studentFile = studentFile
            self.item = item
            self.due = due
            self.limit = limit
        }
    }
}
