import Glibc
import Synchronization
import YAMLTree
import PlannerModel

/// Loads each catalog once per run, however many projects name it; safe to share between
/// the threads that validate files in parallel.
public final class CatalogStore: Sendable {
    public enum Outcome: Sendable {
        case loaded(Catalog)
        case notFound
        /// The file exists but is not a clean catalog: the first problem, for one line.
        case unreadable(String)
    }

    public let roots: TemplateRoots
    public let limits: YAMLLimits
    private let cache = Mutex<[String: Outcome]>([:])
    private let every = Mutex<StandardsIndex?>(nil)

    public init(roots: TemplateRoots, limits: YAMLLimits = .default) {
        self.roots = roots
        self.limits = limits
    }

    /// A catalog named by id (looked up as standards/ID.yaml in the roots) or by a path
    /// relative to the project's folder.
    /// A catalog named by path (`../district.yaml`) rather than by id.
    public static func isPath(_ name: String) -> Bool {
        name.contains("/") || name.hasSuffix(".yaml") || name.hasSuffix(".yml")
    }

    public func catalog(named name: String, relativeTo directory: String) -> Outcome {
        let isPath = Self.isPath(name)
        let key = isPath ? Paths.join(directory, name) : "id:" + name
        if let cached = cache.withLock({ $0[key] }) { return cached }
        let outcome: Outcome
        if isPath {
            switch try? FileReader.read(key, limits: limits) {
            case .bytes(let bytes)?: outcome = Self.parse(bytes, file: key)
            case .tooLarge(let error)?: outcome = .unreadable(error.message)
            case nil: outcome = .notFound
            }
        } else if let found = roots.find("standards/\(name).yaml") {
            outcome = Self.parse(found.bytes, file: found.path)
        } else {
            outcome = .notFound
        }
        cache.withLock { $0[key] = outcome }
        return outcome
    }

    /// Ids of every catalog in the roots, for suggestions and for projects that list none.
    public var availableIDs: [String] { roots.names(in: "standards") }

    /// Every catalog of the roots that loads, nearest root first: where a code the project's
    /// own catalogs lack may be. Loaded the first time a project needs it, then kept.
    public var everyCatalog: StandardsIndex {
        if let known = every.withLock({ $0 }) { return known }
        var index = StandardsIndex()
        for id in availableIDs {
            if case .loaded(let catalog) = catalog(named: id, relativeTo: ".") { index.add(catalog) }
        }
        every.withLock { $0 = index }
        return index
    }

    private static func parse(_ bytes: [UInt8], file: String) -> Outcome {
        do {
            guard let root = try YAMLReader(bytes: bytes).singleDocument()?.root, root.isMapping, root["catalog"] != nil else {
                return .unreadable("not a catalog (it has no `catalog:` key)")
            }
            let (catalog, diagnostics) = CatalogLoader.load(root, file: file)
            if let first = diagnostics.first(where: { $0.severity == .error }) {
                return .unreadable("\(first.range.map { "\($0.start): " } ?? "")\(first.message)")
            }
            return .loaded(catalog)
        } catch {
            return .unreadable("\(error.range.start): \(error.message)")
        }
    }
}

/// Path helpers that need no Foundation.
public enum Paths {
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The file's name without folders or extension: `projects/field-study.yaml` -> `field-study`.
    public static func stem(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    /// The path with links followed (realpath), or nil when it does not exist.
    public static func real(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    public static func join(_ directory: String, _ relative: String) -> String {
        if relative.hasPrefix("/") || directory == "." || directory.isEmpty { return relative }
        return directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
    }
}

extension CatalogStore: CatalogLookup {}
