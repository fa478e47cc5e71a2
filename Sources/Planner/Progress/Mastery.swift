import PlannerModel

/// One result on a standard: the level a milestone's rubric gave a student on it (the mean of
/// its criteria that name the standard, when several do).
public struct Evidence: Sendable, Equatable {
    public var item: String
    /// The criteria it comes from, `claim+evidence` for several.
    public var criterion: String
    /// The score on the scale's numbers (1 = the lowest level).
    public var score: Double
    /// The level the score reaches, lowest 0.
    public var level: Int { max(0, Int(score.rounded(.down)) - 1) }
    /// When it was assessed: the date in the cell, else the student's due date for the item.
    public var date: CivilDate
    /// Order of recording, for results on the same date: later wins.
    public var order: Int

    public init(item: String, criterion: String, score: Double, date: CivilDate, order: Int) {
        self.item = item
        self.criterion = criterion
        self.score = score
        self.date = date
        self.order = order
    }

    /// One criterion's level (position on the scale, lowest 0).
    public init(item: String, criterion: String, level: Int, date: CivilDate, order: Int) {
        self.init(item: item, criterion: criterion, score: Double(level + 1), date: date, order: order)
    }
}

/// Where a student stands on one standard.
public struct MasteryResult: Sendable, Equatable {
    /// The combined score on the scale's numbers (1 = the lowest level); nil without evidence.
    public var score: Double?
    /// The level reached: the highest whose number the score reaches.
    public var level: Int?
    public var mastered: Bool
    /// The results it comes from, oldest first.
    public var evidence: [Evidence]
}

/// How results combine into mastery, by the project's policy. Scores are the levels' numbers
/// (1 for the lowest): each method gives a score, the level is the highest the score reaches,
/// and the standard is mastered when the score reaches the mastered level's number (for
/// `n_mastery`: when that many results reach it). Worked examples: docs/progress.md.
public enum Mastery {
    public static func combine(_ evidence: [Evidence], policy: MasteryPolicy) -> MasteryResult {
        let ordered = evidence.sorted { ($0.date, $0.order) < ($1.date, $1.order) }
        let scores = ordered.map(\.score)
        let levels = policy.levelNames.count
        let masteredScore = Double(policy.masteredIndex + 1)
        guard let last = scores.last else { return MasteryResult(score: nil, level: nil, mastered: false, evidence: []) }
        let score: Double
        var mastered: Bool?
        switch policy.resolvedMethod {
        case .latest:
            score = last
        case .highest:
            score = scores.max()!
        case .average:
            score = mean(scores)
        case .decayingAverage:
            let weight = Double(policy.resolvedRecentWeight) / 100
            score = scores.count == 1 ? last : weight * last + (1 - weight) * mean(scores.dropLast())
        case .nMastery:
            let reaching = scores.filter { $0 >= masteredScore }
            mastered = reaching.count >= policy.resolvedTimes
            // Mastered: the mean of the results that reached it; until then the best result,
            // which may be at the mastery level once without the standard being mastered.
            score = mastered! ? mean(reaching) : scores.max()!
        }
        // Rounded to a thousandth first, so that 0.65 × 3 + 0.35 × 3 is 3, not 2.9999.
        let settled = (score * 1000).rounded() / 1000
        let level = min(max(Int(settled.rounded(.down)) - 1, 0), levels - 1)
        return MasteryResult(score: settled, level: level, mastered: mastered ?? (settled >= masteredScore), evidence: ordered)
    }

    private static func mean<C: Collection>(_ values: C) -> Double where C.Element == Double {
        values.reduce(0, +) / Double(values.count)
    }
}
