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

    public init(projectID: String, title: String, drivingQuestion: String?, productTitle: String?,
                audience: String?, exhibition: CivilDate?, sections: [SectionPlan]) {
        self.projectID = projectID
        self.title = title
        self.drivingQuestion = drivingQuestion
        self.productTitle = productTitle
        self.audience = audience
        self.exhibition = exhibition
        self.sections = sections
    }

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

    public init(id: String?, cycles: [DatedCycle], students: [StudentPlan]) {
        self.id = id
        self.cycles = cycles
        self.students = students
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

        init(id: String, cycleID: String, kind: Kind, title: String, deliverable: String?, evidence: String?, standards: [String],
             options: [Option], optional: Bool, onlyGroups: [String], onlyChoices: [String: String]) {
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
        }

        func copy() -> Shared {
            Shared(id: id, cycleID: cycleID, kind: kind, title: title, deliverable: deliverable, evidence: evidence,
                   standards: standards, options: options, optional: optional, onlyGroups: onlyGroups, onlyChoices: onlyChoices)
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

    public init(id: String, cycleID: String, kind: Kind, title: String, date: CivilDate, day: Int,
                deliverable: String? = nil, evidence: String? = nil, standards: [String] = [], options: [Option] = [],
                optional: Bool = false, onlyGroups: [String] = [], onlyChoices: [String: String] = [:]) {
        shared = Shared(id: id, cycleID: cycleID, kind: kind, title: title, deliverable: deliverable, evidence: evidence,
                        standards: standards, options: options, optional: optional, onlyGroups: onlyGroups, onlyChoices: onlyChoices)
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
        /// The student's own due date (later by their extra days).
        public var due: CivilDate
        /// The option they chose, when the item offers choices and they made one.
        public var chosen: DatedItem.Option?

        public init(item: DatedItem, due: CivilDate, chosen: DatedItem.Option?) {
            self.item = item
            self.due = due
            self.chosen = chosen
        }
    }

    public var id: String
    public var name: String
    public var group: String?
    public var groupTitle: String?
    public var section: String?
    public var extraDays: Int
    public var goals: [String]
    public var items: [Item]

    public init(id: String, name: String, group: String?, groupTitle: String?, section: String?, extraDays: Int,
                goals: [String], items: [Item]) {
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
