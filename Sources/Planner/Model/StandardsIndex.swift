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
    /// as written and in plan order (targets first), for `unknown-standard`. Runs for every
    /// code of every project: a code written as its catalog writes it costs one lookup per
    /// catalog, and a list with nothing to change is left as it is (no copy).
    public func canonicalize(_ project: inout Project) -> [UnresolvedCode] {
        var unresolved: [UnresolvedCode] = []
        if let targets = project.standards?.targets, let changed = canonical(targets, &unresolved) {
            project.standards?.targets = changed
        }
        for cycle in project.cycles.indices {
            for milestone in project.cycles[cycle].milestones.indices {
                let codes = project.cycles[cycle].milestones[milestone].standards
                guard !codes.isEmpty, let changed = canonical(codes, &unresolved) else { continue }
                project.cycles[cycle].milestones[milestone].standards = changed
            }
            for reflection in project.cycles[cycle].reflection.indices {
                let codes = project.cycles[cycle].reflection[reflection].standards
                guard !codes.isEmpty, let changed = canonical(codes, &unresolved) else { continue }
                project.cycles[cycle].reflection[reflection].standards = changed
            }
        }
        for rubric in project.rubrics.indices {
            for criterion in project.rubrics[rubric].criteria.indices {
                let codes = project.rubrics[rubric].criteria[criterion].standards
                guard !codes.isEmpty, let changed = canonical(codes, &unresolved) else { continue }
                project.rubrics[rubric].criteria[criterion].standards = changed
            }
        }
        return unresolved
    }

    /// One list with each code as its catalog writes it and each standard once; nil when that
    /// is the list as it is.
    private func canonical(_ codes: [Located<String>], _ unresolved: inout [UnresolvedCode]) -> [Located<String>]? {
        var result = codes
        var changed = false
        // Which codes name a standard, for the duplicates below; only lists of two or more need it.
        var resolved = codes.count > 1 ? [Bool](repeating: false, count: codes.count) : []
        for index in codes.indices {
            let written = codes[index].value
            if catalogs.contains(where: { $0.codes.verbatim[written] != nil }) {
                if !resolved.isEmpty { resolved[index] = true }
                continue
            }
            switch resolve(written) {
            case .found(let entry):
                if !resolved.isEmpty { resolved[index] = true }
                if entry.code != written {
                    result[index].value = entry.code
                    changed = true
                }
            case .ambiguous(let candidates):
                unresolved.append(UnresolvedCode(code: codes[index], candidates: candidates))
            case .notFound:
                unresolved.append(UnresolvedCode(code: codes[index], candidates: []))
            }
        }
        guard !resolved.isEmpty else { return changed ? result : nil }
        // `8.G.7` and `8.G.B.7` in one list are one standard: the first stays (lists are a few
        // codes long). A code that names none stays every time, to be reported where it is.
        let twice = result.indices.contains { later in
            resolved[later] && (0..<later).contains { resolved[$0] && result[$0].value == result[later].value }
        }
        guard twice else { return changed ? result : nil }
        var kept: [Located<String>] = []
        kept.reserveCapacity(result.count)
        for index in result.indices {
            if resolved[index], kept.contains(where: { $0.value == result[index].value }) {
                changed = true
                continue
            }
            kept.append(result[index])
        }
        return changed ? kept : nil
    }

    private func entry(_ catalog: Catalog, _ position: Int) -> Entry {
        Entry(standard: catalog.standards[position], catalog: catalog.id?.value ?? catalog.file)
    }
}
