import PlannerModel

/// A project laid out on real dates: what every renderer takes. Renderers never compute
/// dates; everything they print is here.
public struct DatedPlan: Sendable {
    public var projectID: String
    public var title: String
    public var drivingQuestion: String?
    public var productTitle: String?
    public var audience: String?
    public var exhibition: CivilDate?
    /// One per calendar section, in the order the calendar lists them; a calendar without
    /// sections has one, whose `id` is nil.
    public var sections: [SectionPlan]
    /// Every student's id as it goes into file names and UIDs (`SafeNames.swift`), made from
    /// all sections, so a section's plan names files as the whole plan does.
    public var safeStudentNames: SafeStudentNames
    /// The words of each standard the plan names, by code as the plan writes it (after
    /// canonicalization): what the printouts show beside a code. A code no loaded catalog
    /// has is not here.
    public var standardStatements: [String: StandardStatement] = [:]
    /// The mastery scale's levels, lowest first: what a teacher writes in a criterion's cell.
    public var masteryLevels: [String] = MasteryPolicy.defaultScale

    public init(projectID: String, title: String, drivingQuestion: String?, productTitle: String?,
                audience: String?, exhibition: CivilDate?, sections: [SectionPlan]) {
        self.projectID = projectID
        self.title = title
        self.drivingQuestion = drivingQuestion
        self.productTitle = productTitle
        self.audience = audience
        self.exhibition = exhibition
        self.sections = sections
        self.safeStudentNames = SafeStudentNames(ids: sections.lazy.flatMap(\.students).map(\.id))
    }

    /// A student's id spelled for a file name or a calendar UID: `S-2027-001` is `s-2027-001`.
    public func safeName(ofStudent id: String) -> String { safeStudentNames[id] }

    /// The plan of one section, or of every section.
    public func filtered(section: String?) -> DatedPlan {
        guard let section else { return self }
        var copy = self
        copy.sections = sections.filter { $0.id == section }
        return copy
    }
}

public struct SectionPlan: Sendable {
    /// Nil when the calendar has no sections.
    public var id: String?
    public var cycles: [DatedCycle]
    public var students: [StudentPlan]
    /// The `no_school` entries that fall between the plan's first day and its last (the
    /// exhibition when it comes later), in date order, clipped to that span: schedules print
    /// them as rows so a teacher sees why the dates jump.
    public var noSchool: [NoSchoolDays] = []
    /// The rotation this section's meetings follow, when the calendar has one.
    public var rotation: RotationFacts?

    public init(id: String?, cycles: [DatedCycle], students: [StudentPlan],
                noSchool: [NoSchoolDays] = [], rotation: RotationFacts? = nil) {
        self.id = id
        self.cycles = cycles
        self.students = students
        self.noSchool = noSchool
        self.rotation = rotation
    }

    /// A checklist with no student's name on it, for a class whose roster pbl does not have:
    /// every item on its class date, to hand out and fill in by hand.
    public func blankStudent(number: Int) -> StudentPlan {
        StudentPlan(id: "blank-\(number)", name: "", group: nil, groupTitle: nil, section: id, extraDays: 0, goals: [],
                    items: items.filter { $0.onlyGroups.isEmpty && $0.onlyChoices.isEmpty }
                        .map { StudentPlan.Item(item: $0, due: $0.date, chosen: nil) },
                    isBlank: true)
    }

    /// Every item of every cycle, in date order (plan order on the same day).
    public var items: [DatedItem] { cycles.flatMap(\.items) }
}

public struct DatedCycle: Sendable {
    public var id: String
    public var title: String
    public var goal: String?
    public var start: CivilDate
    public var end: CivilDate
    /// Class meetings in the cycle.
    public var days: Int
    public var items: [DatedItem]

    public init(id: String, title: String, goal: String?, start: CivilDate, end: CivilDate, days: Int, items: [DatedItem]) {
        self.id = id
        self.title = title
        self.goal = goal
        self.start = start
        self.end = end
        self.days = days
        self.items = items
    }
}

/// School closed: a `no_school` entry as the schedule prints it.
public struct NoSchoolDays: Sendable, Hashable {
    public var dates: DateRange
    /// The entry's `reason` ("Spring break"), when it has one.
    public var reason: String?

    public init(dates: DateRange, reason: String? = nil) {
        self.dates = dates
        self.reason = reason
    }
}

/// What a schedule says about a rotation: its days, which of them the section meets on, and
/// what fixes which day is which.
public struct RotationFacts: Sendable, Hashable {
    public enum Anchor: Sendable, Hashable {
        /// `rotation_anchor` pins a date to a rotation day: moving `calendar.start` does not move it.
        case pinned(date: CivilDate, day: String)
        /// Not anchored: the first school day on or after `calendar.start` is the first rotation
        /// day, so moving the start moves every rotation day.
        case calendarStart(date: CivilDate, day: String)
    }

