import Diagnostics
import YAMLTree
import PlannerModel
import PlannerDates

struct MissingReflectionCheck: ProjectCheck {
    static let rule = RuleInfo(
        id: "missing-reflection", severity: .warning,
        summary: "A cycle without a reflection prompt.",
        explanation: """
            Every cycle ends with reflection: students look back at what they learned and how, \
            and the prompt prints on their checklist with space to write. Turn this off with \
            `policy.require_reflection: false`.
            """
    )

    static func check(_ context: CheckContext, _ sink: inout DiagnosticSink) {
        guard context.project.policy.requireReflection?.value ?? true else { return }
        for cycle in context.project.cycles where cycle.reflection.isEmpty {
            let name = cycle.id.map { "`\($0.value)` " } ?? ""
            sink.report(rule, "cycle \(name)has no reflection prompt", at: cycle.id?.range ?? cycle.range, in: cycle.id?.file,
                        help: "add `reflection: [{prompt: ...}]`; it prints on every checklist with space to write",
                        fixes: addReflection(to: cycle))
        }
    }

    /// A `reflection:` block after the cycle's last line, at its keys' indentation, for a cycle
    /// written as a block mapping whose end is known to be the start of a later line (the next
    /// item, a dedent or the end of the file after a line break). A teacher rewrites the prompt;
    /// the one given is a sound default.
    private static func addReflection(to cycle: Cycle) -> [Diagnostic.Fix] {
        let start = cycle.range.start, end = cycle.range.end
        let prompt = "What did you learn in this cycle, and how did you learn it?"
        // A flow mapping on one line (`{id: explore, days: 5}`): its end is just after its `}`.
        if end.line == start.line, end.column > 1 {
            let brace = Mark(line: end.line, column: end.column - 1, offset: end.offset - 1)
            return [Diagnostic.Fix(title: "Add a reflection prompt", edits: [
                .init(file: cycle.id?.file, range: SourceRange(at: brace), replacement: ", reflection: [{prompt: \"\(prompt)\"}]"),
            ])]
        }
        guard end.line > start.line, end.column == 1 || end.column < start.column else { return [] }
        let indent = String(repeating: " ", count: start.column - 1)
        let lineStart = Mark(line: end.line, column: 1, offset: end.offset - (end.column - 1))
        let block = "\(indent)reflection:\n\(indent)  - prompt: \(prompt)\n"
        return [Diagnostic.Fix(title: "Add a reflection prompt", edits: [.init(file: cycle.id?.file, range: SourceRange(at: lineStart), replacement: block)])]
    }
}
