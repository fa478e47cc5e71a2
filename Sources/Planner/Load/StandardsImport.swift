import YAMLTree

// Importing standards from other formats into a pbl catalog file.
//
// Two sources: a 1EdTech CASE 1.0 package (JSON: CFDocument, CFItems, CFAssociations) and a
// plain CSV with the columns code, grade, subject and text. Both are lenient about what pbl
// does not need (extra fields, timestamps, item types) and strict about what it does: an
// item's identifier, code and statement, and the shape of the arrays that hold them.
// No Foundation: the JSON reader below works on bytes, so errors can say exactly where.

/// A catalog read from a CASE package or a CSV file, ready to be written as pbl YAML.
public struct ImportedCatalog: Sendable {
    public struct Item: Sendable {
        public var code: String
        /// `K`, `1`..`12` or a band such as `6-8`.
        public var grade: String?
        public var subject: String?
        public var text: String
        /// The code of the standard this one is part of.
        public var parent: String?

        public init(code: String, grade: String? = nil, subject: String? = nil, text: String, parent: String? = nil) {
            self.code = code
            self.grade = grade
            self.subject = subject
            self.text = text
            self.parent = parent
        }
    }

    /// The catalog id: given, or made from the document title (lowercase letters, digits, hyphens).
    public var id: String
    public var title: String
    /// Where the codes come from, e.g. `CASE package <CFDocument identifier> (<creator>)`.
    public var source: String?
    public var version: String?
    public var items: [Item]
    /// Items left out because they have no code (humanCodingScheme) or no statement.
    public var skipped: Int
    /// One line per kind of thing skipped or repaired, with counts.
    public var notes: [String]

    public init(id: String, title: String, source: String? = nil, version: String? = nil,
                items: [Item] = [], skipped: Int = 0, notes: [String] = []) {
        self.id = id
        self.title = title
        self.source = source
        self.version = version
        self.items = items
        self.skipped = skipped
        self.notes = notes
    }

    /// A catalog file in pbl's format. Every text is double-quoted, with `\`, `"` and control
    /// characters escaped, so no code or statement can be read as YAML syntax; the notes
    /// become comments at the top.
    public func yaml() -> String {
        var out = ""
        out.reserveCapacity(256 + items.count * 200)
        for note in notes {
            out += "# " + YAMLText.commentLine(note) + "\n"
        }
        out += "catalog: " + YAMLText.quoted(id) + "\n"
        out += "title: " + YAMLText.quoted(title) + "\n"
        if let source { out += "source: " + YAMLText.quoted(source) + "\n" }
        if let version { out += "version: " + YAMLText.quoted(version) + "\n" }
        if items.isEmpty {
            out += "standards: []\n"
            return out
        }
        out += "standards:\n"
        for item in items {
            out += "  - code: " + YAMLText.quoted(item.code) + "\n"
            if let grade = item.grade {
                // A valid grade (K, 7, 6-8) is a plain YAML string already; anything else is quoted.
                out += "    grade: " + (Grade(grade)?.description == grade ? grade : YAMLText.quoted(grade)) + "\n"
            }
            if let subject = item.subject { out += "    subject: " + YAMLText.quoted(subject) + "\n" }
            out += "    text: " + YAMLText.quoted(item.text) + "\n"
            if let parent = item.parent { out += "    parent: " + YAMLText.quoted(parent) + "\n" }
        }
        return out
    }
}

