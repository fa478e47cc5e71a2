import YAMLTree

/// A catalog file: checked against the catalog spec, then built.
struct CatalogLoader {
    static func load(_ root: YAMLNode, file: String) -> (Catalog, [Diagnostic]) {
        var checker = SpecChecker(file: file)
        checker.checkObject(root, FormatSpec.catalog, path: "catalog")
        let read = ValueReader(file: file)
        var catalog = Catalog(file: file, range: root.range)
        catalog.id = read.id(root["catalog"])
        catalog.title = read.text(root["title"])
        catalog.source = read.text(root["source"])
        catalog.version = read.text(root["version"])
        catalog.codePattern = read.text(root["code_pattern"])
        catalog.standards = read.list(root["standards"]) { node in
            guard node.isMapping else { return nil }
            return Standard(range: node.range, code: read.text(node["code"]), grade: read.grade(node["grade"]),
                            subject: read.text(node["subject"]), text: read.text(node["text"]), parent: read.text(node["parent"]),
                            plus: read.bool(node["plus"]), modeling: read.bool(node["modeling"]))
        }
        catalog.notApplicable = read.texts(root["not_applicable"])
        return (catalog, checker.sink.diagnostics)
    }
}

/// The standards a project can name: the catalogs it lists, indexed by normalised code.
public struct StandardsIndex: Sendable {
    public struct Entry: Sendable {
        public var standard: Standard
        public var catalog: String
    }

    public private(set) var entries: [String: Entry] = [:]
    public private(set) var catalogs: [Catalog] = []

    public init(catalogs: [Catalog] = []) {
        for catalog in catalogs { add(catalog) }
    }

    public mutating func add(_ catalog: Catalog) {
        catalogs.append(catalog)
        for standard in catalog.standards {
            guard let code = standard.code?.value else { continue }
            let key = StandardCode.normalize(code)
            if entries[key] == nil { entries[key] = Entry(standard: standard, catalog: catalog.id?.value ?? catalog.file) }
        }
    }

    public func lookup(_ code: String) -> Entry? { entries[StandardCode.normalize(code)] }

    /// The codes nearest to a mistyped one, as the catalogs write them.
    public func nearest(to code: String, count: Int = 3) -> [String] {
        let keys = Suggest.nearest(to: StandardCode.normalize(code), in: Array(entries.keys), count: count)
        return keys.compactMap { entries[$0]?.standard.code?.value }
    }
}
