import Diagnostics
import YAMLTree
import PlannerModel
import PlannerDates

/// Everything a project check may look at: the model, the standards it can name, and
/// indexes built once for all checks.
public struct CheckContext: Sendable {
    /// The project with its standard codes as the catalogs write them (the validator runs
    /// `StandardsIndex.canonicalize` first): what the checks, the dated plan and every output see.
    public let project: Project
    public let standards: StandardsIndex
    /// The project's codes that name no one standard of its catalogs, as written (what
    /// `canonicalize` returned).
    public let unresolvedCodes: [StandardsIndex.UnresolvedCode]
    /// The catalogs of the template roots, for a code the project's catalogs lack.
    public let catalogStore: (any CatalogLookup)?
    /// False when a listed catalog could not be loaded: unknown codes are then not reported,
    /// since the missing catalog may well hold them.
    public let allCatalogsLoaded: Bool
    /// Every milestone with the index of its cycle, in plan order.
    public let milestones: [(cycle: Int, milestone: Milestone)]
    /// Milestone id -> its position in `milestones`, first definition wins.
    public let milestoneIndex: [String: Int]
    /// Milestone id -> the ids of its choices, for milestones that offer any.
    public let choiceIDs: [String: Set<String>]
    /// Circles of `after` references, each once (for the dependency checks).
    public let dependencyCircles: [[String]]
    /// The plan on dates, for the date checks; nil without a calendar start.
    public let schedule: Schedule?

    /// `schedule`: the project on dates, made by the caller (`Scheduler.schedule(project,
    /// withStudents: false)` is all the checks need); a check only reads it.
    public init(project: Project, schedule: Schedule?, standards: StandardsIndex, unresolvedCodes: [StandardsIndex.UnresolvedCode],
                allCatalogsLoaded: Bool, catalogStore: (any CatalogLookup)? = nil) {
        self.project = project
        self.unresolvedCodes = unresolvedCodes
        self.standards = standards
        self.catalogStore = catalogStore
        self.allCatalogsLoaded = allCatalogsLoaded
        milestones = project.milestones
        var index: [String: Int] = [:]
        index.reserveCapacity(milestones.count)
        for position in milestones.indices {
            if let id = milestones[position].milestone.id?.value, index[id] == nil { index[id] = position }
        }
        milestoneIndex = index
        var choices: [String: Set<String>] = [:]
        for (_, milestone) in milestones where !milestone.choices.isEmpty {
            if let id = milestone.id?.value, choices[id] == nil { choices[id] = Set(milestone.choices.compactMap(\.id?.value)) }
        }
        choiceIDs = choices
        dependencyCircles = DependencyCycleCheck.circles(milestones: milestones, known: index)
        self.schedule = schedule
    }

    /// The milestone with this id, and its cycle's index.
    public func milestone(_ id: String) -> (cycle: Int, milestone: Milestone)? {
        milestoneIndex[id].map { milestones[$0] }
    }
}

/// A check of a loaded project. One per file, with its rule's examples as its tests.
public protocol ProjectCheck: Sendable {
    static var rule: RuleInfo { get }
    static func check(_ context: CheckContext, _ sink: inout DiagnosticSink)
}
