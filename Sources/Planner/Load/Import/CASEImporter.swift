import PlannerModel

/// One CASE import: the package walked once, with dictionaries from identifiers to items, so
/// a package of tens of thousands of items takes time in proportion to its size.
struct CASEImporter {
    private struct Node {
        var identifier: String
        /// The code as written, when the item is in the catalog (or repeats a code that is).
        var code: String?
        var normalized: String?
        /// Index in `items`, for items that were imported.
        var output: Int?
    }

    private enum ParentLink {
        case document
        case node(Int)
        case outside
    }

    private var nodes: [Node] = []
    private var nodeByIdentifier: [String: Int] = [:]
    private var parentOf: [Int: ParentLink] = [:]
    private var items: [ImportedCatalog.Item] = []

    private var noCode = 0
    private var noStatement = 0
    private var repeatedIdentifiers = 0
    private var repeatedCodes = 0
    private var unknownLevelItems = 0
    private var unknownLevels: Set<String> = []
    private var unknownChildren = 0
    private var secondParents = 0
    private var outsideParents = 0
    private var parentsPassedOver = 0
    private var parentsWithoutCode = 0
    private var selfParents = 0

    mutating func run(_ root: JSONValue, catalogID: String?) throws(StandardsImportError) -> ImportedCatalog {
        guard case .object(var package) = root else {
            throw StandardsImportError(message: "a CASE package is a JSON object with CFDocument and CFItems, found \(root.kind)", path: "$")
        }
        var base = "$"
        // A package wrapped as {"CFPackage": {...}}: read what is inside.
        if package["CFDocument"] == nil, package["CFItems"] == nil, case .object(let inner)? = package["CFPackage"] {
            package = inner
            base = "$.CFPackage"
        }
        guard let documentValue = package["CFDocument"] else {
            throw StandardsImportError(message: "the package has no CFDocument; is this a CASE package?", path: base + ".CFDocument")
        }
        guard case .object(let document) = documentValue else {
            throw StandardsImportError(message: "CFDocument should be an object, found \(documentValue.kind)", path: base + ".CFDocument")
        }
        guard let itemsValue = package["CFItems"] else {
            throw StandardsImportError(message: "the package has no CFItems", path: base + ".CFItems")
        }
        guard case .array(let cfItems) = itemsValue else {
            throw StandardsImportError(message: "CFItems should be an array, found \(itemsValue.kind)", path: base + ".CFItems")
        }
        var associations: [JSONValue] = []
        switch package["CFAssociations"] {
        case nil, .null?: break
        case .array(let list)?: associations = list
        case let other?:
            throw StandardsImportError(message: "CFAssociations should be an array, found \(other.kind)", path: base + ".CFAssociations")
        }

        // The document.
        let documentPath = base + ".CFDocument"
        let documentID = try Self.text(document, "identifier", documentPath).map(\.trimmed).flatMap(nonEmpty)
        let creator = try Self.text(document, "creator", documentPath).map(\.trimmed).flatMap(nonEmpty)
        let version = try Self.text(document, "version", documentPath).map(\.trimmed).flatMap(nonEmpty)
        let subject = try Self.subject(document, documentPath)
        var notes: [String] = []
        let title: String
        if let given = try Self.text(document, "title", documentPath).map(\.trimmed).flatMap(nonEmpty) {
            title = given
        } else {
            title = catalogID ?? "CASE package \(documentID ?? "without an identifier")"
            notes.append("the CFDocument has no title; the catalog is titled \"\(title)\"")
        }
        let id = catalogID ?? Self.catalogID(title: title, documentID: documentID)
        var source = "CASE package"
        if let documentID { source += " \(documentID)" }
        if let creator { source += " (\(creator))" }

        // The items, in the package's order.
        nodes.reserveCapacity(cfItems.count)
        nodeByIdentifier.reserveCapacity(cfItems.count)
        items.reserveCapacity(cfItems.count)
        var firstByCode: [String: Int] = [:]
        firstByCode.reserveCapacity(cfItems.count)
        for (index, value) in cfItems.enumerated() {
            guard case .object(let item) = value else {
                throw StandardsImportError(message: "an item should be an object, found \(value.kind)", path: "\(base).CFItems[\(index)]")
            }
            let path = "\(base).CFItems[\(index)]"
            guard let identifier = try Self.text(item, "identifier", path).map(\.trimmed).flatMap(nonEmpty) else {
                throw StandardsImportError(message: "the item has no identifier", path: path + ".identifier")
            }
            if nodeByIdentifier[identifier] != nil {
                repeatedIdentifiers += 1
                continue
            }
            let code = try Self.text(item, "humanCodingScheme", path).map(\.trimmed).flatMap(nonEmpty)
            let statement = try Self.text(item, "fullStatement", path).map(\.trimmed).flatMap(nonEmpty)
            var node = Node(identifier: identifier)
            if let code, let statement {
                let key = StandardCode.normalize(code)
                node.normalized = key
                if let first = firstByCode[key] {
                    repeatedCodes += 1
                    node.code = items[first].code
                } else {
                    node.code = code
                    node.output = items.count
                    firstByCode[key] = items.count
                    let level = try grade(of: item, path)
                    items.append(ImportedCatalog.Item(code: code, grade: level, subject: subject, text: statement))
                }
            } else if code == nil {
                noCode += 1
            } else {
                noStatement += 1
            }
            nodeByIdentifier[identifier] = nodes.count
            nodes.append(node)
        }

        // isChildOf: origin is the child, destination the parent.
        for (index, value) in associations.enumerated() {
            let path = "\(base).CFAssociations[\(index)]"
            guard case .object(let association) = value else {
                throw StandardsImportError(message: "an association should be an object, found \(value.kind)", path: path)
            }
            guard let type = try Self.text(association, "associationType", path),
                  type.utf8.count == 9, type.lowercased() == "ischildof" else { continue }
            let child = try Self.nodeIdentifier(association, "originNodeURI", path)
            let parent = try Self.nodeIdentifier(association, "destinationNodeURI", path)
            guard let childNode = nodeByIdentifier[child] else {
                unknownChildren += 1
                continue
            }
            let link: ParentLink
            if let parentNode = nodeByIdentifier[parent] {
                link = .node(parentNode)
            } else if parent == documentID {
                link = .document
            } else {
                link = .outside
            }
            if let earlier = parentOf[childNode] {
                if !Self.same(earlier, link) { secondParents += 1 }
                continue
            }
            parentOf[childNode] = link
        }
        resolveParents()

        if noCode > 0 { notes.append("skipped \(Self.count(noCode, "item")) with no humanCodingScheme (code)") }
        if noStatement > 0 { notes.append("skipped \(Self.count(noStatement, "item")) with no fullStatement (text)") }
        if repeatedIdentifiers > 0 { notes.append("skipped \(Self.count(repeatedIdentifiers, "item")) whose identifier repeats an earlier item's") }
        if repeatedCodes > 0 {
            notes.append("skipped \(Self.count(repeatedCodes, "item")) whose code repeats an earlier item's (as pbl compares codes); kept the first")
        }
        if unknownLevelItems > 0 {
            let shown = unknownLevels.sorted().prefix(6).map { "\"\($0)\"" }.joined(separator: ", ")
            notes.append("left out education levels pbl has no grade for (\(shown)\(unknownLevels.count > 6 ? ", ..." : "")) on \(Self.count(unknownLevelItems, "item"))")
        }
        if parentsPassedOver > 0 {
            notes.append("\(Self.count(parentsPassedOver, "item")) had a parent without a code; linked to the nearest ancestor with one")
        }
        if parentsWithoutCode > 0 {
            notes.append("\(Self.count(parentsWithoutCode, "item")) had a parent without a code and no ancestor with one; left without a parent")
        }
        if outsideParents > 0 {
            notes.append("\(Self.count(outsideParents, "item")) had an isChildOf parent outside the package; left without a parent")
        }
        if secondParents > 0 {
            notes.append("\(Self.count(secondParents, "item")) had more than one isChildOf parent; kept the first")
        }
        if unknownChildren > 0 {
            notes.append("ignored \(Self.count(unknownChildren, "isChildOf association")) whose child is not an item of the package")
        }
        if selfParents > 0 {
            notes.append("\(Self.count(selfParents, "item")) had a parent with the item's own code; left without a parent")
        }
        return ImportedCatalog(id: id, title: title, source: source, version: version, items: items,
                               skipped: noCode + noStatement, notes: notes)
    }

