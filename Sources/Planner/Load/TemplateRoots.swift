#if canImport(Glibc)
import Glibc
#endif
import YAMLTree
import PlannerModel
import PlannerResources

/// Where templates and catalogs are found: folders laid out like `templates/`
/// (projects/, standards/, render/), nearest first, then the root built into pbl.
public struct TemplateRoots: TemplateSource {
    public typealias Root = TemplateRoot

    public var roots: [Root]
    /// How many of `roots` were named for this run (`--templates`): a repository's own root
    /// goes after them, before the ones from the environment.
    public var namedCount: Int
    /// Templates as an editor holds them, read instead of the saved files.
    public var buffers = OpenBuffers.none

    public init(directories: [String] = [], includeBuiltin: Bool = true) {
        roots = directories.map { .directory($0) } + (includeBuiltin ? [.builtin] : [])
        namedCount = directories.count
    }

    /// `--templates` folders first, then `PBL_TEMPLATES` (colon-separated), then the built-in
    /// root; `adding(repository:)` puts a repository's own root after the `--templates` ones.
    public static func standard(options: [String], environment: [String: String]) -> TemplateRoots {
        let fromEnvironment = (environment["PBL_TEMPLATES"] ?? "").split(separator: ":").map(String.init)
        var roots = TemplateRoots(directories: options + fromEnvironment)
        roots.namedCount = options.count
        return roots
    }

    public typealias Found = TemplateFile

    /// `relative` (like `standards/ngss-ms.yaml`) from the nearest root that has it.
    public func find(_ relative: String) -> Found? {
        // Names come from users (`templates show`, catalog ids): none may climb out of a root.
        guard !relative.hasPrefix("/"), !relative.split(separator: "/").contains(where: { $0 == ".." }) else { return nil }
        for root in roots {
            switch root {
            case .directory(let directory):
                let path = Paths.join(directory, relative)
                guard Self.exists(path), Self.leadsInside(path, directory) else { continue }
                if case .bytes(let bytes)? = try? FileReader.read(path) {
                    return Found(path: path, bytes: bytes, root: root)
                }
            case .builtin:
                if let found = Self.builtin(relative) { return found }
            }
        }
        return nil
    }

    /// Whether a file found in a folder is still pbl's own built-in copy, byte for byte.
    public static func isBuiltinCopy(_ found: Found, of relative: String) -> Bool {
        builtin(relative)?.bytes == found.bytes
    }

    private static func builtin(_ relative: String) -> Found? {
        EmbeddedFiles.files["templates/" + relative].map { Found(path: "<built-in>/" + relative, bytes: Array($0.utf8), root: .builtin) }
    }

    /// Whether `path`, links followed, is inside the folder `directory`.
    private static func leadsInside(_ path: String, _ directory: String) -> Bool {
        guard let real = realPath(path), let realRoot = realPath(directory) else { return false }
        return real.hasPrefix(realRoot.hasSuffix("/") ? realRoot : realRoot + "/")
    }

    /// The folder root that `path` is inside (links followed), if any.
    public func directoryRoot(containing path: String) -> String? {
        for case .directory(let directory) in roots where Self.leadsInside(path, directory) { return directory }
        return nil
    }

    /// Why a project template name does not lead to a file.
    public enum LookupFailure: Error, Sendable, Equatable {
        /// Absolute, with `..`, or otherwise not a plain name under `projects/`.
        case notAName(String)
        /// The file is a symbolic link that leads outside its root.
        case leavesRoot(path: String)
        /// The file is there but cannot be used (too large, not a regular file, no permission).
        case unreadable(path: String, reason: String)
        case notFound
    }