/// Why an import failed, and where: a JSON path such as `$.CFItems[3].identifier`, or
/// `line:column` for malformed JSON and for CSV.
public struct StandardsImportError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var path: String

    public init(message: String, path: String) {
        self.message = message
        self.path = path
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

public enum StandardsImport {
    /// Reads a CASE 1.0 package (the JSON a CASE server returns for a CFPackage).
    ///
    /// The code is the item's `humanCodingScheme`, the text its `fullStatement`, the grade comes
    /// from `educationLevel` (or an older exporter's `educationalLevel` string), and the parent
    /// from the `isChildOf` associations, as the parent's code.
    public static func fromCASE(_ bytes: [UInt8], catalogID: String?) throws(StandardsImportError) -> ImportedCatalog {
        if let catalogID { try checkCatalogID(catalogID) }
        let root = try parseJSON(bytes)
        var importer = CASEImporter()
        return try importer.run(root, catalogID: catalogID)
    }

    /// Reads an RFC 4180 CSV file whose header names the columns `code`, `grade`, `subject`
    /// and `text` (any order; `code` and `text` are required, `parent` is read when present,
    /// other columns are ignored).
    public static func fromCSV(_ bytes: [UInt8], catalogID: String, title: String?) throws(StandardsImportError) -> ImportedCatalog {
        try checkCatalogID(catalogID)
        return try CSVStandardsImporter.run(bytes, catalogID: catalogID, title: title)
    }

    static func checkCatalogID(_ id: String) throws(StandardsImportError) {
        guard ValueSyntax.isID(id) else {
            throw StandardsImportError(
                message: "`\(id)` is not a valid catalog id: ids use lowercase letters, digits and hyphens, like `\(ValueSyntax.slug(id))`",
                path: "catalog id")
        }
    }

    static func parseJSON(_ bytes: [UInt8]) throws(StandardsImportError) -> JSONValue {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
            || (bytes.count >= 2 && (bytes[0] == 0 || bytes[1] == 0)) {
            throw StandardsImportError(message: "the file is UTF-16 or UTF-32 text; CASE packages are read as UTF-8", path: "1:1")
        }
        let result: Result<JSONValue, JSONSyntaxError> = bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(bytes: buffer)
            do throws(JSONSyntaxError) {
                return .success(try parser.document())
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let value):
            return value
        case .failure(let error):
            let (line, column) = TextPosition.lineAndColumn(of: error.offset, in: bytes)
            throw StandardsImportError(message: "malformed JSON (byte offset \(error.offset)): \(error.message)", path: "\(line):\(column)")
        }
    }
}

// MARK: - CASE

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
        let documentID = try Self.text(document, "identifier", documentPath).map(trimmedText).flatMap(nonEmpty)
        let creator = try Self.text(document, "creator", documentPath).map(trimmedText).flatMap(nonEmpty)
        let version = try Self.text(document, "version", documentPath).map(trimmedText).flatMap(nonEmpty)
        let subject = try Self.subject(document, documentPath)
        var notes: [String] = []
        let title: String
        if let given = try Self.text(document, "title", documentPath).map(trimmedText).flatMap(nonEmpty) {
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
            guard let identifier = try Self.text(item, "identifier", path).map(trimmedText).flatMap(nonEmpty) else {
                throw StandardsImportError(message: "the item has no identifier", path: path + ".identifier")
            }
            if nodeByIdentifier[identifier] != nil {
                repeatedIdentifiers += 1
                continue
            }
            let code = try Self.text(item, "humanCodingScheme", path).map(trimmedText).flatMap(nonEmpty)
            let statement = try Self.text(item, "fullStatement", path).map(trimmedText).flatMap(nonEmpty)
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
            if let identifier = try text(link, "identifier", path + "." + key).map(trimmedText).flatMap(nonEmpty) {
                return identifier
            }
        case .string(let uri)?:
            let trimmed = trimmedText(uri)
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
                    let text = trimmedText(text)
                    if !text.isEmpty, !subjects.contains(text) { subjects.append(text) }
                case .null: continue
                default:
                    throw StandardsImportError(message: "a subject should be a string, found \(value.kind)", path: "\(path).subject[\(index)]")
                }
            }
            return subjects.isEmpty ? nil : subjects.joined(separator: ", ")
        default:
            return try text(document, "subject", path).map(trimmedText).flatMap(nonEmpty)
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
        var result: [UInt8] = []
        var pendingHyphen = false
        for byte in text.utf8 {
            let lower = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
            if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) {
                if pendingHyphen && !result.isEmpty { result.append(0x2D) }
                result.append(lower)
                pendingHyphen = false
            } else {
                pendingHyphen = true
            }
        }
        if result.count > 60 {
            result.removeSubrange(60...)
            if let hyphen = result.lastIndex(of: 0x2D), hyphen >= 20 { result.removeSubrange(hyphen...) }
            while result.last == 0x2D { result.removeLast() }
        }
        return result.isEmpty ? nil : String(decoding: result, as: UTF8.self)
    }

    static func count(_ number: Int, _ noun: String) -> String { number == 1 ? "1 \(noun)" : "\(number) \(noun)s" }
}

