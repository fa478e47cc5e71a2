import ArgumentParser
import Foundation
import Planner
import Render

extension PBL.Standards {
    struct Coverage: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The matrix of standards against projects, and the standards no project addresses.",
            discussion: """
                PATH is a project file or a folder of them (project templates are left out). \
                Rows are the standards of the projects' catalogs (or --catalog), columns the \
                projects. With --against REV, also what this working tree gains or loses \
                compared with that git revision (a branch, a tag, HEAD~1): the files and the \
                repository's templates/ and catalogs as they were then (--templates folders \
                are read as they are now).
                """
        )

        @Argument(help: "Project files or folders.") var paths: [String]
        @Option(help: "Only this catalog's standards (repeatable); default: the catalogs the projects name.") var catalog: [String] = []
        @Option(help: "Only standards for this grade (K, 1-12, or a band such as 6-8).") var grade: String?
        @Option(help: "Output format: text, md, csv or html.") var format: Format = .text
        @Option(help: "A git revision to compare with.") var against: String?
        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?
        @OptionGroup var templates: TemplateOptions

        enum Format: String, ExpressibleByArgument, CaseIterable { case text, md, csv, html }

        func run() throws {
            let workspace = templates.workspace()
            let wantedGrade = try grade.map { text -> Grade in
                guard let grade = Grade(text) else { throw ValidationError("`\(text)` is not a grade (K, 1-12 or a band like 6-8)") }
                return grade
            }
            let current = try collect(paths, workspace)
            let matrix = CoverageMatrix(projects: current.projects, catalogs: current.catalogs, grade: wantedGrade)
            var change: CoverageRenderer.Change?
            if let against {
                let before = try GitRevision.checkout(against, for: paths) { mapped in try collect(mapped, workspace, quiet: true) }
                let old = CoverageMatrix(projects: before.projects, catalogs: before.catalogs, grade: wantedGrade)
                let difference = CoverageMatrix.difference(now: matrix, before: old)
                change = CoverageRenderer.Change(revision: against, gained: difference.gained, lost: difference.lost)
            }
            let ids = current.catalogs.compactMap { $0.id?.value }
            let title = "Standards coverage" + (ids.isEmpty ? "" : ": " + ids.joined(separator: ", "))
                + (wantedGrade.map { ", grade \($0)" } ?? "")
            let text = CoverageRenderer(title: title).render(matrix, change: change, format: CoverageRenderer.Format(rawValue: format.rawValue) ?? .text)
            do {
                try OutputFile(inputs: current.files).write(text, to: output)
            } catch {
                FileHandle.standardError.write("pbl: error: \(error)\n")
                throw ExitCode(Status.io)
            }
        }

        /// The projects under `paths` and the catalogs to report on.
        private func collect(_ paths: [String], _ workspace: Workspace, quiet: Bool = false) throws -> (projects: [Project], catalogs: [Catalog], files: [String]) {
            let discovery = InputDiscovery.yamlFiles(in: paths)
            if let failure = discovery.failures.first {
                FileHandle.standardError.write("pbl: error: \(failure)\n")
                throw ExitCode(Status.io)
            }
            let validator = Validator(workspace: workspace)
            var projects: [Project] = []
            var catalogs: [Catalog] = []
            var seen = Set<String>()
            for file in discovery.files {
                let report = validator.validate(path: file, explicitlyNamed: discovery.explicit.contains(file))
                guard report.kind == .project, !report.isTemplate, let project = report.project else { continue }
                if !quiet, report.diagnostics.contains(where: { $0.severity == .error }) {
                    FileHandle.standardError.write("pbl: warning: \(file) has errors (`pbl validate \(file)`); counted as written\n")
                }
                projects.append(project)
                for found in report.standards?.catalogs ?? [] {
                    let id = found.id?.value ?? found.file
                    if seen.insert(id).inserted { catalogs.append(found) }
                }
            }
            if !catalog.isEmpty {
                let store = discovery.files.first.map { workspace.catalogs(for: $0) } ?? workspace.baseCatalogs
                catalogs = try catalog.flatMap { try PBL.Standards.catalogs(store, only: $0) }
            }
            if projects.isEmpty && !quiet {
                FileHandle.standardError.write("pbl: error: no project files in \(paths.joined(separator: " "))\n")
                throw ExitCode(Status.inputErrors)
            }
            return (projects, catalogs, discovery.files)
        }
    }
}

/// Files as they were at a git revision: the repository's tree at that revision, unpacked in
/// a temporary folder, with the same paths inside it.
enum GitRevision {
    static func checkout<T>(_ revision: String, for paths: [String], _ body: ([String]) throws -> T) throws -> T {
        guard let first = paths.first else { throw ExitCode(Status.usage) }
        let start = URL(fileURLWithPath: first).standardizedFileURL
        let folder = (try? start.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true ? start : start.deletingLastPathComponent()
        let top = try git(["rev-parse", "--show-toplevel"], in: folder.path).trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            _ = try git(["rev-parse", "--verify", "--quiet", revision + "^{commit}"], in: top, quietly: true)
        } catch {
            FileHandle.standardError.write("pbl: error: unknown revision `\(revision)` in the repository at \(top)\n")
            throw ExitCode(Status.usage)
        }
        let realTop = URL(fileURLWithPath: top).resolvingSymlinksInPath().path
        for path in paths {
            let real = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
            guard real == realTop || real.hasPrefix(realTop + "/") else {
                FileHandle.standardError.write("pbl: error: --against compares files of one git repository; \(path) is not in \(top)\n")
                throw ExitCode(Status.usage)
            }
        }
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("pbl-against-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: temporary) }
        let archive = temporary.appendingPathComponent("tree.tar").path
        _ = try git(["archive", "--format=tar", "-o", archive, revision], in: top)
        try run("/usr/bin/env", ["tar", "-xf", archive, "-C", temporary.path], in: top)
        try? FileManager.default.removeItem(atPath: archive)
        // The unpacked tree is a repository top of its own, so its templates/ root is found
        // and nothing above it is.
        FileManager.default.createFile(atPath: temporary.appendingPathComponent(".git").path, contents: Data())
        let mapped = paths.compactMap { path -> String? in
            let real = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
            let inside = temporary.appendingPathComponent(String(real.dropFirst(realTop.count))).path
            return FileManager.default.fileExists(atPath: inside) ? inside : nil
        }
        return try body(mapped)
    }

    @discardableResult
    private static func git(_ arguments: [String], in directory: String, quietly: Bool = false) throws -> String {
        try run("/usr/bin/env", ["git"] + arguments, in: directory, quietly: quietly)
    }

    @discardableResult
    private static func run(_ executable: String, _ arguments: [String], in directory: String, quietly: Bool = false) throws -> String {
        let child = ChildProcess(executable: URL(fileURLWithPath: executable), arguments: arguments,
                                 directory: URL(fileURLWithPath: directory))
        let result: ChildProcess.Result
        do { result = try child.run() } catch {
            FileHandle.standardError.write("pbl: error: cannot run \(arguments.first ?? executable): \(error)\n")
            throw ExitCode(Status.io)
        }
        guard result.status == 0 else {
            let message = String(decoding: result.errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if quietly { throw ExitCode(Status.usage) }
            FileHandle.standardError.write("pbl: error: \(arguments.prefix(2).joined(separator: " ")) failed" + (message.isEmpty ? "" : ": \(message)") + "\n")
            throw ExitCode(Status.usage)
        }
        return String(decoding: result.output, as: UTF8.self)
    }
}
