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
