import YAMLTree

/// A standards catalog: the codes a project may promise, with a short summary of each.
public struct Catalog: Sendable {
    public var file: String
    public var range: SourceRange
    public var id: Located<String>?
    public var title: Located<String>?
    public var source: Located<String>?
    public var version: Located<String>?
    public var codePattern: Located<String>?
    /// Setting the standards indexes their codes: a catalog is loaded once per run and its
    /// codes are looked up for every code of every project that lists it.
    public var standards: [Standard] = [] {
        didSet { codes = CatalogCodes(standards) }
    }
    public private(set) var codes = CatalogCodes([])
}

public struct Standard: Sendable {
    public var range: SourceRange
    public var code: Located<String>?
    public var grade: Located<Grade>?
    public var subject: Located<String>?
    public var text: Located<String>?
    /// The code of the standard this one is part of (`W.7.1` for `W.7.1a`).
    public var parent: Located<String>?
}