    public var days: [String]
    /// The days this section meets on (every day when empty).
    public var meetsOn: [String]
    public var anchor: Anchor

    public init(days: [String], meetsOn: [String], anchor: Anchor) {
        self.days = days
        self.meetsOn = meetsOn
        self.anchor = anchor
    }

    public var isAnchored: Bool {
        if case .pinned = anchor { return true }
        return false
    }

    /// "A/B rotation, meets on A days; 2027-03-01 is day A (rotation_anchor)" and the like,
    /// for a schedule's header.
    public var summary: String {
        var text = days.joined(separator: "/") + " rotation"
        if !meetsOn.isEmpty { text += ", meets on " + meetsOn.joined(separator: "/") + " days" }
        switch anchor {
        case .pinned(let date, let day):
            text += "; \(date) is day \(day) (rotation_anchor)"
        case .calendarStart(let date, let day):
            text += "; not anchored: counted from the start, \(date) is day \(day), so moving the start moves the rotation"
        }
        return text
    }
}

/// A milestone or a reflection prompt on its date.
public struct DatedItem: Sendable {
    public enum Kind: Sendable, Hashable {
        case milestone(MilestoneKind)
        case reflection
    }

    public struct Option: Sendable, Hashable {
        public var id: String
        public var title: String

        public init(id: String, title: String) {
            self.id = id
            self.title = title
        }
    }

    /// One criterion of the rubric that assesses a milestone, as its checklist prints it.
    public struct Criterion: Sendable, Hashable {
        public var id: String
        /// What the student can do, in their words.
        public var title: String
        public var standards: [String]
        /// What work at the mastered level looks like, when the rubric says.
        public var target: String?

        public init(id: String, title: String, standards: [String], target: String?) {
            self.id = id
            self.title = title
            self.standards = standards
            self.target = target
        }
    }

    /// What every student's copy of the item shares: one reference to copy rather than a
    /// dozen strings and arrays (a class of 5,000 has 200,000 student items). Changed
    /// copy-on-write, so the item is still a value.
    private final class Shared: @unchecked Sendable {
        var id: String
        var cycleID: String
        var kind: Kind
        var title: String
        var deliverable: String?
        var evidence: String?
        var standards: [String]
        var options: [Option]
        var optional: Bool
        var onlyGroups: [String]
        var onlyChoices: [String: String]
        var isClassEvent: Bool
        var criteria: [Criterion]
        var track: Track?

        init(id: String, cycleID: String, kind: Kind, title: String, deliverable: String?, evidence: String?, standards: [String],
             options: [Option], optional: Bool, onlyGroups: [String], onlyChoices: [String: String], isClassEvent: Bool,
             criteria: [Criterion], track: Track?) {
            self.id = id
            self.cycleID = cycleID
            self.kind = kind
            self.title = title
            self.deliverable = deliverable
            self.evidence = evidence
            self.standards = standards
            self.options = options
            self.optional = optional
            self.onlyGroups = onlyGroups
            self.onlyChoices = onlyChoices
            self.isClassEvent = isClassEvent
            self.criteria = criteria
            self.track = track
        }

        func copy() -> Shared {
            Shared(id: id, cycleID: cycleID, kind: kind, title: title, deliverable: deliverable, evidence: evidence,
                   standards: standards, options: options, optional: optional, onlyGroups: onlyGroups, onlyChoices: onlyChoices,
                   isClassEvent: isClassEvent, criteria: criteria, track: track)
        }
    }

    private var shared: Shared

    /// Only ever mutated through a uniquely held reference (copy-on-write), hence Sendable.
    private var unique: Shared {
        mutating get {
            if !isKnownUniquelyReferenced(&shared) { shared = shared.copy() }
            return shared
        }
    }