    /// Sets each imported item's parent to the code of its nearest ancestor that is in the
    /// catalog. Items without a code are passed over; each is resolved once (memoised), so
    /// long chains cost no more than short ones.
    private mutating func resolveParents() {
        enum Ancestor { case unknown, visiting, none, code(String) }
        var memo = [Ancestor](repeating: .unknown, count: nodes.count)

        /// The nearest coded ancestor above node `start` (not counting `start` itself).
        func ancestor(above start: Int) -> String? {
            var chain: [Int] = []
            var current = start
            var found: String?
            while true {
                switch memo[current] {
                case .code(let code): found = code
                case .none, .visiting: found = nil  // visiting: a cycle of items without codes
                case .unknown:
                    memo[current] = .visiting
                    chain.append(current)
                    if case .node(let parent)? = parentOf[current] {
                        if let code = nodes[parent].code {
                            found = code
                        } else {
                            current = parent
                            continue
                        }
                    } else {
                        found = nil
                    }
                }
                break
            }
            for node in chain { memo[node] = found.map(Ancestor.code) ?? Ancestor.none }
            return found
        }

        for index in nodes.indices {
            guard let output = nodes[index].output else { continue }
            switch parentOf[index] {
            case nil, .document?:
                continue
            case .outside?:
                outsideParents += 1
            case .node(let parent)?:
                var code = nodes[parent].code
                if code == nil {
                    code = ancestor(above: parent)
                    if code == nil { parentsWithoutCode += 1 } else { parentsPassedOver += 1 }
                }
                guard let code else { continue }
                if StandardCode.normalize(code) == nodes[index].normalized {
                    selfParents += 1
                    continue
                }
                items[output].parent = code
            }
        }
    }