/// Education levels (CEDS grade-level codes as CASE writes them) to pbl grades.
enum GradeLevels {
    /// A grade or band for `levels`, and the levels that name no grade pbl knows.
    static func band(_ levels: [String]) -> (grade: String?, unknown: [String]) {
        var low = Int.max
        var high = Int.min
        var unknown: [String] = []
        for raw in levels {
            let level = trimmedText(raw)
            if level.isEmpty { continue }
            guard let range = span(level) else {
                if !unknown.contains(level) { unknown.append(level) }
                continue
            }
            low = min(low, range.lowerBound)
            high = max(high, range.upperBound)
        }
        guard low <= high else { return (nil, unknown) }
        var grade = Grade(level: low)
        grade.high = high
        return (grade.description, unknown)
    }

    /// `KG`/`K` is kindergarten, `01`..`12` (or `1`..`12`) a grade, `HS` grades 9 to 12, and a
    /// band such as `6-8` or `06-08` its range.
    static func span(_ level: String) -> ClosedRange<Int>? {
        let parts = level.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 2, let low = single(parts[0]), let high = single(parts[1]), low.lowerBound <= high.upperBound {
            return low.lowerBound...high.upperBound
        }
        return parts.count == 1 ? single(parts[0]) : nil
    }

    private static func single(_ text: Substring) -> ClosedRange<Int>? {
        let upper = trimmedText(String(text)).uppercased()
        switch upper {
        case "K", "KG", "KINDERGARTEN": return 0...0
        case "HS": return 9...12
        default:
            guard !upper.isEmpty, upper.utf8.count <= 3, upper.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  let value = Int(upper), (1...12).contains(value) else { return nil }
            return value...value
        }
    }
}

// MARK: - CSV

