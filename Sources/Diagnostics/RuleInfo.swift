/// What a rule is: its stable id (policies, CI filters and the docs name it), its default
/// severity and its description. `pbl explain`, `docs/rules.md` and the SARIF report read the
/// same values, so a rule is described once.
public struct RuleInfo: Sendable, Hashable {
    public var id: String
    public var severity: Diagnostic.Severity
    public var summary: String
    public var explanation: String

    public init(id: String, severity: Diagnostic.Severity, summary: String, explanation: String) {
        self.id = id
        self.severity = severity
        self.summary = summary
        self.explanation = explanation
    }
}
