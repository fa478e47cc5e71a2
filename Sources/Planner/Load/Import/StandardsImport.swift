import PlannerModel

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
        /// The standard in a student's words (`I can ...`), when the source has it.
        public var studentText: String?

        public init(code: String, grade: String? = nil, subject: String? = nil, text: String, parent: String? = nil,
                    studentText: String? = nil) {
            self.studentText = studentText
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
    /// A regular expression every code matches (`code_pattern`): see `checkCodes(against:)`.
    public var codePattern: String?
    public var items: [Item]
    /// Items left out because they have no code (humanCodingScheme) or no statement.
    public var skipped: Int
    /// One line per kind of thing skipped or repaired, with counts.
    public var notes: [String]

    public init(id: String, title: String, source: String? = nil, version: String? = nil, codePattern: String? = nil,
                items: [Item] = [], skipped: Int = 0, notes: [String] = []) {
        self.id = id
        self.title = title
        self.source = source
        self.version = version
        self.codePattern = codePattern
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
        if let codePattern { out += "code_pattern: " + YAMLText.quoted(codePattern) + "\n" }
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
            if let words = item.studentText { out += "    student_text: " + YAMLText.quoted(words) + "\n" }
            if let parent = item.parent { out += "    parent: " + YAMLText.quoted(parent) + "\n" }
        }
        return out
    }
}

extension ImportedCatalog {
    /// Sets `code_pattern` once every code matches it whole, as `pbl validate` matches them
    /// (Swift's `Regex`, `wholeMatch`): the catalog written is one that validates. The error
    /// names a pattern that is not a regular expression, or the codes that do not match.
    public mutating func setCodePattern(_ pattern: String) throws(StandardsImportError) {
        let regex: Regex<AnyRegexOutput>
        do {
            regex = try Regex(pattern)
        } catch {
            throw StandardsImportError(message: "`\(pattern)` is not a regular expression: \(error)", path: "--code-pattern")
        }
        var misses: [String] = []
        var count = 0
        for item in items where (try? regex.wholeMatch(in: item.code)) == nil {
            count += 1
            if misses.count < 5 { misses.append("`\(item.code)`") }
        }
        guard count == 0 else {
            let listed = misses.joined(separator: ", ") + (count > misses.count ? ", ..." : "")
            throw StandardsImportError(
                message: "\(count) of \(items.count) codes do not match `\(pattern)` (\(listed)); every code must match the whole pattern, as `pbl validate` checks it",
                path: "--code-pattern")
        }
        codePattern = pattern
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
    /// and `text` (any order; `code` and `text` are required, `parent` and `student_text` are read when present,
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