enum CSVStandardsImporter {
    static func run(_ bytes: [UInt8], catalogID: String, title: String?) throws(StandardsImportError) -> ImportedCatalog {
        let table: CSVTable
        do {
            let limits = YAMLLimits(maxInputBytes: Int.max)
            table = try CSVTable(source: try SourceText(bytes: bytes, limits: limits))
        } catch let error as YAMLError {
            throw StandardsImportError(message: error.message, path: "\(error.range.start)")
        } catch let error as CSVTable.Error {
            throw StandardsImportError(message: error.message + (error.help.map { "; \($0)" } ?? ""), path: "\(error.range.start)")
        } catch {
            throw StandardsImportError(message: "\(error)", path: "1:1")
        }
        let expected = "the first line should name the columns code,grade,subject,text (in any order)"
        guard let header = table.rows.first else {
            throw StandardsImportError(message: "the file is empty; \(expected)", path: "1:1")
        }
        var columns: [String: Int] = [:]
        for (position, field) in header.enumerated() {
            let name = trimmedText(field.text).lowercased()
            guard !name.isEmpty else { continue }
            if columns[name] != nil, ["code", "grade", "subject", "text", "parent"].contains(name) {
                throw StandardsImportError(message: "the header names the column `\(name)` twice", path: "\(field.range.start)")
            }
            if columns[name] == nil { columns[name] = position }
        }
        for required in ["code", "text"] where columns[required] == nil {
            let at = header.last.map { $0.range.end } ?? Mark.start
            throw StandardsImportError(message: "the header has no `\(required)` column; \(expected)", path: "\(at)")
        }
        var items: [ImportedCatalog.Item] = []
        items.reserveCapacity(table.rows.count)
        var firstByCode: [String: Int] = [:]
        var noCode = 0
        var noText = 0
        var repeatedCodes = 0
        var badGrades = 0
        var firstBadGrade = ""
        for row in table.rows.dropFirst() {
            if row.count != header.count {
                let at = row.count > header.count ? row[header.count].range.start : row[row.count - 1].range.end
                throw StandardsImportError(
                    message: "this row has \(row.count) \(row.count == 1 ? "field" : "fields") but the header has \(header.count); put a field that holds a comma in double quotes",
                    path: "\(at)")
            }
            func cell(_ name: String) -> String? {
                guard let column = columns[name] else { return nil }
                let text = trimmedText(row[column].text)
                return text.isEmpty ? nil : text
            }
            guard let code = cell("code") else {
                noCode += 1
                continue
            }
            guard let text = cell("text") else {
                noText += 1
                continue
            }
            let key = StandardCode.normalize(code)
            if firstByCode[key] != nil {
                repeatedCodes += 1
                continue
            }
            firstByCode[key] = items.count
            var grade: String?
            if let written = cell("grade") {
                let (band, unknown) = GradeLevels.band([written])
                if band == nil || !unknown.isEmpty {
                    badGrades += 1
                    if firstBadGrade.isEmpty { firstBadGrade = "\"\(written)\" at \(row[columns["grade"]!].range.start)" }
                } else {
                    grade = band
                }
            }
            var parent = cell("parent")
            if let written = parent, StandardCode.normalize(written) == key { parent = nil }
            items.append(ImportedCatalog.Item(code: code, grade: grade, subject: cell("subject"), text: text, parent: parent))
        }
        var notes: [String] = []
        if noCode > 0 { notes.append("skipped \(CASEImporter.count(noCode, "row")) with an empty code") }
        if noText > 0 { notes.append("skipped \(CASEImporter.count(noText, "row")) with an empty text") }
        if repeatedCodes > 0 {
            notes.append("skipped \(CASEImporter.count(repeatedCodes, "row")) whose code repeats an earlier row's (as pbl compares codes); kept the first")
        }
        if badGrades > 0 {
            notes.append("left out \(CASEImporter.count(badGrades, "grade")) pbl cannot read (first: \(firstBadGrade)); grades are K, 1 to 12 or a band like 6-8")
        }
        let given = title.map(trimmedText).flatMap(nonEmpty)
        return ImportedCatalog(id: catalogID, title: given ?? catalogID, items: items, skipped: noCode + noText, notes: notes)
    }
}

// MARK: - Text helpers

/// `text` without leading and trailing white space (Unicode white space, line breaks included).
func trimmedText(_ text: String) -> String {
    let utf8 = text.utf8
    guard let first = utf8.first, let last = utf8.last else { return text }
    // Fast path: most codes and statements start and end with a visible ASCII character.
    if first > 0x20 && first < 0x7F && last > 0x20 && last < 0x7F { return text }
    let scalars = text.unicodeScalars
    guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
    let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
    return String(scalars[start...end])
}

private func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }

enum YAMLText {
    /// `text` as a YAML double-quoted scalar: `\` and `"` escaped, and every character YAML
    /// would not keep as it is (controls, DEL, C1 controls, line and paragraph separators,
    /// the byte order mark, noncharacters) written as an escape.
    static func quoted(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) {
            return "\"" + text + "\""
        }
        var out = "\""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x5C: out += "\\\\"
            case 0x22: out += "\\\""
            case 0x0A: out += "\\n"
            case 0x09: out += "\\t"
            case 0x0D: out += "\\r"
            case 0x00..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF:
                out += "\\u" + hex4(scalar.value)
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
        return out
    }

    /// A note as one comment line: control characters become spaces.
    static func commentLine(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x00..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0xFEFF: out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        let bytes = [12, 8, 4, 0].map { digits[Int((value >> UInt32($0)) & 0xF)] }
        return String(decoding: bytes, as: UTF8.self)
    }
}

