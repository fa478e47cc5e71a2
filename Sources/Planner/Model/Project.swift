import YAMLTree

/// A project as loaded: every field optional where the file may leave it out, every
/// value located so checks can point at it. Loading never stops at the first problem,
/// so a model may be partial; checks take what is there.
public struct Project: Sendable {
    public var file: String
    public var range: SourceRange
    public var formatVersion: Located<Int>?
    public var id: Located<String>?
    public var title: Located<String>?
    public var drivingQuestion: Located<String>?
    public var grade: Located<Grade>?
    public var subjects: [Located<String>] = []
    public var authors: [Located<String>] = []
    public var extends: Located<String>?
    public var entryEvent: Located<String>?
    public var product: Product?
    public var standards: StandardsSection?
    public var calendar: CalendarSpec?
    public var policy = Policy()
    public var cycles: [Cycle] = []
    public var groups: [Group] = []
    public var roster: Located<String>?
    public var students: [Student] = []
    public var rubrics: [Rubric] = []
    public var mastery: MasteryPolicy?
    /// Progress files (what the teacher recorded after the printout), relative to the project,
    /// in the order they combine: later entries win.
    public var progress: [Located<String>] = []
    /// What the progress files recorded, read by the loader (not a key of the file).
    public var progressEntries: [ProgressEntry] = []
    /// Where the progress files name the plan's items (column headings) and students (rows),
    /// for an editor's find references and rename; read by the loader.
    public var progressNames: ProgressNames = ProgressNames()

    public init(file: String, range: SourceRange) {
        self.file = file
        self.range = range
    }

    /// Every standard code a step of the plan addresses: milestones' and reflections', in plan order.
    public var addressedCodes: [Located<String>] {
        cycles.flatMap { cycle in cycle.milestones.flatMap(\.standards) + cycle.reflection.flatMap(\.standards) }
            + rubrics.flatMap { $0.criteria.flatMap(\.standards) }
    }

    /// The rubric with this id (the first, when two share it).
    public func rubric(_ id: String) -> Rubric? { rubrics.first { $0.id?.value == id } }
    /// The project's mastery policy, or the defaults.
    public var masteryPolicy: MasteryPolicy { mastery ?? MasteryPolicy(range: range, file: file) }

    /// Every milestone with the cycle it belongs to, in plan order.
    public var milestones: [(cycle: Int, milestone: Milestone)] {
        cycles.enumerated().flatMap { index, cycle in cycle.milestones.map { (index, $0) } }
    }
}

public struct Product: Sendable {
    public var range: SourceRange
    /// The file that wrote `product:` (the project, or the template it extends).
    public var file: String
    public var title: Located<String>?
    public var audience: Located<String>?

    public init(range: SourceRange, file: String, title: Located<String>? = nil, audience: Located<String>? = nil) {
        self.range = range
        self.file = file
        self.title = title
        self.audience = audience
    }
}

public struct StandardsSection: Sendable {
    public var range: SourceRange
    public var catalogs: [Located<String>] = []
    public var targets: [Located<String>] = []

    public init(range: SourceRange, catalogs: [Located<String>] = [], targets: [Located<String>] = []) {
        self.range = range
        self.catalogs = catalogs
        self.targets = targets
    }
}

public struct Policy: Sendable {
    public static let defaultMaxCycleDays = 10

    public var maxCycleDays: Located<Int>?
    public var requireReflection: Located<Bool>?
    /// Per-rule severity overrides: `off`, `note`, `warning`, `error`.
    public var rules: [Located<String>: Located<RuleSetting>] = [:]

    public init() {}
}

public enum RuleSetting: String, Sendable, Hashable, CaseIterable {
    case off, note, warning, error
}

public struct Group: Sendable {
    public var range: SourceRange
    public var id: Located<String>?
    public var title: Located<String>?

    public init(range: SourceRange, id: Located<String>? = nil, title: Located<String>? = nil) {
        self.range = range
        self.id = id
        self.title = title
    }
}

public struct Cycle: Sendable {
    public var range: SourceRange
    public var id: Located<String>?
    public var title: Located<String>?
    public var days: Located<Int>?
    public var goal: Located<String>?
    /// Pins the cycle's first day instead of following the previous cycle.
    public var start: Located<CivilDate>?
    public var milestones: [Milestone] = []
    public var reflection: [Reflection] = []

    public init(range: SourceRange, id: Located<String>? = nil, title: Located<String>? = nil,
                days: Located<Int>? = nil, goal: Located<String>? = nil, start: Located<CivilDate>? = nil,
                milestones: [Milestone] = [], reflection: [Reflection] = []) {
        self.range = range
        self.id = id
        self.title = title
        self.days = days
        self.goal = goal
        self.start = start
        self.milestones = milestones
        self.reflection = reflection
    }
}

