import ArgumentParser
import Foundation
import Diagnostics
import YAMLTree

/// `pbl`: plan, check and print project-based learning cycles.
public struct PBL: ParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "pbl",
        abstract: "Plan, check and print project-based learning cycles.",
        discussion: """
            Exit status: 0 clean (warnings allowed unless --strict), 1 the input has errors, \
            2 bad command-line usage, 3 a file could not be read or written. \
            `pbl --version` prints the version.
            """,
        subcommands: [Validate.self, ScheduleCommand.self, CalendarCommand.self, Checklists.self, ProgressCommand.self, RenderAll.self, New.self, Standards.self, Templates.self, Explain.self, Schema.self, LSP.self]
    )
}

enum PBLVersion {
    static let current = "0.1.0"
}

/// Exit statuses of every subcommand.
enum Status {
    static let clean: Int32 = 0
    static let inputErrors: Int32 = 1
    static let usage: Int32 = 2
    static let io: Int32 = 3
}

/// What the `pbl` executable runs: one process, one command, its exit status.
public enum Main {
    public static func main() {
        // A closed pipe (`pbl validate | head`) is an error to report, not a signal that kills.
        signal(SIGPIPE, SIG_IGN)
        TemporaryFiles.installHandlers()
        // A malformed SOURCE_DATE_EPOCH stops the run, as the convention asks, rather than
        // print dates no reader takes.
        if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], OutputClock.sourceDateEpoch(epoch) == nil {
            FileHandle.standardError.write(Data("pbl: error: SOURCE_DATE_EPOCH must be whole seconds since 1970 (0 to \(OutputClock.latestEpoch)), not `\(HumanRenderer.shown(epoch, limit: 40))`\n".utf8))
            Foundation.exit(Status.usage)
        }
        // `pbl --version` is answered here rather than by ArgumentParser's `version:`, which
        // claims `--version` in every subcommand (and a parent's flag is read after a
        // subcommand too): in `pbl standards import` it names the catalog's version.
        if Array(CommandLine.arguments.dropFirst()) == ["--version"] {
            _ = try? StandardStreams.out(PBLVersion.current + "\n")
            Foundation.exit(Status.clean)
        }
        var parsed: ParsableCommand.Type?
        do {
            var command = try PBL.parseAsRoot()
            parsed = type(of: command)
            try command.run()
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            // ArgumentParser's own code for usage errors is 64; pbl promises 2.
            if PBL.exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((usageMessage(for: error, in: parsed) + "\n").utf8))
                Foundation.exit(Status.usage)
            }
            PBL.exit(withError: error)
        }
    }

    /// A usage error found while a subcommand ran (an unknown student, a section the plan
    /// lacks) ends with that subcommand's usage, as a parse error does, not the root's.
    static func usageMessage(for error: Error, in command: ParsableCommand.Type?) -> String {
        guard let command, command != PBL.self else { return PBL.fullMessage(for: error) }
        let usage = PBL.usageString(for: command)
        let words = usage.split(separator: " ").prefix { !$0.hasPrefix("<") && !$0.hasPrefix("[") && !$0.hasPrefix("-") }
        return "Error: \(PBL.message(for: error))\nUsage: \(usage)\n  See '\(words.joined(separator: " ")) --help' for more information."
    }
}
