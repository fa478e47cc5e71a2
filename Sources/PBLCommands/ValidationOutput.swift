import Foundation
import Planner
import Render
import Diagnostics
import YAMLTree

/// The reports of one `pbl validate` run, and how they are printed and summed up.
struct ValidationOutput {
    var reports: [FileReport]
    var missing: [FileReadError]

    /// Each finding once: a template that several projects extend is checked with each of
    /// them, and its own findings would otherwise be printed once per project.
    var diagnostics: [Diagnostic] {
        var seen = Set<Diagnostic>()
        return reports.flatMap(\.diagnostics).filter { diagnostic in
            var key = diagnostic
            key.file = key.file.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            return seen.insert(key).inserted
        }
    }
    /// What was found, the findings left out of long reports included; the note that says
    /// they were left out is not itself counted.
    var totals: DiagnosticTotals {
        var totals = DiagnosticTotals(diagnostics)
        for report in reports where report.omitted != DiagnosticTotals() {
            totals.errors += report.omitted.errors
            totals.warnings += report.omitted.warnings
            totals.notes += report.omitted.notes - 1
        }
        return totals
    }
    var readFailures: [FileReadError] { missing + reports.compactMap(\.readFailure) }
    var checkedCount: Int { reports.filter { $0.kind != .skipped && $0.readFailure == nil }.count }

    func exitStatus(strict: Bool) -> Int32 {
        if !readFailures.isEmpty { return Status.io }
        let totals = totals
        if totals.errors > 0 || (strict && totals.warnings > 0) { return Status.inputErrors }
        return Status.clean
    }

    func render(_ format: PBL.Validate.OutputFormat) -> String {
        switch format {
        case .human: return human(useColor: stdoutUsesColor())
        case .json: return JSONReporter().generateReport(diagnostics)
        case .github: return GitHubReporter(toolName: "pbl").generateReport(diagnostics)
        case .sarif:
            let tool = SARIFReporter.Tool(name: "pbl", version: PBLVersion.current, explainCommand: "pbl explain")
            return SARIFReporter(tool: tool, rules: Rules.explainable).generateReport(diagnostics)
        }
    }

    func human(useColor: Bool) -> String {
        var sources: [String: SourceText] = [:]
        for report in reports {
            sources.merge(report.sources) { first, _ in first }
        }
        let renderer = HumanRenderer(useColor: useColor, source: { sources[$0] })
        var text = ""
        for diagnostic in diagnostics {
            text += renderer.render(diagnostic) + "\n\n"
        }
        let checked = checkedCount
        text += "\(checked) file\(checked == 1 ? "" : "s"): \(totals.summary)\n"
        return text
    }
}
