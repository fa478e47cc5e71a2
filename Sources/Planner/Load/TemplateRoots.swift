#if canImport(Glibc)
import Glibc
#endif
import YAMLTree

/// Where templates and catalogs are found: folders laid out like `templates/`
/// (projects/, standards/, render/), nearest first, then the root built into pbl.
public struct TemplateRoots: Sendable {
    public enum Root: Sendable, Hashable {
        case directory(String)
        case builtin

        public var name: String {
            switch self {
            case .directory(let path): path
            case .builtin: "(built in)"
            }
        }
    }

    public var roots: [Root]

    public init(directories: [String] = [], includeBuiltin: Bool = true) {
        roots = directories.map { .directory($0) } + (includeBuiltin ? [.builtin] : [])
    }

    /// `--templates` folders first, then `PBL_TEMPLATES` (colon-separated), then the built-in root.
    public static func standard(options: [String], environment: [String: String]) -> TemplateRoots {
        let fromEnvironment = (environment["PBL_TEMPLATES"] ?? "").split(separator: ":").map(String.init)
        return TemplateRoots(directories: options + fromEnvironment)
    }

    /// A file found in a root: its path (for diagnostics) and bytes.
    public struct Found: Sendable {
        public var path: String
        public var bytes: [UInt8]
        public var root: Root
    }

    /// `relative` (like `standards/ngss-ms.yaml`) from the nearest root that has it.
    public func find(_ relative: String) -> Found? {
        for root in roots {
            switch root {
            case .directory(let directory):
                let path = directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
                if case .bytes(let bytes)? = try? FileReader.read(path) {
                    return Found(path: path, bytes: bytes, root: root)
                }
            case .builtin:
                if let text = EmbeddedFiles.files["templates/" + relative] {
                    return Found(path: "<built-in>/" + relative, bytes: Array(text.utf8), root: root)
                }
            }
        }
        return nil
    }

    /// Why a project template name does not lead to a file.
    public enum LookupFailure: Error, Sendable, Equatable {
        /// Absolute, with `..`, or otherwise not a plain name under `projects/`.
        case notAName(String)
        /// The file is a symbolic link that leads outside its root.
        case leavesRoot(path: String)
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
                guard let bytes = try? FileReader.read(path), case .bytes(let read) = bytes else { continue }
                guard let real = Self.realPath(path), let realRoot = Self.realPath(directory),
                      real.hasPrefix(realRoot.hasSuffix("/") ? realRoot : realRoot + "/") else {
                    return .failure(.leavesRoot(path: path))
                }
                return .success(Found(path: path, bytes: read, root: root))
            case .builtin:
                if let text = EmbeddedFiles.files["templates/" + relative] {
                    return .success(Found(path: "<built-in>/" + relative, bytes: Array(text.utf8), root: root))
                }
            }
        }
        return .failure(.notFound)
    }

    /// The template root a repository keeps for itself: the nearest `templates/` folder (with
    /// projects/, standards/ or render/ in it) beside the file or in a folder above it, up to
    /// the top of the git repository. Lets a department's projects find the department's
    /// templates and catalogs with no options.
    public static func repositoryRoot(for path: String) -> String? {
        guard var directory = realPath(Paths.directory(of: path)) else { return nil }
        while true {
            let candidate = Paths.join(directory, "templates")
            if ["projects", "standards", "render"].contains(where: { isDirectory(Paths.join(candidate, $0)) }) {
                // Relative to the working folder when inside it, as paths in messages are.
                if let here = realPath("."), candidate.hasPrefix(here == "/" ? "/" : here + "/") {
                    return String(candidate.dropFirst(here == "/" ? 1 : here.count + 1))
                }
                return candidate
            }
            if directory == "/" || exists(Paths.join(directory, ".git")) { return nil }
            directory = Paths.directory(of: directory)
        }
    }

    /// These roots with a repository's root after the ones given explicitly, before the built-in one.
    public func adding(repository: String) -> TemplateRoots {
        let real = Self.realPath(repository)
        var copy = self
        if copy.roots.contains(where: { if case .directory(let path) = $0 { return Self.realPath(path) == real } else { return false } }) {
            return copy
        }
        let position = copy.roots.firstIndex(of: .builtin) ?? copy.roots.endIndex
        copy.roots.insert(.directory(repository), at: position)
        return copy
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// Whether `path` is a project template: a file in the projects/ folder of one of the roots.
    public func isProjectTemplate(_ path: String) -> Bool {
        let folder = Paths.directory(of: path)
        guard folder == "projects" || folder.hasSuffix("/projects"), let real = Self.realPath(Paths.directory(of: folder)) else { return false }
        return roots.contains { root in
            if case .directory(let directory) = root { return Self.realPath(directory) == real }
            return false
        }
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Names (without extension) of the `.yaml` files in `folder` across all roots, nearest first, without repeats.
    public func names(in folder: String) -> [String] {
        var seen: [String] = []
        for root in roots {
            var found: [String] = []
            switch root {
            case .directory(let directory):
                found = Self.listYAML(directory + "/" + folder)
            case .builtin:
                found = builtinFileNames(in: folder).filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }
            }
            for name in found.sorted() where !seen.contains(name) { seen.append(name) }
        }
        return seen
    }

    /// Names of the built-in root's files in `folder` (`render` gives `checklist.html.mustache`, ...).
    public func builtinFileNames(in folder: String) -> [String] {
        let prefix = "templates/\(folder)/"
        return EmbeddedFiles.files.keys.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }.sorted()
    }

    private static func listYAML(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name.hasSuffix(".yaml"), !name.hasPrefix(".") { names.append(String(name.dropLast(5))) }
        }
        return names
    }
}