    /// The milestone's id; for a reflection, `<cycle-id>-reflection-<n>`. Stable across runs,
    /// so calendar UIDs made from it update rather than duplicate.
    public var id: String { get { shared.id } set { unique.id = newValue } }
    public var cycleID: String { get { shared.cycleID } set { unique.cycleID = newValue } }
    public var kind: Kind { get { shared.kind } set { unique.kind = newValue } }
    /// The milestone's title, or the reflection's prompt.
    public var title: String { get { shared.title } set { unique.title = newValue } }
    public var date: CivilDate
    /// Class meeting within the cycle, 1-based.
    public var day: Int
    public var deliverable: String? { get { shared.deliverable } set { unique.deliverable = newValue } }
    public var evidence: String? { get { shared.evidence } set { unique.evidence = newValue } }
    public var standards: [String] { get { shared.standards } set { unique.standards = newValue } }
    public var options: [Option] { get { shared.options } set { unique.options = newValue } }
    public var optional: Bool { get { shared.optional } set { unique.optional = newValue } }
    /// Shown only to these groups (empty: no group restriction).
    public var onlyGroups: [String] { get { shared.onlyGroups } set { unique.onlyGroups = newValue } }
    /// Shown only to students who made one of these choices: milestone id -> choice id.
    public var onlyChoices: [String: String] { get { shared.onlyChoices } set { unique.onlyChoices = newValue } }
    /// The class holds it together on its date (a launch, a critique, a presentation, a visit;
    /// see `Milestone.isClassEvent`): a student's extra days never move it. Reflections are
    /// done in class too, but are not events.
    public var isClassEvent: Bool { get { shared.isClassEvent } set { unique.isClassEvent = newValue } }
    /// The criteria of the rubric that assesses the milestone (`rubric:`), in the rubric's order.
    public var criteria: [Criterion] { get { shared.criteria } set { unique.criteria = newValue } }
    /// Extension or re-teach work (`track:`).
    public var track: Track? { get { shared.track } set { unique.track = newValue } }

    public init(id: String, cycleID: String, kind: Kind, title: String, date: CivilDate, day: Int,
                deliverable: String? = nil, evidence: String? = nil, standards: [String] = [], options: [Option] = [],
                optional: Bool = false, onlyGroups: [String] = [], onlyChoices: [String: String] = [:],
                isClassEvent: Bool = false, criteria: [Criterion] = [], track: Track? = nil) {
        shared = Shared(id: id, cycleID: cycleID, kind: kind, title: title, deliverable: deliverable, evidence: evidence,
                        standards: standards, options: options, optional: optional, onlyGroups: onlyGroups, onlyChoices: onlyChoices,
                        isClassEvent: isClassEvent, criteria: criteria, track: track)
        self.date = date
        self.day = day
    }

    public var isCheckpoint: Bool { kind == .milestone(.checkpoint) }
    public var isReflection: Bool { kind == .reflection }

    /// `launch`, `critique`, ..., or `reflection`.
    public var kindName: String {
        switch kind {
        case .milestone(let kind): kind.rawValue
        case .reflection: "reflection"
        }
    }
}

/// One student's view of the plan: the items they see, on their own dates.
public struct StudentPlan: Sendable {
    public struct Item: Sendable {
        /// The item as the class has it (its `date` is the class date).
        public var item: DatedItem
        /// The student's own date: for due work, the class date moved by their extra days; for
        /// a class event or a reflection, the class date.
        public var due: CivilDate
        /// The option they chose, when the item offers choices and they made one.
        public var chosen: DatedItem.Option?
        /// What the progress record says of it, on checklists printed with `--progress`.
        public var record: ItemRecord?

        public init(item: DatedItem, due: CivilDate, chosen: DatedItem.Option?, record: ItemRecord? = nil) {
            self.item = item
            self.due = due
            self.chosen = chosen
            self.record = record
        }
    }

    /// An item as a re-paced checklist prints it (`pbl checklists --progress`).
    public enum ItemRecord: Sendable, Hashable {
        /// Done, on the date recorded if any; `late` when after its due date.
        case done(on: CivilDate?, late: Bool)
        /// Its date passed with nothing recorded, and it cannot move (a class event, a reflection).
        case missed
        /// Missed, and given a new date (`due`); `from` is the date it had.
        case moved(from: CivilDate)
    }

    public var id: String
    public var name: String
    public var group: String?
    public var groupTitle: String?
    public var section: String?
    public var extraDays: Int
    public var goals: [String]
    public var items: [Item]
    /// A checklist without a student (see `SectionPlan.blankStudent`): its name is a line to write on.
    public var isBlank: Bool
    /// The family name as the roster gives it (`family_name`), for lists sorted the way a
    /// school sorts them; nil when the roster has no such column.
    public var familyName: String?

    /// Sign-off sheets and class lists are sorted by this: the family name where the roster
    /// gives one, otherwise the name as written (pbl does not guess which word is the family
    /// name: `Nguyen Van An` and `José Martínez Ruiz` put it in different places).
    public var sortName: String { familyName.map { "\($0) \(name)" } ?? name }

    public init(id: String, name: String, group: String?, groupTitle: String?, section: String?, extraDays: Int,
                goals: [String], items: [Item], isBlank: Bool = false, familyName: String? = nil) {
        self.isBlank = isBlank
        self.familyName = familyName
        self.id = id
        self.name = name
        self.group = group
        self.groupTitle = groupTitle
        self.section = section
        self.extraDays = extraDays
        self.goals = goals
        self.items = items
    }
}
