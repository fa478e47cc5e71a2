import ArgumentParser
import Foundation
import Planner
import Diagnostics
import YAMLTree

/// Options every command that reads projects shares.
struct TemplateOptions: ParsableArguments {
    @Option(name: .customLong("templates"), help: ArgumentHelp(
        "A template root (projects/, standards/, render/); repeatable, nearest first. PBL_TEMPLATES adds more (colon-separated).",
        valueName: "dir"))
    var directories: [String] = []

    /// This run's workspace: the roots these options and the environment name, each
    /// repository's own root added for the files inside it. Make it once per command.
    func workspace() -> Workspace {
        Workspace(templateOptions: directories, environment: ProcessInfo.processInfo.environment)
    }
}

extension FileHandle {
    /// Text to standard error (where pbl writes its messages), with write(2): FileHandle's own
    /// write traps when the stream is closed.
    func write(_ text: String) {
        if fileDescriptor == STDERR_FILENO { return StandardStreams.err(text) }
        write(Data(text.utf8))
    }
}

/// Colour for output going to standard output.
func stdoutUsesColor() -> Bool {
    ColorPolicy.useColor(isTerminal: isatty(STDOUT_FILENO) == 1, environment: ProcessInfo.processInfo.environment)
}
