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

    var roots: TemplateRoots {
        TemplateRoots.standard(options: directories, environment: ProcessInfo.processInfo.environment)
    }

    /// The roots for a file (or a folder): with the repository's own template root, when the
    /// file is in a repository that has one (see `TemplateRoots.repositoryRoot(for:)`).
    func roots(for path: String) -> TemplateRoots {
        var isDirectory: ObjCBool = false
        let folder = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        let probe = folder ? (path.hasSuffix("/") ? path : path + "/") + "." : path
        return TemplateRoots.repositoryRoot(for: probe).map { roots.adding(repository: $0) } ?? roots
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