enum TextPosition {
    /// 1-based line and column (in characters) of a byte offset; a BOM is not a column.
    static func lineAndColumn(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let end = min(offset, bytes.count)
        var index = lineStart
        while index < end {
            if bytes[index] == 0x0A {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        var column = 1
        index = lineStart
        while index < end {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return (line, column)
    }
}

// MARK: - JSON

/// A JSON value as read; numbers keep their text.
enum JSONValue {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// What the value is, for messages: "an object", "a string", ...
    var kind: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .number(let text): "a number (\(text))"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// A JSON object's members in the order written; a repeated name takes the last value, as
/// JavaScript does.
struct JSONObject {
    var keys: [String] = []
    var values: [JSONValue] = []

    subscript(key: String) -> JSONValue? {
        var index = keys.count - 1
        while index >= 0 {
            if keys[index] == key { return values[index] }
            index -= 1
        }
        return nil
    }
}

struct JSONSyntaxError: Error {
    var message: String
    var offset: Int
}

/// An RFC 8259 reader on bytes: strict about syntax, tells the byte offset of a problem.
struct JSONParser {
    static let maxDepth = 512

    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    var depth = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func document() throws(JSONSyntaxError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        skipWhitespace()
        guard index < bytes.count else { throw JSONSyntaxError(message: "the file is empty; a CASE package is a JSON object", offset: index) }
        let result = try value()
        skipWhitespace()
        if index < bytes.count {
            throw fail("\(found()) after the end of the JSON value")
        }
        return result
    }

    private func fail(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(message: message, offset: offset ?? index)
    }

    /// The byte at `index`, described for a message.
    private func found() -> String {
        guard index < bytes.count else { return "the end of the file" }
        let byte = bytes[index]
        if byte > 0x20 && byte < 0x7F { return "`\(Character(Unicode.Scalar(byte)))`" }
        switch byte {
        case 0x0A: return "a line break"
        case 0x20: return "a space"
        default: return "byte 0x\(String(byte, radix: 16, uppercase: true))"
        }
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func value() throws(JSONSyntaxError) -> JSONValue {
        guard index < bytes.count else { throw fail("expected a value, found the end of the file") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default:
            throw fail("expected a JSON value (an object, array, string, number, true, false or null), found \(found())")
        }
    }

    private mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > Self.maxDepth { throw fail("objects and arrays are nested more than \(Self.maxDepth) deep") }
    }

    private mutating func object() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        index += 1
        var object = JSONObject()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                if index < bytes.count, bytes[index] == UInt8(ascii: "}"), !object.keys.isEmpty {
                    throw fail("a comma before `}`: JSON allows no comma after the last member")
                }
                throw fail("expected a member name in double quotes, found \(found())")
            }
            let key = try string()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw fail("expected `:` after the member name \"\(key)\", found \(found())")
            }
            index += 1
            skipWhitespace()
            let member = try value()
            object.keys.append(key)
            object.values.append(member)
            skipWhitespace()
            guard index < bytes.count else { throw fail("the file ends inside an object; expected `,` or `}`") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                break
            }
            throw fail("expected `,` or `}` after the value of \"\(key)\", found \(found())")
        }
        depth -= 1
        return .object(object)
    }

