import YAMLTree

/// A rubric as data: criteria by levels, each criterion tied to the standards it assesses.
/// A milestone names the rubric that assesses it (`rubric:`); its checklist prints the
/// criteria as "I can" rows, and the progress sheet gets a column per criterion.
public struct Rubric: Sendable {
    public var range: SourceRange
    /// The file that wrote it (the project, or the template it extends).
    public var file: String
    public var id: Located<String>?
    public var title: Located<String>?
    public var criteria: [Criterion] = []

    public init(range: SourceRange, file: String, id: Located<String>? = nil, title: Located<String>? = nil, criteria: [Criterion] = []) {
        self.range = range
        self.file = file
        self.id = id
        self.title = title
        self.criteria = criteria
    }
}

public struct Criterion: Sendable {
    public var range: SourceRange
    public var id: Located<String>?
    /// What the student can do, in their words ("I can back a claim with evidence").
    public var title: Located<String>?
    public var standards: [Located<String>] = []
    /// Level name (one of the mastery scale's) -> what work at that level looks like.
    public var levels: [(level: Located<String>, descriptor: Located<String>)] = []

    public init(range: SourceRange, id: Located<String>? = nil, title: Located<String>? = nil, standards: [Located<String>] = [],
                levels: [(level: Located<String>, descriptor: Located<String>)] = []) {
        self.range = range
        self.id = id
        self.title = title
        self.standards = standards
        self.levels = levels
    }
}

/// How evidence on a standard combines into the level a student has reached.
public enum MasteryMethod: String, Sendable, CaseIterable {
    /// The most recent result.
    case latest
    /// The best result.
    case highest
    /// The mean of every result.
    case average
    /// The most recent result weighted (65% by default) against the mean of those before it.
    case decayingAverage = "decaying_average"
    /// Mastered once the mastery level is reached `times` times.
    case nMastery = "n_mastery"
}

/// `mastery:`: the ordered scale of levels, the one that counts as mastered, and how results
/// combine. Every field has a default, so a project with rubrics needs none of it.
public struct MasteryPolicy: Sendable {
    public static let defaultScale = ["beginning", "developing", "proficient", "advanced"]
    public static let defaultMastered = "proficient"
    public static let defaultMethod = MasteryMethod.decayingAverage
    public static let defaultRecentWeight = 65
    public static let defaultTimes = 2
    public static let recentWeightBounds = 1...99
    public static let timesBounds = 1...20

    public var range: SourceRange
    public var file: String
    /// Lowest first.
    public var scale: [Located<String>] = []
    public var mastered: Located<String>?
    public var method: Located<MasteryMethod>?
    /// Percent of a decaying average that the most recent result carries.
    public var recentWeight: Located<Int>?
    /// How many results at the mastery level `n_mastery` needs.
    public var times: Located<Int>?

    public init(range: SourceRange, file: String, scale: [Located<String>] = [], mastered: Located<String>? = nil,
                method: Located<MasteryMethod>? = nil, recentWeight: Located<Int>? = nil, times: Located<Int>? = nil) {
        self.range = range
        self.file = file
        self.scale = scale
        self.mastered = mastered
        self.method = method
        self.recentWeight = recentWeight
        self.times = times
    }

    /// The scale's level names, lowest first (the default four when none is given).
    public var levelNames: [String] { scale.isEmpty ? Self.defaultScale : scale.map(\.value) }
    /// The position in `levelNames` that counts as mastered (the scale's third when the name is unknown).
    public var masteredIndex: Int {
        let names = levelNames
        if let mastered, let index = names.firstIndex(of: mastered.value) { return index }
        return names.firstIndex(of: Self.defaultMastered) ?? min(2, names.count - 1)
    }
    public var resolvedMethod: MasteryMethod { method?.value ?? Self.defaultMethod }
    public var resolvedRecentWeight: Int { recentWeight?.value ?? Self.defaultRecentWeight }
    public var resolvedTimes: Int { times?.value ?? Self.defaultTimes }
}

/// Who a milestone is for, once the record shows where a student stands (`track:`): extension
/// work for those who have mastered the cycle's standards, re-teaching for those who have not.
public enum Track: String, Sendable, CaseIterable {
    case `extension`
    case reteach
}
