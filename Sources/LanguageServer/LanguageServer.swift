import Foundation
import Diagnostics
import Planner
import YAMLTree

/// `pbl lsp`: the Language Server Protocol (3.17) over a pair of streams. This part keeps the
/// open documents and publishes, for each change, exactly what `pbl validate` reports for the
/// buffer as it is (not as saved). Requests it does not know get MethodNotFound; malformed
/// JSON a ParseError; nothing it reads can crash it or grow without bound.
public final class LanguageServer {
    /// What the server sends: each a JSON-RPC message, to be framed.
    public typealias Send = ([String: Any]) -> Void

    public static let maxDocumentBytes = 16 << 20
    public static let maxOpenDocuments = 1_000
    /// All open buffers together: past this, a newly opened one is not checked (and it is said).
    public static let maxOpenBytes = 256 << 20

    private let workspace: Workspace
    private let version: String
    private let send: Send
    /// Where each rule's documentation is (`docs/rules.md`, anchors by rule id), for the
    /// protocol's codeDescription; a client may name the address its department publishes.
    private var rulesDocumentation: String?
    private var documents: [String: (text: String, version: Int)] = [:]
    /// The last check of each open document, for hints, the outline, hover and edits (for a
    /// roster or a progress file: the check of the project that reads it).
    private var reports: [String: FileReport] = [:]
    /// The last check of each open document that could read its plan: completion offers the
    /// plan's ids while the text being typed is not valid YAML yet (`after: [need-`).
    private var lastPlans: [String: FileReport] = [:]
    /// Files the last diagnostics of each check were published for, to clear them, by the
    /// project checked (open in the editor, or found beside a roster that is).
    private var published: [String: Set<String>] = [:]
    /// UTF-16 unless the client offers UTF-32 (code points, as pbl counts columns).
    private(set) var positionEncoding = "utf-16"
    private(set) var shutdownRequested = false
    /// Set by `exit`: 0 after `shutdown`, 1 without, as the protocol says.
    public private(set) var exitCode: Int32?

    /// `version`: what `initialize` says the server is (pbl's version). `rulesDocumentation`:
    /// the address of docs/rules.md, when pbl knows where it is installed.
    public init(workspace: Workspace, version: String, rulesDocumentation: String? = nil, send: @escaping Send) {
        self.workspace = workspace
        self.version = version
        self.rulesDocumentation = rulesDocumentation
        self.send = send
    }

    /// Documents changed but not checked yet, because more messages were waiting.
    private var unchecked: [String] = []

