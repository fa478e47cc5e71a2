import Glibc
import YAMLTree
import PlannerModel

/// Where the files a project names (its roster, a catalog given by path) may be: inside the
/// project's git repository (the project's own folder, outside one), or in a folder the user
/// named in `PBL_ROSTERS`. So a project file alone, from a pull request or a shared folder,
/// can never make pbl read `/etc/shadow` or a home folder and echo it into a CI log.
public struct ProjectFolders: Sendable {
    /// Real paths of the folders named in `PBL_ROSTERS` (colon-separated).
    public let named: [String]

    public init(named: [String]) {
        self.named = named.compactMap(Self.realPath)
    }

    /// The folders of `PBL_ROSTERS` in this process's environment.
    public static func fromEnvironment() -> ProjectFolders {
        guard let value = getenv("PBL_ROSTERS") else { return ProjectFolders(named: []) }
        return ProjectFolders(rosters: String(cString: value))
    }

    /// The folders of `PBL_ROSTERS` in `environment`.
    public init(environment: [String: String]) {
        self.init(rosters: environment["PBL_ROSTERS"] ?? "")
    }

    private init(rosters: String) {
        self.init(named: rosters.split(separator: ":").map(String.init).filter { !$0.isEmpty })
    }

    public enum Refusal: Error, Sendable, Equatable {
        /// Outside every allowed folder: the folder the project is confined to.
        case outside(allowed: String)
    }

    /// Whether `path` (relative to the working folder, links followed) is one the project at
    /// `projectPath` may name.
    public func check(_ path: String, forProjectAt projectPath: String) -> Result<Void, Refusal> {
        let home = Self.confinement(of: projectPath)
        let refusal = Refusal.outside(allowed: home.map(Self.shown) ?? Paths.directory(of: projectPath))
        guard let real = Self.resolved(path) else { return .failure(refusal) }
        for folder in [home].compactMap({ $0 }) + named where real == folder || real.hasPrefix(folder == "/" ? "/" : folder + "/") {
            return .success(())
        }
        return .failure(refusal)
    }

    /// A folder as messages show paths: relative to the working folder when inside it.
    static func shown(_ folder: String) -> String {
        guard let here = realPath(".") else { return folder }
        if folder == here { return "." }
        let prefix = here == "/" ? "/" : here + "/"
        return folder.hasPrefix(prefix) ? String(folder.dropFirst(prefix.count)) : folder
    }

    /// The top of the project's git repository, or its own folder outside one (real paths).
    static func confinement(of projectPath: String) -> String? {
        guard let start = realPath(Paths.directory(of: projectPath)) else { return nil }
        var directory = start
        while true {
            var info = stat()
            if stat(Paths.join(directory, ".git"), &info) == 0 { return directory }
            guard directory != "/" else { return start }
            directory = Paths.directory(of: directory)
        }
    }

    /// The real path of a file; when it is not there, the real path of its nearest folder that
    /// is, with the rest of the path after it (a missing roster is still confined: the path it
    /// would take is what counts). Nil when that rest climbs with `..`.
    static func resolved(_ path: String) -> String? {
        if let real = realPath(path) { return real }
        var existing = path
        var rest: [String] = []
        while true {
            let parent = Paths.directory(of: existing)
            rest.insert(String(existing.split(separator: "/").last ?? ""), at: 0)
            if let real = realPath(parent) {
                guard !rest.contains(".."), !rest.contains("") else { return nil }
                return rest.reduce(real) { Paths.join($0, $1) }
            }
            guard parent != existing, parent != "/", parent != "." else { return nil }
            existing = parent
        }
    }

    static func realPath(_ path: String) -> String? { Paths.real(path) }
}
