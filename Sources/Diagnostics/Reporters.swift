import YAMLTree
/// `--format json`: an array of diagnostics, one object each, keys in this order:
/// file, line, column, end_line, end_column, severity, rule, message, notes, help, fixes.
/// Lines and columns are 1-based; columns count characters (in a workbook, the line is the
/// cell's row and the column its column's number: see `CellPlace`). Absent values are null.
public struct JSONReporter {
    public init() {}

    public func generateReport(_ diagnostics: [Diagnostic]) -> String {
        JSONOut.array(diagnostics.map(Self.object)).rendered() + "\n"
    }

    static func object(_ diagnostic: Diagnostic) -> JSONOut {
        let range = diagnostic.range
        return .object([
            ("file", diagnostic.file.map(JSONOut.string) ?? .null),
            ("line", range.map { .int($0.start.line) } ?? .null),
            ("column", range.map { .int($0.start.column) } ?? .null),
            ("end_line", range.map { .int($0.end.line) } ?? .null),
            ("end_column", range.map { .int($0.end.column) } ?? .null),
            ("severity", .string(diagnostic.severity.rawValue)),
            ("rule", diagnostic.rule.map(JSONOut.string) ?? .null),
            ("message", .string(diagnostic.message)),
            ("notes", .array(diagnostic.notes.map { note in
                .object([
                    ("message", .string(note.message)),
                    ("file", note.file.map(JSONOut.string) ?? .null),
                    ("line", note.range.map { .int($0.start.line) } ?? .null),
                    ("column", note.range.map { .int($0.start.column) } ?? .null),
                ])
            })),
            ("help", diagnostic.help.map(JSONOut.string) ?? .null),
            ("fixes", .array(diagnostic.fixes.map { fix in
                .object([
                    ("title", .string(fix.title)),
                    ("edits", .array(fix.edits.map { edit in
                        .object([
                            ("file", (edit.file ?? diagnostic.file).map(JSONOut.string) ?? .null),
                            ("line", .int(edit.range.start.line)),
                            ("column", .int(edit.range.start.column)),
                            ("end_line", .int(edit.range.end.line)),
                            ("end_column", .int(edit.range.end.column)),
                            ("text", .string(edit.replacement)),
                        ])
                    })),
                ])
            })),
        ])
    }
}

/// `--format github`: one workflow command per diagnostic, which GitHub Actions shows as an
/// annotation on the file and line.
public struct GitHubReporter {
    /// Put before the rule id in the annotation's title (`pbl duplicate-id`), so a CI log with
    /// several linters says whose finding it is.
    public var toolName: String

    public init(toolName: String) {
        self.toolName = toolName
    }

    public func generateReport(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(line).joined()
    }

    func line(_ diagnostic: Diagnostic) -> String {
        let command: String
        switch diagnostic.severity {
        case .error: command = "error"
        case .warning: command = "warning"
        case .note: command = "notice"
        }
        var properties: [String] = []
        if let file = diagnostic.file { properties.append("file=" + Self.escapeProperty(file)) }
        if let range = diagnostic.range {
            properties.append("line=\(range.start.line)")
            properties.append("col=\(range.start.column)")
            properties.append("endLine=\(range.end.line)")
            properties.append("endColumn=\(range.end.column)")
        }
        if let rule = diagnostic.rule { properties.append("title=" + Self.escapeProperty(toolName + " " + rule)) }
        var message = diagnostic.message
        for note in diagnostic.notes {
            let place = note.range.map { " (\(CellPlace.describe(note.file ?? diagnostic.file ?? "", $0.start)))" } ?? ""
            message += "\nnote: " + note.message + place
        }
        if let help = diagnostic.help { message += "\nhelp: " + help }
        let head = properties.isEmpty ? "::\(command)" : "::\(command) " + properties.joined(separator: ",")
        return head + "::" + Self.escapeData(message) + "\n"
    }

    /// Workflow-command escaping, scalar by scalar: "\r\n" is one Character in Swift, so a
    /// search for "\r" misses it and a CR LF from a roster would start a command line of its
    /// own (`::add-mask::`). Any other control character is shown as a visible symbol.
    static func escapeData(_ text: String) -> String {
        escape(text, extra: [:])
    }

    static func escapeProperty(_ text: String) -> String {
        escape(text, extra: [":": "%3A", ",": "%2C"])
    }

    private static func escape(_ text: String, extra: [Unicode.Scalar: String]) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%": result += "%25"
            case "\r": result += "%0D"
            case "\n": result += "%0A"
            default:
                if let replacement = extra[scalar] {
                    result += replacement
                } else {
                    result.unicodeScalars.append(HumanRenderer.visible(scalar, keepingTabs: false))
                }
            }
        }
        return result
    }
}

/// `--format sarif`: SARIF 2.1.0, as code-scanning uploaders take it.
public struct SARIFReporter {
    /// The tool as code scanning names it, and the command that explains a rule (each rule's help).
    public struct Tool: Sendable {
        public var name: String
        public var version: String
        public var explainCommand: String

