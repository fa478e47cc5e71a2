import YAMLTree

/// Everything a project check may look at: the model, the standards it can name, and
/// indexes built once for all checks.
public struct CheckContext: Sendable {
    public let project: Project
    public let standards: StandardsIndex
    /// False when a listed catalog could not be loaded: unknown codes are then not reported,
    /// since the missing catalog may well hold them.
    public let allCatalogsLoaded: Bool
    /// Milestone id -> (cycle index, milestone), first definition wins.
    public let milestonesByID: [String: (cycle: Int, milestone: Milestone)]

    public init(project: Project, standards: StandardsIndex, allCatalogsLoaded: Bool) {
        self.project = project
        self.standards = standards
        self.allCatalogsLoaded = allCatalogsLoaded
        var index: [String: (cycle: Int, milestone: Milestone)] = [:]
        for (cycle, milestone) in project.milestones {
            if let id = milestone.id?.value, index[id] == nil { index[id] = (cycle, milestone) }
        }
        milestonesByID = index
    }
}

/// A check of a loaded project. One per file, with its rule's examples as its tests.
public protocol ProjectCheck: Sendable {
    static var rule: RuleInfo { get }
    static func check(_ context: CheckContext, _ sink: inout DiagnosticSink)
}

extension DiagnosticSink {
    /// Reports at a located value, in the file it came from.
    mutating func report<T>(_ rule: RuleInfo, _ message: String, at value: Located<T>,
                            notes: [Diagnostic.Note] = [], help: String? = nil) {
        report(rule, message, at: value.range, in: value.file, notes: notes, help: help)
    }
}
