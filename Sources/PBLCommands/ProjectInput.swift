import ArgumentParser
import Foundation
import Planner
import Diagnostics
import YAMLTree

/// Loads one project for the commands that go on to print it: validates it first, prints
/// its findings to standard error, and stops (exit 1) when it has errors.
enum ProjectInput {
    /// `tolerating`: rules whose errors are printed but do not stop the command (`pbl progress
    /// sheet` writes the progress file that `progress:` names and does not find yet).
    static func load(_ path: String, workspace: Workspace, tolerating: Set<String> = []) throws
        -> (project: Project, schedule: Schedule, inputs: [String]) {
        let report = workspace.validate(path: path)
        if let failure = report.readFailure {
            FileHandle.standardError.write("pbl: error: \(failure)\n")
            throw ExitCode(Status.io)
        }
        printFindings(report.diagnostics, sources: report.sources)
        var totals = DiagnosticTotals(report.diagnostics.filter { !tolerating.contains($0.rule ?? "") })
        totals.errors += report.omitted.errors
        if totals.errors > 0 {
            FileHandle.standardError.write("pbl: \(path) has \(totals.summary); fix them first (`pbl validate \(path)`)\n")
            throw ExitCode(Status.inputErrors)
        }
        guard report.kind == .project, let project = report.project else {
            FileHandle.standardError.write("pbl: error: \(path) is not a project file\n")
            throw ExitCode(Status.inputErrors)
        }
        guard let schedule = report.printableSchedule() else {
            FileHandle.standardError.write("pbl: error: \(path) has no `calendar.start`, so it cannot be put on dates\n")
            throw ExitCode(Status.inputErrors)
        }
        return (project, schedule, Array(report.sources.keys) + report.readFiles + [path])
    }

    /// Findings to standard error, as `pbl validate` shows them.
    static func printFindings(_ diagnostics: [Diagnostic], sources: [String: SourceText]) {
        let renderer = HumanRenderer(useColor: ColorPolicy.useColor(isTerminal: isatty(STDERR_FILENO) == 1,
                                                                    environment: ProcessInfo.processInfo.environment),
                                     source: { sources[$0] })
        for diagnostic in diagnostics {
            FileHandle.standardError.write(renderer.render(diagnostic) + "\n\n")
        }
    }
}
