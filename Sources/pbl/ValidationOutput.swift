import Foundation
import Planner
import YAMLTree

/// The reports of one `pbl validate` run, and how they are printed and summed up.
struct ValidationOutput {
    var reports: [FileReport]
    var missing: [FileReadError]

    var diagnostics: [Diagnostic] { reports.flatMap(\.diagnostics) }
    var totals: DiagnosticTotals { DiagnosticTotals(diagnostics) }
    var readFailures: [FileReadError] { missing + reports.compactMap(\.readFailure) }

    func exitStatus(strict: Bool) -> Int32 {
        if !readFailures.isEmpty { return Status.io }
        let totals = totals
        if totals.errors > 0 || (strict && totals.warnings > 0) { return Status.inputErrors }
        return Status.clean
    }

    func printHuman(useColor: Bool) {
        let sources = Dictionary(reports.compactMap { report in report.source.map { (report.path, $0) } },
                                 uniquingKeysWith: { first, _ in first })
        let renderer = HumanRenderer(useColor: useColor, source: { sources[$0] })
        var text = ""
        for diagnostic in diagnostics {
            text += renderer.render(diagnostic) + "\n\n"
        }
        let checked = reports.count
        text += "\(checked) file\(checked == 1 ? "" : "s"): \(totals.summary)\n"
        FileHandle.standardOutput.write(Data(text.utf8))
        for failure in readFailures {
            FileHandle.standardError.write(Data("pbl: error: \(failure)\n".utf8))
        }
    }
}
