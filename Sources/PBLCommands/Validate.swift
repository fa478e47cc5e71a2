import ArgumentParser
import Dispatch
import Foundation
import Planner
import YAMLTree

extension PBL {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check projects, rosters and standards catalogs, and report every problem.",
            discussion: """
                Folders are searched recursively for .yaml and .yml files; files there that are \
                neither a project (pbl: 1) nor a catalog (catalog: ID) are skipped. In a \
                template root, render templates are checked too, and a roster is flagged. \
                Files are checked in parallel.
                """
        )

        @Argument(help: "Files or folders to check.")
        var paths: [String]

        @Option(help: "Output format: human, json, github (workflow annotations) or sarif (SARIF 2.1.0).")
        var format: OutputFormat = .human

        @Flag(help: "Fail (exit 1) on warnings too.")
        var strict = false

        @Option(help: "Files checked at once (default: the number of cores).")
        var jobs: Int?

        @OptionGroup var templates: TemplateOptions

        enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
            case human, json, github, sarif
        }

        func validate() throws {
            if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        }

        func run() throws {
            let workspace = templates.workspace()
            let discovery = InputDiscovery.yamlFiles(in: paths)
            for folder in discovery.emptyFolders {
                FileHandle.standardError.write("pbl: note: no .yaml or .yml files in \(folder)\n")
            }
            let validator = Validator(workspace: workspace)
            var reports = Self.validateAll(discovery.files, explicit: discovery.explicit, validator: validator,
                                           jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
            reports += discovery.repositoryFiles.compactMap { RepositoryChecks.check($0, roots: workspace.roots(for: $0)) }
            let output = ValidationOutput(reports: reports, missing: discovery.failures)
            try StandardStreams.out(output.render(format))
            for failure in output.readFailures {
                FileHandle.standardError.write("pbl: error: \(failure)\n")
            }
            // Exit with the reports still alive: freeing every node and model value of a
            // large project one by one would only cost time, and the process is ending anyway.
            withExtendedLifetime(output) {
                Foundation.exit(output.exitStatus(strict: strict))
            }
        }

        /// Independent files in parallel, results in the order the files were named.
        static func validateAll(_ files: [String], explicit: Set<String>, validator: Validator, jobs: Int) -> [FileReport] {
            let slots = ReportSlots(count: files.count)
            let workers = max(1, min(jobs, files.count))
            let next = NextIndex()
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let index = next.take(below: files.count) {
                    slots.store(validator.validate(path: files[index], explicitlyNamed: explicit.contains(files[index])), at: index)
                }
            }
            return slots.all
        }
    }
}

private final class ReportSlots: @unchecked Sendable {
    private var reports: [FileReport?]
    private let lock = NSLock()

    init(count: Int) { reports = Array(repeating: nil, count: count) }

    func store(_ report: FileReport, at index: Int) {
        lock.lock()
        reports[index] = report
        lock.unlock()
    }

    var all: [FileReport] { reports.compactMap { $0 } }
}

private final class NextIndex: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()

    func take(below limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}
