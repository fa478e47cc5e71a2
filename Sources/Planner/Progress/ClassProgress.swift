import PlannerModel
import PlannerDates

/// Where one item of a student's plan stands on a date.
public enum ItemStatus: String, Sendable, CaseIterable {
    /// Done by its due date (or done with no date written).
    case done
    /// Done after its due date.
    case late
    case excused
    /// Not done, and its due date has passed.
    case missing
    /// Not done, due within `ClassProgress.soonDays` days.
    case dueSoon = "due_soon"
    case notYetDue = "not_yet_due"
    /// Not done, and not everyone's work (`optional: true`, or a `track:`): never missing.
    case optional
}

/// One item of a student's plan, as of a date.
public struct ItemProgress: Sendable {
    public var id: String
    public var title: String
    public var cycleID: String
    public var isReflection: Bool
    /// The student's own due date.
    public var due: CivilDate
    public var status: ItemStatus
    /// When it was done, as written.
    public var doneOn: CivilDate?
    /// What the item's own cell says (a note, absent), when it says something.
    public var mark: ProgressMark?
    /// For an assessed milestone: whether it has a rubric, and the levels its criteria got.
    public var isAssessed: Bool
    public var levels: [Int]
}

/// A student's standing on one standard.
public struct StandardMastery: Sendable {
    public var code: String
    public var result: MasteryResult
}

public struct StudentProgress: Sendable {
    public var id: String
    public var name: String
    public var section: String?
    public var goals: [String]
    public var items: [ItemProgress]
    public var standards: [StandardMastery]

    public var done: [ItemProgress] { items.filter { $0.status == .done || $0.status == .late } }
    public var overdue: [ItemProgress] { items.filter { $0.status == .missing } }
    public var late: [ItemProgress] { items.filter { $0.status == .late } }
}

/// Students who have not mastered a standard yet, for a small group the teacher can act on.
public struct Regrouping: Sendable {
    public var code: String
    /// Assessed and not mastered, lowest level first.
    public var needing: [(student: String, name: String, level: Int?)]
    /// Not yet assessed on it.
    public var unassessed: [(student: String, name: String)]
}

/// A class's progress on a date: each student's items, their mastery of the standards, and
/// the groups that need a standard again.
public struct ClassProgress: Sendable {
    /// Items due within this many days of the date are "due soon".
    public static let soonDays = 3

    public var asOf: CivilDate
    public var levelNames: [String]
    public var masteredLevel: Int
    /// The standards reported: the project's targets, else every code a criterion assesses.
    public var codes: [String]
    /// Every item of the plan (of every section), in plan order.
    public var items: [(id: String, title: String)]
    /// Furthest behind first: most missing, then most late, then by name.
    public var students: [StudentProgress]
    public var regrouping: [Regrouping]

    public init(project: Project, plan: DatedPlan, asOf: CivilDate) {
        self.asOf = asOf
        let policy = project.masteryPolicy
        levelNames = policy.levelNames
        masteredLevel = policy.masteredIndex
        let targets = project.standards?.targets.map(\.value) ?? []
        var assessed: [String] = []
        for rubric in project.rubrics {
            for criterion in rubric.criteria {
                for code in criterion.standards.map(\.value) where !assessed.contains(code) { assessed.append(code) }
            }
        }
        codes = targets.isEmpty ? assessed : targets
        var items: [(id: String, title: String)] = []
        var seen: Set<String> = []
        for section in plan.sections {
            for item in section.items where seen.insert(item.id).inserted { items.append((item.id, item.title)) }
        }
        self.items = items
        let latest = Self.latestEntries(project.progressEntries)
        // Each milestone's rubric, once for the class.
        var rubrics: [String: Rubric] = [:]
        for milestone in project.cycles.lazy.flatMap(\.milestones) {
            if let id = milestone.id?.value, rubrics[id] == nil, let rubric = milestone.rubric.flatMap({ project.rubric($0.value) }) {
                rubrics[id] = rubric
            }
        }
        var students: [StudentProgress] = []
        for section in plan.sections {
            for student in section.students where !student.isBlank {
                students.append(Self.progress(of: student, entries: latest[student.id] ?? [:], rubrics: rubrics,
                                              policy: policy, codes: codes, asOf: asOf))
            }
        }
        self.students = students.sorted { a, b in
            (b.overdue.count, b.late.count, a.name, a.id) < (a.overdue.count, a.late.count, b.name, b.id)
        }
        // By name, once: each group lists its students that way.
        let byName = students.indices.sorted { (students[$0].name, students[$0].id) < (students[$1].name, students[$1].id) }
        regrouping = codes.enumerated().compactMap { position, code in
            var needing: [(student: String, name: String, level: Int?)] = []
            var unassessed: [(student: String, name: String)] = []
            for index in byName {
                let student = students[index]
                // Every student's standards are `codes`, in that order.
                let standing = student.standards[position]
                if standing.result.evidence.isEmpty {
                    unassessed.append((student.id, student.name))
                } else if !standing.result.mastered {
                    needing.append((student.id, student.name, standing.result.level))
                }
            }
            guard !needing.isEmpty else { return nil }
            needing.sort { ($0.level ?? -1, $0.name, $0.student) < ($1.level ?? -1, $1.name, $1.student) }
            return Regrouping(code: code, needing: needing, unassessed: unassessed)
        }
    }

