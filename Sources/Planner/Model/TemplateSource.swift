/// Where a template file came from: a folder laid out like `templates/`, or the root built
/// into pbl.
public enum TemplateRoot: Sendable, Hashable {
    case directory(String)
    case builtin

    public var name: String {
        switch self {
        case .directory(let path): path
        case .builtin: "(built in)"
        }
    }
}

/// A file found in a template root: its path (for diagnostics) and bytes.
public struct TemplateFile: Sendable {
    public var path: String
    public var bytes: [UInt8]
    public var root: TemplateRoot

    public init(path: String, bytes: [UInt8], root: TemplateRoot) {
        self.path = path
        self.bytes = bytes
        self.root = root
    }
}

/// Finds template files by their path inside a root (`render/checklist.html.mustache`).
/// Rendering asks through this, so it never opens files itself: loading decides the roots.
public protocol TemplateSource: Sendable {
    func find(_ relative: String) -> TemplateFile?
}

/// The standards of every catalog the template roots offer, for a code a project's own
/// catalogs lack. Checks ask through this, so they never read catalog files themselves.
public protocol CatalogLookup: Sendable {
    var everyCatalog: StandardsIndex { get }
}