public enum MilestoneKind: String, Sendable, Hashable, CaseIterable {
    case launch, inquiry, critique, revision, checkpoint, presentation, work
    /// Anything else the class holds together: a visit, a guest speaker, a field trip.
    case event

    /// Kinds the class holds together on one date: a student's extra days do not move them.
    /// The rest (inquiry, revision, checkpoint, work) is work a student hands in.
    public var isClassEventByDefault: Bool {
        switch self {
        case .launch, .critique, .presentation, .event: true
        case .inquiry, .revision, .checkpoint, .work: false
        }
    }
}

public struct Milestone: Sendable {
    public var range: SourceRange
    public var id: Located<String>?
    public var title: Located<String>?
    public var day: Located<Int>?
    public var kind: Located<MilestoneKind>?
    public var deliverable: Located<String>?
    public var evidence: Located<String>?
    public var choices: [Choice] = []
    public var only: Visibility?
    public var optional: Located<Bool>?
    /// `class_event:` overrides what the kind says (a presentation recorded at home is due work).
    public var classEvent: Located<Bool>?
    public var after: [Located<String>] = []
    public var standards: [Located<String>] = []
    /// The id of the rubric that assesses it.
    public var rubric: Located<String>?
    /// Extension or re-teach work: printed with `--progress` only for the students it is for.
    public var track: Located<Track>?

    public init(range: SourceRange, id: Located<String>? = nil, title: Located<String>? = nil,
                day: Located<Int>? = nil, kind: Located<MilestoneKind>? = nil, deliverable: Located<String>? = nil,
                evidence: Located<String>? = nil, choices: [Choice] = [], only: Visibility? = nil,
                optional: Located<Bool>? = nil, classEvent: Located<Bool>? = nil, after: [Located<String>] = [],
                standards: [Located<String>] = [], rubric: Located<String>? = nil, track: Located<Track>? = nil) {
        self.range = range
        self.id = id
        self.title = title
        self.day = day
        self.kind = kind
        self.deliverable = deliverable
        self.evidence = evidence
        self.choices = choices
        self.only = only
        self.optional = optional
        self.classEvent = classEvent
        self.after = after
        self.standards = standards
        self.rubric = rubric
        self.track = track
    }

    public var isOptional: Bool { optional?.value ?? false }

    /// The class holds it together on its date, so extra days never move it.
    public var isClassEvent: Bool { classEvent?.value ?? (kind?.value ?? .work).isClassEventByDefault }
}

public struct Choice: Sendable {
    public var range: SourceRange
    public var id: Located<String>?
    public var title: Located<String>?

    public init(range: SourceRange, id: Located<String>? = nil, title: Located<String>? = nil) {
        self.range = range
        self.id = id
        self.title = title
    }
}

/// `only:` — the milestone is shown to these groups, or to students who made these choices.
public struct Visibility: Sendable {
    public var range: SourceRange
    public var groups: [Located<String>] = []
    /// milestone id -> choice id
    public var choices: [(milestone: Located<String>, choice: Located<String>)] = []

    public init(range: SourceRange, groups: [Located<String>] = [],
                choices: [(milestone: Located<String>, choice: Located<String>)] = []) {
        self.range = range
        self.groups = groups
        self.choices = choices
    }
}

public struct Reflection: Sendable {
    public var range: SourceRange
    public var prompt: Located<String>?
    /// Defaults to the cycle's last day.
    public var day: Located<Int>?
    /// Standards the reflection addresses (a reflection on an argument's reasoning, say).
    public var standards: [Located<String>] = []

    public init(range: SourceRange, prompt: Located<String>? = nil, day: Located<Int>? = nil,
                standards: [Located<String>] = []) {
        self.range = range
        self.prompt = prompt
        self.day = day
        self.standards = standards
    }
}

public struct Student: Sendable {
    public var range: SourceRange
    public var file: String
    public var id: Located<String>?
    public var name: Located<String>?
    /// The family name, when the roster gives it: what class lists sort by.
    public var familyName: Located<String>?
    public var group: Located<String>?
    public var section: Located<String>?
    public var choices: [(milestone: Located<String>, choice: Located<String>)] = []
    public var extraDays: Located<Int>?
    public var goals: [Located<String>] = []

    public init(range: SourceRange, file: String, id: Located<String>? = nil, name: Located<String>? = nil,
                familyName: Located<String>? = nil, group: Located<String>? = nil, section: Located<String>? = nil,
                choices: [(milestone: Located<String>, choice: Located<String>)] = [], extraDays: Located<Int>? = nil,
                goals: [Located<String>] = []) {
        self.range = range
        self.file = file
        self.id = id
        self.name = name
        self.familyName = familyName
        self.group = group
        self.section = section
        self.choices = choices
        self.extraDays = extraDays
        self.goals = goals
    }
}
