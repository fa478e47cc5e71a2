import Synchronization
import Diagnostics
import YAMLTree
import PlannerModel
import PlannerLoad
import PlannerDates
import PlannerSchedule
import PlannerCheck
import PlannerResources

/// One run's view of the files pbl reads: the template roots (named for the run, then
/// `PBL_TEMPLATES`, then the built-in one, with each repository's own root added for the files
/// inside it), their catalogs, the size limits and the folders a project may read outside its
/// own. Every command asks it, so which root a file sees is decided here and nowhere else.
/// Documents open from a path or from text in memory (an editor's buffer, with the path its
/// positions are reported for).
public final class Workspace: Sendable {
    /// What a file sees: the roots, with its repository's own root when it has one, and their catalogs.
    public struct Setup: Sendable {
        public let roots: TemplateRoots
        public let catalogs: CatalogStore
    }

    public let limits: YAMLLimits
    /// Folders outside a project's repository its files may name (`PBL_ROSTERS`).
    public let folders: ProjectFolders
    /// The roots before any repository's own: `--templates`, `PBL_TEMPLATES`, built-in.
    public let baseRoots: TemplateRoots
    private let base: Setup
    private let byRepository = Mutex<[String: Setup]>([:])

    public init(roots: TemplateRoots = TemplateRoots(), limits: YAMLLimits = .default, folders: ProjectFolders = .fromEnvironment()) {
        self.limits = limits
        self.folders = folders
        self.baseRoots = roots
        self.base = Setup(roots: roots, catalogs: CatalogStore(roots: roots, limits: limits))
    }

    /// The workspace a command line describes: `--templates` folders and the environment's
    /// `PBL_TEMPLATES` and `PBL_ROSTERS`.
    public convenience init(templateOptions: [String], environment: [String: String]) {
        self.init(roots: TemplateRoots.standard(options: templateOptions, environment: environment),
                  folders: ProjectFolders(environment: environment))
    }

    /// The roots and catalogs for a file or a folder (a repository's root is found from the
    /// folder itself then), made once per repository.
    public func setup(for path: String) -> Setup {
        let probe = TemplateRoots.isDirectory(path) ? (path.hasSuffix("/") ? path : path + "/") + "." : path
        guard let repository = TemplateRoots.repositoryRoot(for: probe) else { return base }
        return byRepository.withLock { known in
            if let setup = known[repository] { return setup }
            let roots = baseRoots.adding(repository: repository)
            let setup = Setup(roots: roots, catalogs: CatalogStore(roots: roots, limits: limits))
            known[repository] = setup
            return setup
        }
    }

    public func roots(for path: String) -> TemplateRoots { setup(for: path).roots }

    /// The catalogs of the roots before any repository's own.
    public var baseCatalogs: CatalogStore { base.catalogs }

    public func catalogs(for path: String) -> CatalogStore { setup(for: path).catalogs }

    /// Checks the file at `path`. `explicitlyNamed`: the user named it, so a YAML file that is
    /// not a pbl file is an error; found in a folder, it is skipped.
    public func validate(path: String, explicitlyNamed: Bool = true) -> FileReport {
        Validator(workspace: self).validate(path: path, explicitlyNamed: explicitlyNamed)
    }

    /// Checks `text` as though it were the file at `path` (which need not exist): files it
    /// names (a roster, a template) are read from beside `path`.
    public func validate(path: String, text: String, buffers: OpenBuffers = .none) -> FileReport {
        Validator(workspace: self, buffers: buffers).validate(path: path, bytes: Array(text.utf8))
    }
}
