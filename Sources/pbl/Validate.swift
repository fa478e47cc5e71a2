import ArgumentParser
import Foundation
import Planner
import YAMLTree

extension PBL {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check project files, catalogs and templates, and report every problem.",
            discussion: "Folders are searched recursively for .yaml and .yml files."
        )

        @Argument(help: "Files or folders to check.")
        var paths: [String]

        @Option(help: "Output format: human.")
        var format: OutputFormat = .human

        @Flag(help: "Treat warnings as errors for the exit status.")
        var strict = false

        enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
            case human
        }

        func validate() throws {
            if paths.isEmpty { throw ValidationError("name at least one file or folder to check") }
        }

        func run() throws {
            let discovery = InputDiscovery.yamlFiles(in: paths)
            let validator = FileValidator()
            let reports = discovery.files.map { validator.validate(path: $0) }
            let output = ValidationOutput(reports: reports, missing: discovery.failures)
            output.printHuman(useColor: ColorPolicy.useColor(
                isTerminal: isatty(STDOUT_FILENO) == 1, environment: ProcessInfo.processInfo.environment
            ))
            throw ExitCode(output.exitStatus(strict: strict))
        }
    }
}