    private static func same(_ a: ParentLink, _ b: ParentLink) -> Bool {
        switch (a, b) {
        case (.document, .document), (.outside, .outside): true
        case (.node(let x), .node(let y)): x == y
        default: false
        }
    }

    // MARK: fields

    /// A text field: a string (a number is taken as its text); nil when absent or null.
    static func text(_ object: JSONObject, _ key: String, _ path: String) throws(StandardsImportError) -> String? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case .number(let text)?: return text
        case let other?: throw StandardsImportError(message: "`\(key)` should be a string, found \(other.kind)", path: path + "." + key)
        }
    }

    /// The identifier of an association's origin or destination: `{identifier, uri, title}`
    /// as the specification writes it, or a bare URI whose last segment is the identifier.
    static func nodeIdentifier(_ association: JSONObject, _ key: String, _ path: String) throws(StandardsImportError) -> String {
        switch association[key] {
        case .object(let link)?:
            if let identifier = try text(link, "identifier", path + "." + key).map(\.trimmed).flatMap(nonEmpty) {
                return identifier
            }
        case .string(let uri)?:
            let trimmed = uri.trimmed
            if let last = trimmed.split(separator: "/").last, !last.isEmpty { return String(last) }
        case nil, .null?:
            break
        case let other?:
            throw StandardsImportError(message: "`\(key)` should be an object with an identifier, found \(other.kind)", path: path + "." + key)
        }
        throw StandardsImportError(message: "an isChildOf association needs the identifier of its \(key == "originNodeURI" ? "child" : "parent")",
                                   path: path + "." + key + ".identifier")
    }

    /// The document's `subject` list, joined; a single string is taken as it is.
    static func subject(_ document: JSONObject, _ path: String) throws(StandardsImportError) -> String? {
        switch document["subject"] {
        case .array(let values)?:
            var subjects: [String] = []
            for (index, value) in values.enumerated() {
                switch value {
                case .string(let text):
                    let text = text.trimmed
                    if !text.isEmpty, !subjects.contains(text) { subjects.append(text) }
                case .null: continue
                default:
                    throw StandardsImportError(message: "a subject should be a string, found \(value.kind)", path: "\(path).subject[\(index)]")
                }
            }
            return subjects.isEmpty ? nil : subjects.joined(separator: ", ")
        default:
            return try text(document, "subject", path).map(\.trimmed).flatMap(nonEmpty)
        }
    }

    /// The grade from `educationLevel` (a list of strings such as "06", "KG") or an older
    /// exporter's `educationalLevel` (a string, possibly comma-separated): several levels make
    /// a band from the lowest to the highest.
    private mutating func grade(of item: JSONObject, _ path: String) throws(StandardsImportError) -> String? {
        var levels: [String] = []
        for key in ["educationLevel", "educationalLevel"] {
            switch item[key] {
            case nil, .null?:
                continue
            case .array(let values)?:
                for (index, value) in values.enumerated() {
                    switch value {
                    case .string(let text), .number(let text): levels.append(text)
                    case .null: continue
                    default:
                        throw StandardsImportError(message: "an education level should be a string, found \(value.kind)",
                                                   path: "\(path).\(key)[\(index)]")
                    }
                }
            case .string(let text)?, .number(let text)?:
                levels += text.split(separator: ",").map(String.init)
            case let other?:
                throw StandardsImportError(message: "`\(key)` should be a list of strings, found \(other.kind)", path: "\(path).\(key)")
            }
            break  // educationLevel (the specification's name) wins over educationalLevel
        }
        guard !levels.isEmpty else { return nil }
        let (grade, unknown) = GradeLevels.band(levels)
        if !unknown.isEmpty {
            unknownLevelItems += 1
            if unknownLevels.count < 64 { unknownLevels.formUnion(unknown) }
        }
        return grade
    }

    static func catalogID(title: String, documentID: String?) -> String {
        if let id = slug(title) { return id }
        if let documentID, let id = slug("case " + documentID) { return id }
        return "case-catalog"
    }

    /// Lowercase ASCII letters and digits, other runs become one hyphen; at most 60 characters,
    /// cut at a hyphen when there is one. Nil when nothing is left.
    static func slug(_ text: String) -> String? {
        Slug.of(text, limit: .words(60, keeping: 20))
    }

    static func count(_ number: Int, _ noun: String) -> String { number == 1 ? "1 \(noun)" : "\(number) \(noun)s" }
}

/// Education levels (CEDS grade-level codes as CASE writes them) to pbl grades.