    /// `projects/NAME.yaml` from the nearest root that has it. A name never resolves outside
    /// its root: no absolute paths, no `..`, no symbolic link that leads out.
    public func findProjectTemplate(_ name: String) -> Result<Found, LookupFailure> {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        let plain = parts.allSatisfy { part in
            !part.isEmpty && part != "." && part != ".." && !part.hasPrefix(".")
                && part.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0) }
        }
        guard plain, !name.hasSuffix(".yaml") else { return .failure(.notAName(name)) }
        let relative = "projects/\(name).yaml"
        for root in roots {
            switch root {
            case .directory(let directory):
                let path = Paths.join(directory, relative)
                guard Self.exists(path) else { continue }
                // Where the name leads is checked before anything is read from it.
                guard Self.leadsInside(path, directory) else { return .failure(.leavesRoot(path: path)) }
                if let bytes = buffers.bytes(for: path) { return .success(Found(path: path, bytes: bytes, root: root)) }
                do {
                    switch try FileReader.read(path) {
                    case .bytes(let bytes): return .success(Found(path: path, bytes: bytes, root: root))
                    case .tooLarge(let error): return .failure(.unreadable(path: path, reason: error.message))
                    }
                } catch {
                    return .failure(.unreadable(path: path, reason: "\(error)"))
                }
            case .builtin:
                if let found = Self.builtin(relative) { return .success(found) }
            }
        }
        return .failure(.notFound)
    }

    /// The template root a repository keeps for itself: the nearest `templates/` folder (with
    /// projects/, standards/ or render/ in it) beside the file or in a folder above it, up to
    /// the top of the git repository. Lets a department's projects find the department's
    /// templates and catalogs with no options. Outside a git repository there is none: a
    /// `templates/` folder that anyone could make in a shared folder (/tmp) must not change
    /// what a project means.
    public static func repositoryRoot(for path: String) -> String? {
        guard var directory = realPath(Paths.directory(of: path)) else { return nil }
        var nearest: String?
        while true {
            let candidate = Paths.join(directory, "templates")
            if nearest == nil, ["projects", "standards", "render"].contains(where: { isDirectory(Paths.join(candidate, $0)) }) {
                nearest = candidate
            }
            if exists(Paths.join(directory, ".git")) { break }
            guard directory != "/" else { return nil }
            directory = Paths.directory(of: directory)
        }
        // Relative to the working folder when inside it, as paths in messages are.
        guard let nearest, let here = realPath("."), nearest.hasPrefix(here == "/" ? "/" : here + "/") else { return nearest }
        return String(nearest.dropFirst(here == "/" ? 1 : here.count + 1))
    }

    /// These roots with a repository's root after the `--templates` ones, before `PBL_TEMPLATES`
    /// and the built-in one: the repository's templates win over a machine's settings, so CI
    /// and every teacher's machine read the same plan.
    public func adding(repository: String) -> TemplateRoots {
        let real = Self.realPath(repository)
        var copy = self
        let same: (String) -> Bool = { path in
            if let real, let other = Self.realPath(path) { return real == other }
            return path == repository
        }
        if copy.roots.contains(where: { if case .directory(let path) = $0 { return same(path) } else { return false } }) {
            return copy
        }
        copy.roots.insert(.directory(repository), at: min(namedCount, copy.roots.count))
        copy.namedCount += 1
        return copy
    }

    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// Whether `path` is a project template: a file in the projects/ folder of one of the roots.
    /// Templates may sit in folders of their own under projects/ (`extends: science/lab`).
    public func isProjectTemplate(_ path: String) -> Bool {
        guard var folder = Self.realPath(Paths.directory(of: path)) else { return false }
        let directories = Set(roots.compactMap { root -> String? in
            if case .directory(let directory) = root { return Self.realPath(directory) }
            return nil
        })
        while folder != "/" {
            let parent = Paths.directory(of: folder)
            if folder.hasSuffix("/projects") && directories.contains(parent) { return true }
            folder = parent
        }
        return false
    }

    private static func realPath(_ path: String) -> String? { Paths.real(path) }

    /// Names (without `ending`) of the files in `folder` across all roots, nearest first,
    /// without repeats: `.yaml` for `projects` and `standards`, `.mustache` for `render`
    /// (`checklist.html`, `teacher.md`, ...). Hidden files are not listed.
    public func names(in folder: String, ending: String = ".yaml") -> [String] {
        var seen: [String] = []
        for root in roots {
            let files = switch root {
            case .directory(let directory): Self.fileNames(in: directory + "/" + folder)
            case .builtin: BuiltinTemplates.fileNames(in: folder)
            }
            let found = files.filter { $0.hasSuffix(ending) && !$0.hasPrefix(".") }.map { String($0.dropLast(ending.count)) }
            for name in found.sorted() where !seen.contains(name) { seen.append(name) }
        }
        return seen
    }

    /// The render templates of every root (`checklist.html`, ...), in name order.
    public var renderTemplateNames: [String] { names(in: "render", ending: ".mustache").sorted() }

    private static func fileNames(in path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            names.append(withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            })
        }
        return names
    }
}
