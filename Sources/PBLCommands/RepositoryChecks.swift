import Foundation
import Planner
import Render
import Diagnostics
import YAMLTree

/// What `pbl validate DIR` checks in a template repository besides its YAML files: the
/// render templates (they must compile, and have names pbl uses) and CSV files in a
/// template root (a roster there is student data in a shared repository).
enum RepositoryChecks {
    /// Findings for `path` (found in a folder), or nil when it is not in one of `roots` (the
    /// roots for that file, its repository's own among them) and so not a template's file.
    static func check(_ path: String, roots: TemplateRoots) -> FileReport? {
        let isTemplate = path.hasSuffix(".mustache")
        guard isInRoot(path, roots: roots, folder: isTemplate ? "render" : nil) else { return nil }
        guard let bytes = FileManager.default.contents(atPath: path).map(Array.init) else {
            return FileReport(path: path, kind: .repositoryFile, diagnostics: [], sources: [:],
                              readFailure: FileReadError(path: path, reason: .notFound))
        }
        var sources: [String: SourceText] = [:]
        if let text = try? SourceText(bytes: bytes) { sources[path] = text }
        if isTemplate {
            return FileReport(path: path, kind: .repositoryFile, diagnostics: RenderTemplateCheck.check(path: path, bytes: bytes), sources: sources)
        }
        let findings = StudentDataInTemplate.checkCSV(bytes, file: path)
        return findings.isEmpty ? nil : FileReport(path: path, kind: .repositoryFile, diagnostics: findings, sources: sources)
    }

    /// Whether `path` is inside one of the folder roots (in its `folder`, when given).
    private static func isInRoot(_ path: String, roots: TemplateRoots, folder: String?) -> Bool {
        guard let root = roots.directoryRoot(containing: path) else { return false }
        guard let folder else { return true }
        let parent = URL(fileURLWithPath: path).resolvingSymlinksInPath().deletingLastPathComponent().path
        return parent == URL(fileURLWithPath: root).appendingPathComponent(folder).resolvingSymlinksInPath().path
    }
}
