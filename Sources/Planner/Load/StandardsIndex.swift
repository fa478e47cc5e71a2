/// The standards a project can name: the catalogs it lists, in order, each with the index of
/// its codes it built when it was loaded (so a project's lookups build nothing).
public struct StandardsIndex: Sendable {
    public struct Entry: Sendable {
        public var standard: Standard
        public var catalog: String
        /// The code as the catalog writes it: what every output prints.
        public var code: String { standard.code?.value ?? "" }
    }

    public enum Resolution: Sendable {
        case found(Entry)
        /// A short form (`8.G.7`) that standards of more than one catalog shorten to.
        case ambiguous([Entry])
        case notFound
    }

    /// A code of the project that names no single standard of its catalogs, as written.
    public struct UnresolvedCode: Sendable {
        public var code: Located<String>
        /// The standards an ambiguous short form could be; empty when nothing matched.
        public var candidates: [Entry]
    }

    public private(set) var catalogs: [Catalog] = []

    public init(catalogs: [Catalog] = []) {
        self.catalogs = catalogs
    }

    public mutating func add(_ catalog: Catalog) {
        catalogs.append(catalog)
    }

    /// The one standard a code names, however it is written.
    public func lookup(_ code: String) -> Entry? {
        if case .found(let entry) = resolve(code) { return entry }
        return nil
    }

    /// A code as written (`W.7.1.a`, `ms.ess3.3`, `8.G.7`) to the standard it names: the same
    /// normalised code in the first catalog that has it; failing that, the 2010 short form
    /// without the cluster letter (`8.G.7` for `8.G.B.7`), when it names one standard.
    public func resolve(_ code: String) -> Resolution {
        let key = StandardCode.normalize(code)
        for catalog in catalogs {
            if let position = catalog.codes.exact[key] { return .found(entry(catalog, position)) }
        }
        // Only codes that are in no catalog as written get this far: the exact lookup above is
        // what every valid code of every project pays.
        var found: [Entry] = []
        var seen: Set<String> = []
        func add(_ catalog: Catalog, _ position: Int) {
            let candidate = entry(catalog, position)
            if seen.insert(StandardCode.normalize(candidate.code)).inserted { found.append(candidate) }
        }
        let shortened = StandardCode.withoutCluster(key)
        for catalog in catalogs {
            // `8.G.7` written, `8.G.B.7` in the catalog.
            for position in catalog.codes.short[key] ?? [] { add(catalog, position) }
            // `8.G.B.7` written, a catalog that writes `8.G.7`.
            if let shortened, let position = catalog.codes.exact[shortened] { add(catalog, position) }
        }
        switch found.count {
        case 0: return .notFound
        case 1: return .found(found[0])
        default: return .ambiguous(found)
        }
    }

    /// The codes nearest to a mistyped one, as the catalogs write them.
    public func nearest(to code: String, count: Int = 3) -> [String] {
        var codes: [String: String] = [:]
        for catalog in catalogs {
            for (key, position) in catalog.codes.exact where codes[key] == nil {
                codes[key] = catalog.standards[position].code?.value
            }
        }
        let keys = Suggest.nearest(to: StandardCode.normalize(code), in: Array(codes.keys), count: count)
        return keys.compactMap { codes[$0] }
    }

    /// Writes every code of the project that names one standard as its catalog writes it, so
    /// the checks, the dated plan and every output see the catalog's code (`8.G.B.7` where the
    /// teacher wrote `8.G.7`), each once per list. Returns the codes that name no one standard,
    /// as written and in plan order (targets first), for `unknown-standard`.
    public func canonicalize(_ project: inout Project) -> [UnresolvedCode] {
        var unresolved: [UnresolvedCode] = []
        func canonical(_ codes: [Located<String>]) -> [Located<String>] {
            var result: [Located<String>] = []
            result.reserveCapacity(codes.count)
            var resolved: Set<String> = []
            for var code in codes {
                switch resolve(code.value) {
                case .found(let entry):
                    code.value = entry.code
                    // `8.G.7` and `8.G.B.7` in one list are one standard.
                    if !resolved.insert(entry.code).inserted { continue }
                case .ambiguous(let candidates):
                    unresolved.append(UnresolvedCode(code: code, candidates: candidates))
                case .notFound:
                    unresolved.append(UnresolvedCode(code: code, candidates: []))
                }
                result.append(code)
            }
            return result
        }
        if let targets = project.standards?.targets, !targets.isEmpty {
            project.standards?.targets = canonical(targets)
        }
        for cycle in project.cycles.indices {
            for milestone in project.cycles[cycle].milestones.indices where !project.cycles[cycle].milestones[milestone].standards.isEmpty {
                project.cycles[cycle].milestones[milestone].standards = canonical(project.cycles[cycle].milestones[milestone].standards)
            }
        }
        return unresolved
    }

    private func entry(_ catalog: Catalog, _ position: Int) -> Entry {
        Entry(standard: catalog.standards[position], catalog: catalog.id?.value ?? catalog.file)
    }
}