    /// Cell key: the item and, for a criterion's column, the criterion.
    struct CellKey: Hashable {
        var item: String
        var criterion: String?
    }

    /// For each student, the last entry recorded in each cell.
    static func latestEntries(_ entries: [ProgressEntry]) -> [String: [CellKey: ProgressEntry]] {
        var latest: [String: [CellKey: ProgressEntry]] = [:]
        for entry in entries {
            let key = CellKey(item: entry.item, criterion: entry.criterion)
            if let kept = latest[entry.student]?[key], kept.order > entry.order { continue }
            latest[entry.student, default: [:]][key] = entry
        }
        return latest
    }

    static func progress(of student: StudentPlan, entries: [CellKey: ProgressEntry], rubrics: [String: Rubric],
                         policy: MasteryPolicy, codes: [String], asOf: CivilDate) -> StudentProgress {
        let targeted = Set(codes)
        var items: [ItemProgress] = []
        var evidence: [String: [Evidence]] = [:]
        for planned in student.items {
            let id = planned.item.id
            let own = entries[CellKey(item: id, criterion: nil)]
            let rubric = rubrics[id]
            // Levels: each criterion's cell, or the item's own cell (for all of its criteria),
            // whichever was recorded later.
            var levels: [(criterion: Criterion, level: Int, on: CivilDate?, order: Int)] = []
            for criterion in rubric?.criteria ?? [] {
                let cells = [criterion.id.flatMap { entries[CellKey(item: id, criterion: $0.value)] }, own].compactMap { $0 }
                guard let cell = cells.filter({ if case .level = $0.mark { true } else { false } }).max(by: { $0.order < $1.order }),
                      case .level(let level, let on) = cell.mark else { continue }
                levels.append((criterion, level, on, cell.order))
            }
            // One result per assessment of a standard: the criteria of one milestone that name
            // it, averaged, on the date of the assessment (the sheet's column order counts for nothing).
            var byStandard: [String: [(level: Int, on: CivilDate?, order: Int, criterion: String)]] = [:]
            for (criterion, level, on, order) in levels {
                for code in criterion.standards.map(\.value) where targeted.contains(code) {
                    byStandard[code, default: []].append((level, on, order, criterion.id?.value ?? ""))
                }
            }
            for (code, results) in byStandard {
                let score = Double(results.reduce(0) { $0 + $1.level + 1 }) / Double(results.count)
                evidence[code, default: []].append(Evidence(item: id, criterion: results.map(\.criterion).joined(separator: "+"),
                                                            score: score, date: results.compactMap(\.on).max() ?? planned.due,
                                                            order: results.map(\.order).max() ?? 0))
            }
            var doneOn: CivilDate?
            var status: ItemStatus
            // Levels count as done unless the item's own cell said something later (an
            // absence recorded after the assessment); a level in the own cell always does.
            let assessed = !levels.isEmpty && (own.map { entry in
                if case .level = entry.mark { return true }
                return levels.contains { $0.order > entry.order }
            } ?? true)
            switch own?.mark {
            case .done(let on)?:
                doneOn = on
                status = on.map { $0 > planned.due ? .late : .done } ?? .done
            case .excused?:
                status = .excused
            case _ where assessed:
                doneOn = levels.compactMap(\.on).max()
                status = doneOn.map { $0 > planned.due ? .late : .done } ?? .done
            default:
                if planned.item.optional || planned.item.track != nil {
                    // Not everyone's work: never missing.
                    status = .optional
                } else if planned.due < asOf {
                    status = .missing
                } else {
                    status = planned.due.dayNumber - asOf.dayNumber <= soonDays ? .dueSoon : .notYetDue
                }
            }
            let kept: ProgressMark? = switch own?.mark {
            case .note?, .absent?: own?.mark
            default: nil
            }
            items.append(ItemProgress(id: id, title: planned.item.title, cycleID: planned.item.cycleID, isReflection: planned.item.isReflection,
                                      due: planned.due, status: status, doneOn: doneOn, mark: kept,
                                      isAssessed: rubric != nil, levels: levels.map(\.level)))
        }
        let standards = codes.map { StandardMastery(code: $0, result: Mastery.combine(evidence[$0] ?? [], policy: policy)) }
        return StudentProgress(id: student.id, name: student.name, section: student.section, goals: student.goals,
                               items: items, standards: standards)
    }
}