        public init(name: String, version: String, explainCommand: String) {
            self.name = name
            self.version = version
            self.explainCommand = explainCommand
        }
    }

    public var tool: Tool
    /// Every rule the tool can report; the report lists those it found.
    public var rules: [RuleInfo]

    public init(tool: Tool, rules: [RuleInfo]) {
        self.tool = tool
        self.rules = rules
    }

    public func generateReport(_ diagnostics: [Diagnostic]) -> String {
        let used = Set(diagnostics.compactMap(\.rule))
        let listed = rules.filter { used.contains($0.id) }.sorted { $0.id < $1.id }
        let index = Dictionary(uniqueKeysWithValues: listed.enumerated().map { ($1.id, $0) })
        let driver: JSONOut = .object([
            ("name", .string(tool.name)),
            ("version", .string(tool.version)),
            ("rules", .array(listed.map { rule in
                .object([
                    ("id", .string(rule.id)),
                    ("shortDescription", .object([("text", .string(rule.summary))])),
                    ("fullDescription", .object([("text", .string(rule.explanation))])),
                    ("defaultConfiguration", .object([("level", .string(Self.level(rule.severity)))])),
                    ("help", .object([("text", .string("Run `\(tool.explainCommand) \(rule.id)` for an example and the fix."))])),
                ])
            })),
        ])
        let results: [JSONOut] = diagnostics.map { diagnostic in
            var members: [(String, JSONOut)] = []
            if let rule = diagnostic.rule {
                members.append(("ruleId", .string(rule)))
                if let position = index[rule] { members.append(("ruleIndex", .int(position))) }
            }
            members.append(("level", .string(Self.level(diagnostic.severity))))
            let text = diagnostic.message + (diagnostic.help.map { "\nhelp: " + $0 } ?? "")
            members.append(("message", .object([("text", .string(text))])))
            if let file = diagnostic.file {
                members.append(("locations", .array([Self.location(file, diagnostic.range)])))
            }
            let related = diagnostic.notes.enumerated().compactMap { position, note -> JSONOut? in
                guard let file = note.file ?? diagnostic.file else { return nil }
                guard case .object(var fields) = Self.location(file, note.range) else { return nil }
                fields.insert(("id", .int(position)), at: 0)
                fields.append(("message", .object([("text", .string(note.message))])))
                return .object(fields)
            }
            if !related.isEmpty { members.append(("relatedLocations", .array(related))) }
            let fixes = diagnostic.fixes.map { fix in Self.fix(fix, file: diagnostic.file) }
            if !fixes.isEmpty { members.append(("fixes", .array(fixes))) }
            return .object(members)
        }
        let log: JSONOut = .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", driver)])),
                ("columnKind", .string("unicodeCodePoints")),
                ("results", .array(results)),
            ])])),
        ])
        return log.rendered() + "\n"
    }

    /// A fix as SARIF writes one: each file's replacements, an insertion deleting an empty region.
    static func fix(_ fix: Diagnostic.Fix, file: String?) -> JSONOut {
        var byFile: [(file: String, edits: [Diagnostic.Fix.Edit])] = []
        for edit in fix.edits {
            let target = edit.file ?? file ?? ""
            if let index = byFile.firstIndex(where: { $0.file == target }) { byFile[index].edits.append(edit) } else { byFile.append((target, [edit])) }
        }
        return .object([
            ("description", .object([("text", .string(fix.title))])),
            ("artifactChanges", .array(byFile.map { change in
                .object([
                    ("artifactLocation", .object([("uri", .string(uri(change.file)))])),
                    ("replacements", .array(change.edits.map { edit in
                        .object([
                            ("deletedRegion", .object([
                                ("startLine", .int(edit.range.start.line)),
                                ("startColumn", .int(edit.range.start.column)),
                                ("endLine", .int(edit.range.end.line)),
                                ("endColumn", .int(edit.range.end.column)),
                            ])),
                            ("insertedContent", .object([("text", .string(edit.replacement))])),
                        ])
                    })),
                ])
            })),
        ])
    }

    static func level(_ severity: Diagnostic.Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    static func location(_ file: String, _ range: SourceRange?) -> JSONOut {
        var physical: [(String, JSONOut)] = [("artifactLocation", .object([("uri", .string(uri(file)))]))]
        if let range {
            physical.append(("region", .object([
                ("startLine", .int(range.start.line)),
                ("startColumn", .int(range.start.column)),
                ("endLine", .int(range.end.line)),
                ("endColumn", .int(max(range.end.column, range.start.line == range.end.line ? range.start.column + 1 : 1))),
            ])))
        }
        return .object([("physicalLocation", .object(physical))])
    }

    /// A relative URI reference: forward slashes, and characters outside RFC 3986's
    /// unreserved and path set percent-encoded.
    static func uri(_ path: String) -> String {
        var output = path.hasPrefix("/") ? "file://" : ""
        let path = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let digits = Array("0123456789ABCDEF")
                output += "%" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0xF)])
            }
        }
        return output
    }
}
