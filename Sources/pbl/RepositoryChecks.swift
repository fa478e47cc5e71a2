import Foundation
import Planner
import Render
import YAMLTree

/// What `pbl validate DIR` checks in a template repository besides its YAML files: the
/// render templates (they must compile, and have names pbl uses) and CSV files in a
/// template root (a roster there is student data in a shared repository).
enum RepositoryChecks {
    /// Files in the folders the user named that these checks are for.
    static func files(in paths: [String]) -> [String] {
        var found: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue,
                  let walker = manager.enumerator(atPath: path) else { continue }
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            while let relative = walker.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".") {
                    walker.skipDescendants()
                    continue
                }
                let full = InputDiscovery.join(base, relative)
                if (name.hasSuffix(".mustache") && (relative as NSString).deletingLastPathComponent.hasSuffix("render"))
                    || name.lowercased().hasSuffix(".csv") {
                    found.append(full)
                }
            }
        }
        return found.sorted()
    }

    static func check(_ path: String, roots: TemplateRoots) -> FileReport? {
        guard let bytes = FileManager.default.contents(atPath: path).map(Array.init) else {
            return FileReport(path: path, kind: .repositoryFile, diagnostics: [], sources: [:],
                              readFailure: FileReadError(path: path, reason: .notFound))
        }
        var sources: [String: SourceText] = [:]
        if let text = try? SourceText(bytes: bytes) { sources[path] = text }
        if path.hasSuffix(".mustache") {
            guard isInRoot(path, roots: roots, folder: "render") else { return nil }
            return FileReport(path: path, kind: .repositoryFile, diagnostics: RenderTemplateCheck.check(path: path, bytes: bytes), sources: sources)
        }
        guard isInRoot(path, roots: roots, folder: nil), looksLikeRoster(bytes) else { return nil }
        let finding = Diagnostic(
            severity: .error, message: "a roster in a template root: student data does not belong in a shared repository",
            file: path, range: .fileStart, rule: Rules.studentDataInTemplate.id,
            help: "keep rosters beside the teacher's own project, outside the template root (and out of git)")
        return FileReport(path: path, kind: .repositoryFile, diagnostics: [finding], sources: sources)
    }

    /// Whether `path` is inside a template root (in its `folder`, when given): a root named
    /// with --templates or PBL_TEMPLATES, or the repository's own.
    private static func isInRoot(_ path: String, roots: TemplateRoots, folder: String?) -> Bool {
        let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        var directories = roots.roots.compactMap { root -> String? in
            if case .directory(let directory) = root { return directory }
            return nil
        }
        if let repository = TemplateRoots.repositoryRoot(for: path) { directories.append(repository) }
        return directories.contains { directory in
            var inside = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
            if let folder { inside += "/" + folder }
            return folder == nil ? real.hasPrefix(inside + "/") : (real as NSString).deletingLastPathComponent == inside
        }
    }

    /// A header row naming students: `id` and `name` columns.
    private static func looksLikeRoster(_ bytes: [UInt8]) -> Bool {
        let firstLine = String(decoding: bytes.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self).lowercased()
        let columns = firstLine.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"\r\u{FEFF}")) }
        return columns.contains("name") && (columns.contains("id") || columns.contains("student"))
    }
}
