import Diagnostics
import YAMLTree

/// Collects the findings of one file as loading and checking go on.
public struct DiagnosticSink: Sendable {
    public var file: String
    public private(set) var diagnostics: [Diagnostic] = []

    public init(file: String) {
        self.file = file
    }

    public mutating func report(
        _ rule: RuleInfo, _ message: String, at range: SourceRange?, in file: String? = nil,
        notes: [Diagnostic.Note] = [], help: String? = nil, fixes: [Diagnostic.Fix] = []
    ) {
        diagnostics.append(Diagnostic(
            severity: rule.severity, message: message, file: file ?? self.file, range: range,
            rule: rule.id, notes: notes, help: help, fixes: fixes
        ))
    }

    /// At a node of the tree, in the file it came from (a project's node may come from the
    /// template it extends).
    public mutating func report(
        _ rule: RuleInfo, _ message: String, at node: YAMLNode,
        notes: [Diagnostic.Note] = [], help: String? = nil, fixes: [Diagnostic.Fix] = []
    ) {
        report(rule, message, at: node.range, in: node.sourceName, notes: notes, help: help, fixes: fixes)
    }

    /// At the first character of a node (where a missing key would go).
    public mutating func report(
        _ rule: RuleInfo, _ message: String, atStartOf node: YAMLNode,
        notes: [Diagnostic.Note] = [], help: String? = nil
    ) {
        report(rule, message, at: SourceRange(at: node.start), in: node.sourceName, notes: notes, help: help)
    }

    public mutating func append(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    public mutating func append(contentsOf more: [Diagnostic]) {
        diagnostics += more
    }
}

extension DiagnosticSink {
    /// Reports at a located value, in the file it came from.
    public mutating func report<T>(_ rule: RuleInfo, _ message: String, at value: Located<T>,
                                   notes: [Diagnostic.Note] = [], help: String? = nil, fixes: [Diagnostic.Fix] = []) {
        report(rule, message, at: value.range, in: value.file, notes: notes, help: help, fixes: fixes)
    }
}
