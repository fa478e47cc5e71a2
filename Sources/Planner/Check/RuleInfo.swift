import YAMLTree

/// What a rule is, for `pbl explain`, the docs and the per-rule tests.
public struct RuleInfo: Sendable, Hashable {
    public var id: String
    public var severity: Diagnostic.Severity
    public var summary: String
    public var explanation: String
    /// A complete file that triggers the rule.
    public var failingExample: String
    /// The same file, fixed.
    public var passingExample: String
    /// Files next to the example (a roster, a catalog), by name.
    public var failingFiles: [String: String]
    public var passingFiles: [String: String]

    public init(id: String, severity: Diagnostic.Severity, summary: String, explanation: String,
                failing: String, passing: String,
                failingFiles: [String: String] = [:], passingFiles: [String: String] = [:]) {
        self.id = id
        self.severity = severity
        self.summary = summary
        self.explanation = explanation
        self.failingExample = failing
        self.passingExample = passing
        self.failingFiles = failingFiles
        self.passingFiles = passingFiles
    }
}