    private mutating func array() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                throw fail("a comma before `]`: JSON allows no comma after the last element")
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ",") {
                throw fail("expected a value, found `,`")
            }
            elements.append(try value())
            skipWhitespace()
            guard index < bytes.count else { throw fail("the file ends inside an array; expected `,` or `]`") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                break
            }
            throw fail("expected `,` or `]` after an element of an array, found \(found())")
        }
        depth -= 1
        return .array(elements)
    }

    private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let start = index
        let count = word.utf8CodeUnitCount
        let matches = word.withUTF8Buffer { expected in
            index + count <= bytes.count && (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
        }
        guard matches else {
            throw fail("expected a JSON value, found \(found()) (strings are written in double quotes)", at: start)
        }
        index += count
    }

    private mutating func number() throws(JSONSyntaxError) -> String {
        let start = index
        func isDigit(_ at: Int) -> Bool { at < bytes.count && bytes[at] >= 0x30 && bytes[at] <= 0x39 }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard isDigit(index) else { throw fail("expected a digit in a number, found \(found())") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if isDigit(index) { throw fail("a number cannot start with 0 followed by digits", at: start) }
        } else {
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else { throw fail("expected a digit after the decimal point, found \(found())") }
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard isDigit(index) else { throw fail("expected a digit in the exponent, found \(found())") }
            while isDigit(index) { index += 1 }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    private mutating func string() throws(JSONSyntaxError) -> String {
        let start = index
        index += 1
        let contentStart = index
        // Most strings have no escapes: find the closing quote and make the String at once.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let content = UnsafeBufferPointer(rebasing: bytes[contentStart..<index])
                index += 1
                return try utf8(content, start: start)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw controlCharacter(byte) }
            index += 1
        }
        var buffer = Array(UnsafeBufferPointer(rebasing: bytes[contentStart..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = String(validating: buffer, as: UTF8.self) else { throw notUTF8(start) }
                return text
            case UInt8(ascii: "\\"):
                let escape = index
                index += 1
                guard index < bytes.count else { throw fail("a string is never closed", at: start) }
                let code = bytes[index]
                index += 1
                switch code {
                case UInt8(ascii: "\""): buffer.append(0x22)
                case UInt8(ascii: "\\"): buffer.append(0x5C)
                case UInt8(ascii: "/"): buffer.append(0x2F)
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"):
                    let scalar = try unicodeEscape(at: escape)
                    UTF8.encode(scalar) { buffer.append($0) }
                default:
                    throw fail("unknown escape `\\\(Character(Unicode.Scalar(code)))` in a string", at: escape)
                }
            default:
                if byte < 0x20 { throw controlCharacter(byte) }
                buffer.append(byte)
                index += 1
            }
        }
        throw fail("a string is never closed", at: start)
    }

    private func controlCharacter(_ byte: UInt8) -> JSONSyntaxError {
        let name = byte == 0x0A ? "a line break" : byte == 0x09 ? "a tab" : "control character 0x\(String(byte, radix: 16, uppercase: true))"
        return fail("\(name) inside a string; JSON writes it as an escape (\\n, \\t, \\u00XX)")
    }

    private func utf8(_ content: UnsafeBufferPointer<UInt8>, start: Int) throws(JSONSyntaxError) -> String {
        guard let text = String(validating: content, as: UTF8.self) else { throw notUTF8(start) }
        return text
    }

    private func notUTF8(_ start: Int) -> JSONSyntaxError {
        fail("a string holds bytes that are not UTF-8; save the file as UTF-8", at: start)
    }

    /// After `\u`: four hex digits, joined with a following `\uDC00`-`\uDFFF` when they are a
    /// high surrogate. A lone surrogate becomes U+FFFD.
    private mutating func unicodeEscape(at escape: Int) throws(JSONSyntaxError) -> Unicode.Scalar {
        let first = try hex4(escape: escape)
        if (0xD800...0xDBFF).contains(first) {
            if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                let save = index
                index += 2
                let second = try hex4(escape: save)
                if (0xDC00...0xDFFF).contains(second) {
                    return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))!
                }
                index = save
            }
            return "\u{FFFD}"
        }
        return Unicode.Scalar(first) ?? "\u{FFFD}"
    }

    private mutating func hex4(escape: Int) throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw fail("`\\u` needs four hex digits", at: escape) }
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: throw fail("`\\u` needs four hex digits", at: escape)
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}