    /// One message's bytes as received. `moreWaiting`: another message has already arrived, so
    /// a change's check may wait for it (an editor sending keystrokes faster than they are
    /// checked gets its last text checked, not every one); a request checks what waits first.
    public func receive(_ body: [UInt8], moreWaiting: Bool = false) {
        defer { if !moreWaiting { checkWaiting() } }
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)), let message = object as? [String: Any] else {
            return send(Self.error(id: NSNull(), code: -32700, message: "not a JSON-RPC message (the body is not a JSON object)"))
        }
        let id = message["id"]
        guard let method = message["method"] as? String else {
            // A response to something we sent (we send no requests yet), or garbage.
            if id == nil { send(Self.error(id: NSNull(), code: -32600, message: "a message with neither a method nor an id")) }
            return
        }
        let params = message["params"] as? [String: Any] ?? [:]
        if let id {
            checkWaiting()
            handleRequest(method, id: id, params: params)
        } else {
            handleNotification(method, params: params, moreWaiting: moreWaiting)
        }
    }

    private func checkWaiting() {
        let waiting = unchecked
        unchecked.removeAll()
        for uri in waiting where documents[uri] != nil { checkAndRecheckUsers(uri) }
    }

    private func handleRequest(_ method: String, id: Any, params: [String: Any]) {
        if shutdownRequested && method != "shutdown" {
            return send(Self.error(id: id, code: -32600, message: "the server is shutting down"))
        }
        switch method {
        case "initialize":
            let general = (params["capabilities"] as? [String: Any])?["general"] as? [String: Any]
            let encodings = general?["positionEncodings"] as? [String] ?? []
            positionEncoding = encodings.contains("utf-32") ? "utf-32" : "utf-16"
            if let address = (params["initializationOptions"] as? [String: Any])?["rulesDocumentation"] as? String, !address.isEmpty {
                rulesDocumentation = address
            }
            send(Self.result(id: id, [
                "capabilities": [
                    "positionEncoding": positionEncoding,
                    // Full text on every change: a project is small, and pbl checks it whole.
                    "textDocumentSync": ["openClose": true, "change": 1, "save": ["includeText": false]],
                    "inlayHintProvider": true,
                    "documentSymbolProvider": true,
                    "hoverProvider": true,
                    "definitionProvider": true,
                    "referencesProvider": true,
                    "renameProvider": ["prepareProvider": true],
                    "codeActionProvider": ["codeActionKinds": ["quickfix"]],
                    "completionProvider": ["triggerCharacters": [":", "[", ",", " "]] as [String: Any],
                ] as [String: Any],
                "serverInfo": ["name": "pbl", "version": version],
            ]))
        case "shutdown":
            shutdownRequested = true
            send(Self.result(id: id, NSNull()))
        default:
            guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String, method.hasPrefix("textDocument/") else {
                return send(Self.error(id: id, code: -32601, message: "pbl's language server does not know `\(String(method.prefix(100)))`"))
            }
            guard let path = Self.path(fromURI: uri), let text = documents[uri]?.text else {
                return send(Self.error(id: id, code: -32602, message: "a document that is not open"))
            }
            documentRequest(method, id: id, params: params, path: path, text: text, report: reports[uri])
        }
    }

    private func documentRequest(_ method: String, id: Any, params: [String: Any], path: String, text: String, report: FileReport?) {
        let position = params["position"] as? [String: Any]
        let (line, character) = (position?["line"] as? Int ?? -1, position?["character"] as? Int ?? -1)
        if method == "textDocument/completion" {
            var values = ValueCompletion(report: report?.project != nil ? report : lastPlans[uri(of: params)], workspace: workspace, path: path)
            values.line = line
            let items = Self.isYAML(path) ? KeyCompletion.items(text: text, line: line, character: character, values: values)
                : values.rosterItems(text: text, line: line, character: character)
            // Standard codes are matched on the word typed: ask again as it grows.
            return send(Self.result(id: id, ["isIncomplete": items.count >= ValueCompletion.maxItems || items.contains { $0["kind"] as? Int == 21 },
                                             "items": items] as [String: Any]))
        }
        guard let report else {
            // Known methods on a document pbl could not check (over a limit): empty answers.
            switch method {
            case "textDocument/hover", "textDocument/prepareRename": return send(Self.result(id: id, NSNull()))
            case "textDocument/inlayHint", "textDocument/documentSymbol", "textDocument/definition", "textDocument/references",
                 "textDocument/codeAction": return send(Self.result(id: id, [Any]()))
            default: return send(Self.error(id: id, code: -32601, message: "pbl's language server does not know `\(String(method.prefix(100)))`"))
            }
        }
        let features = EditorFeatures(report: report, path: path, utf16: positionEncoding == "utf-16") { [unowned self] mark, source in
            self.position(mark, source: source)
        }
        switch method {
        case "textDocument/inlayHint": send(Self.result(id: id, features.inlayHints()))
        case "textDocument/documentSymbol": send(Self.result(id: id, features.documentSymbols()))
        case "textDocument/hover": send(Self.result(id: id, features.hover(line: line, character: character, text: text) ?? NSNull()))
        case "textDocument/definition": send(Self.result(id: id, features.definition(line: line, character: character)))
        case "textDocument/references":
            let include = (params["context"] as? [String: Any])?["includeDeclaration"] as? Bool ?? true
            send(Self.result(id: id, features.references(line: line, character: character, includeDeclaration: include)))
        case "textDocument/prepareRename":
            send(Self.result(id: id, features.prepareRename(line: line, character: character) ?? NSNull()))
        case "textDocument/rename":
            switch features.rename(line: line, character: character, to: params["newName"] as? String ?? "") {
            case .success(let edit): send(Self.result(id: id, edit))
            case .failure(.nothingToRename): send(Self.error(id: id, code: -32602, message: "there is no id of the plan here to rename"))
            case .failure(.invalid(let why)), .failure(.taken(let why)): send(Self.error(id: id, code: -32602, message: why))
            }
        case "textDocument/codeAction":
            let range = params["range"] as? [String: Any]
            func point(_ key: String) -> EditorFeatures.Position {
                let at = range?[key] as? [String: Any]
                return (at?["line"] as? Int ?? line, at?["character"] as? Int ?? character)
            }
            send(Self.result(id: id, features.codeActions(from: point("start"), to: point("end")) { [unowned self] diagnostic in
                self.lspDiagnostic(diagnostic, sources: report.sources)
            }))
        default:
            send(Self.error(id: id, code: -32601, message: "pbl's language server does not know `\(String(method.prefix(100)))`"))
        }
    }

    private func handleNotification(_ method: String, params: [String: Any], moreWaiting: Bool) {
        let document = params["textDocument"] as? [String: Any]
        let uri = document?["uri"] as? String
        switch method {
        case "exit":
            exitCode = shutdownRequested ? 0 : 1
        case "textDocument/didOpen":
            guard let uri, let text = document?["text"] as? String else { return }
            open(uri, text: text, version: document?["version"] as? Int ?? 0)
        case "textDocument/didChange":
            guard let uri, documents[uri] != nil else { return log("a change to a document never opened: \(String((uri ?? "").prefix(200)))") }
            // Full sync: the last change holds the whole text.
            guard let changes = params["contentChanges"] as? [[String: Any]], let text = changes.last?["text"] as? String else { return }
            open(uri, text: text, version: document?["version"] as? Int ?? 0, checkNow: !moreWaiting)
        case "textDocument/didClose":
            guard let uri else { return }
            documents[uri] = nil
            reports[uri] = nil
            lastPlans[uri] = nil
            if let path = Self.path(fromURI: uri) { buffers.set(path, nil) }
            for file in published.removeValue(forKey: uri) ?? [] { publish(file, []) }
            // What used it reads the saved file again.
            if let path = Self.path(fromURI: uri) { recheck(usersOf: path) }
        default:
            // Notifications need no answer; `$/` ones may be ignored by the protocol.
            break
        }
    }

    private func open(_ uri: String, text: String, version: Int, checkNow: Bool = true) {
        guard text.utf8.count <= Self.maxDocumentBytes else {
            documents[uri] = nil
            reports[uri] = nil
            lastPlans[uri] = nil
            if let path = Self.path(fromURI: uri) { buffers.set(path, nil) }
            return log("\(String(uri.prefix(200))) is over 16 MB: not checked")
        }
        let others = documents.filter { $0.key != uri }.reduce(0) { $0 + $1.value.text.utf8.count }
        guard documents[uri] != nil || documents.count < Self.maxOpenDocuments, others + text.utf8.count <= Self.maxOpenBytes else {
            return log("too many open documents: \(String(uri.prefix(200))) not checked")
        }
        documents[uri] = (text, version)
        if let path = Self.path(fromURI: uri) { buffers.set(path, Array(text.utf8)) }
        guard checkNow else {
            if !unchecked.contains(uri) { unchecked.append(uri) }
            return
        }
        unchecked.removeAll { $0 == uri }
        checkAndRecheckUsers(uri)
    }

    private func checkAndRecheckUsers(_ uri: String) {
        guard let path = Self.path(fromURI: uri) else { return }
        if Self.isYAML(path) { check(uri) }
        recheck(usersOf: path)
    }

    private func uri(of params: [String: Any]) -> String {
        (params["textDocument"] as? [String: Any])?["uri"] as? String ?? ""
    }

    static func isYAML(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".yaml") || lower.hasSuffix(".yml")
    }

    /// The open buffers but one, as the checks read them instead of the saved files.
    /// Every open buffer by path, kept as documents open, change and close (not made again for
    /// each check): what the checks read instead of the saved files. A document's own entry is
    /// never read for itself, only by the projects that name it.
    private var buffers = OpenBuffers()

    /// Checks again what reads `path` (a roster, a progress file, a template): the open
    /// projects that read it; for a roster or progress file no open project reads, the
    /// projects beside it that do, so its findings show on it.
    private func recheck(usersOf path: String) {
        let key = OpenBuffers.key(path)
        let users = reports.filter { uri, report in
            Self.path(fromURI: uri).map { OpenBuffers.key($0) != key } ?? false && documents[uri] != nil
                && report.kind == .project && (report.readFiles + Array(report.sources.keys)).contains { OpenBuffers.key($0) == key }
                && Self.isYAML(Self.path(fromURI: uri) ?? "")
        }.keys.sorted()
        for user in users { check(user) }
        guard !Self.isYAML(path), let uri = documents.keys.first(where: { Self.path(fromURI: $0).map(OpenBuffers.key) == key }) else { return }
        if let owner = users.first {
            reports[uri] = reports[owner]
            if reports[owner]?.project != nil { lastPlans[uri] = reports[owner] }
            return
        }
        for project in Self.projects(beside: path) {
            let report = workspace.validate(path: project.path, text: project.text, buffers: buffers)
            guard report.readFiles.contains(where: { OpenBuffers.key($0) == key }) else { continue }
            reports[uri] = report
            if report.project != nil { lastPlans[uri] = report }
            publish(report, as: Self.uri(fromPath: project.path), only: path)
            return
        }
        log("no project beside \(String(path.prefix(200))) reads it: open the project that names it to check it")
    }

    /// The YAML files in a folder that name a roster or progress file (at most a few dozen, read
    /// only if small), for a roster opened on its own.
    private static func projects(beside path: String) -> [(path: String, text: String)] {
        let folder = (path as NSString).deletingLastPathComponent
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter(isYAML).sorted().prefix(50)
        return names.compactMap { name in
            let file = (folder as NSString).appendingPathComponent(name)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
                  (attributes[.size] as? Int ?? .max) <= 1 << 20, attributes[.type] as? FileAttributeType == .typeRegular,
                  let text = try? String(contentsOfFile: file, encoding: .utf8),
                  text.contains("roster:") || text.contains("progress:") || text.contains("students:") else { return nil }
            return (file, text)
        }
    }

    /// Validates the buffer as `pbl validate` would the saved file (reading the other open
    /// buffers instead of their saved files), and publishes its findings per file (a
    /// template's own findings go to the template's URI, a roster's to the roster's).
    private func check(_ uri: String) {
        guard let (text, _) = documents[uri], let path = Self.path(fromURI: uri) else { return }
        let report = workspace.validate(path: path, text: text, buffers: buffers)
        reports[uri] = report
        if report.project != nil { lastPlans[uri] = report }
        publish(report, as: uri, only: nil)
    }

    /// Publishes a check's findings by file: all of them, or only those for `only`.
    private func publish(_ report: FileReport, as uri: String, only: String?) {
        var byFile: [String: [[String: Any]]] = [:]
        for found in report.diagnostics {
            let diagnostic = Self.shownOnAFile(found, report)
            let file = diagnostic.file ?? report.path
            if let only, OpenBuffers.key(file) != OpenBuffers.key(only) { continue }
            byFile[file, default: []].append(lspDiagnostic(diagnostic, sources: report.sources))
        }
        byFile[only ?? report.path, default: []] += []
        let files = Set(byFile.keys)
        for stale in (published[uri] ?? []).subtracting(files) { publish(stale, []) }
        published[uri] = files
        for (file, diagnostics) in byFile.sorted(by: { $0.key < $1.key }) { publish(file, diagnostics) }
    }

    /// A finding in a template built into pbl is in no file an editor can open: it is shown at
    /// the project's `extends:` instead, saying where in the template it is (its notes, in the
    /// same template, are said in words; its fixes, edits of pbl's own copy, are left out).
    static func shownOnAFile(_ diagnostic: Diagnostic, _ report: FileReport) -> Diagnostic {
        func builtIn(_ file: String?) -> Bool { file?.hasPrefix("<built-in>/") ?? false }
        guard builtIn(diagnostic.file), let file = diagnostic.file else { return diagnostic }
        let line = diagnostic.range.map { ":\($0.start.line)" } ?? ""
        var shown = diagnostic
        let extends = report.project?.extends.flatMap { $0.file == report.path ? $0 : nil }
        shown.file = report.path
        shown.range = extends?.range ?? .fileStart
        shown.message = "in the built-in template (\(file.dropFirst("<built-in>/".count))\(line)): " + diagnostic.message
        shown.notes = diagnostic.notes.map { note in
            guard builtIn(note.file ?? file) else { return note }
            return Diagnostic.Note(message: note.message + (note.range.map { " (line \($0.start.line) of the template)" } ?? ""),
                                   file: report.path, range: shown.range)
        }
        shown.fixes = []
        return shown
    }

    /// The findings for one file, with the version of its text they are about when it is open
    /// (so a client, or the benchmark, knows which change they answer).
    private func publish(_ file: String, _ diagnostics: [[String: Any]]) {
        var uri = Self.uri(fromPath: file)
        // An open document's findings go to its URI as the client spelled it.
        if documents[uri] == nil {
            let key = OpenBuffers.key(file)
            if let open = documents.keys.first(where: { Self.path(fromURI: $0).map(OpenBuffers.key) == key }) { uri = open }
        }
        var params: [String: Any] = ["uri": uri, "diagnostics": diagnostics]
        if let version = documents[uri]?.version { params["version"] = version }
        send(["jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": params])
    }

    func lspDiagnostic(_ diagnostic: Diagnostic, sources: [String: SourceText]) -> [String: Any] {
        let source = diagnostic.file.flatMap { sources[$0] }
        var out: [String: Any] = [
            "range": range(diagnostic.range, source: source),
            "severity": Self.severity(diagnostic.severity),
            "source": "pbl",
            "message": diagnostic.message + (diagnostic.help.map { "\nhelp: \($0)" } ?? ""),
        ]
        // The rule id, which `pbl explain ID` explains, and its entry in docs/rules.md.
        if let rule = diagnostic.rule {
            out["code"] = rule
            if let rulesDocumentation { out["codeDescription"] = ["href": rulesDocumentation + "#" + rule] }
        }
        if !diagnostic.notes.isEmpty {
            out["relatedInformation"] = diagnostic.notes.map { note -> [String: Any] in
                let noteSource = note.file.flatMap { sources[$0] }
                return ["location": ["uri": Self.uri(fromPath: note.file ?? diagnostic.file ?? ""),
                                     "range": range(note.range, source: noteSource)] as [String: Any],
                        "message": note.message]
            }
        }
        return out
    }

    /// pbl's 1-based line and column (in code points) as the protocol's 0-based position, in
    /// the negotiated encoding.
    func range(_ range: SourceRange?, source: SourceText?) -> [String: Any] {
        guard let range else { return ["start": ["line": 0, "character": 0], "end": ["line": 0, "character": 0]] }
        return ["start": position(range.start, source: source), "end": position(range.end, source: source)]
    }

    func position(_ mark: Mark, source: SourceText?) -> [String: Int] {
        let line = max(0, mark.line - 1)
        var character = max(0, mark.column - 1)
        if positionEncoding == "utf-16", let source, mark.offset <= source.bytes.count {
            let text = source.line(containing: mark.offset)
            character = String(String.UnicodeScalarView(text.unicodeScalars.prefix(character))).utf16.count
        }
        return ["line": line, "character": character]
    }

    static func severity(_ severity: Diagnostic.Severity) -> Int {
        switch severity {
        case .error: 1
        case .warning: 2
        case .note: 3
        }
    }

    private func log(_ message: String) {
        send(["jsonrpc": "2.0", "method": "window/logMessage", "params": ["type": 3, "message": message] as [String: Any]])
    }

    static func result(id: Any, _ result: Any) -> [String: Any] { ["jsonrpc": "2.0", "id": id, "result": result] }

    static func error(id: Any, code: Int, message: String) -> [String: Any] {
        ["jsonrpc": "2.0", "id": id, "error": ["code": code, "message": message] as [String: Any]]
    }

    /// `file:///a/b%20c.yaml` -> `/a/b c.yaml`; nil for another scheme.
    static func path(fromURI uri: String) -> String? {
        guard uri.hasPrefix("file://") else { return nil }
        return String(uri.dropFirst(7)).removingPercentEncoding
    }

    static func uri(fromPath path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#")
        return "file://" + (absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute)
    }
}

