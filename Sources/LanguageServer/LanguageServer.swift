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
    private var documents: [String: (text: String, version: Int)] = [:]
    /// The last check of each open document, for hints, the outline and hover.
    private var reports: [String: FileReport] = [:]
    /// Files the last diagnostics of each open document were published for, to clear them.
    private var published: [String: Set<String>] = [:]
    /// UTF-16 unless the client offers UTF-32 (code points, as pbl counts columns).
    private(set) var positionEncoding = "utf-16"
    private(set) var shutdownRequested = false
    /// Set by `exit`: 0 after `shutdown`, 1 without, as the protocol says.
    public private(set) var exitCode: Int32?

    /// `version`: what `initialize` says the server is (pbl's version).
    public init(workspace: Workspace, version: String, send: @escaping Send) {
        self.workspace = workspace
        self.version = version
        self.send = send
    }

    /// One message's bytes as received.
    public func receive(_ body: [UInt8]) {
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
            handleRequest(method, id: id, params: params)
        } else {
            handleNotification(method, params: params)
        }
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
                    "completionProvider": ["triggerCharacters": [":"]] as [String: Any],
                ] as [String: Any],
                "serverInfo": ["name": "pbl", "version": version],
            ]))
        case "shutdown":
            shutdownRequested = true
            send(Self.result(id: id, NSNull()))
        case "textDocument/completion":
            guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String, let text = documents[uri]?.text else {
                return send(Self.error(id: id, code: -32602, message: "a document that is not open"))
            }
            let position = params["position"] as? [String: Any]
            send(Self.result(id: id, ["isIncomplete": false,
                                      "items": KeyCompletion.items(text: text, line: position?["line"] as? Int ?? -1,
                                                                   character: position?["character"] as? Int ?? -1)] as [String: Any]))
        case "textDocument/inlayHint", "textDocument/documentSymbol", "textDocument/hover", "textDocument/definition",
             "textDocument/references":
            guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String, let report = reports[uri],
                  let path = Self.path(fromURI: uri) else {
                return send(Self.error(id: id, code: -32602, message: "a document that is not open"))
            }
            let features = EditorFeatures(report: report, path: path) { [unowned self] mark, source in self.position(mark, source: source) }
            switch method {
            case "textDocument/inlayHint": send(Self.result(id: id, features.inlayHints()))
            case "textDocument/documentSymbol": send(Self.result(id: id, features.documentSymbols()))
            default:
                let position = params["position"] as? [String: Any]
                let (line, character) = (position?["line"] as? Int ?? -1, position?["character"] as? Int ?? -1)
                switch method {
                case "textDocument/definition": send(Self.result(id: id, features.definition(line: line, character: character)))
                case "textDocument/references":
                    let include = (params["context"] as? [String: Any])?["includeDeclaration"] as? Bool ?? true
                    send(Self.result(id: id, features.references(line: line, character: character, includeDeclaration: include)))
                default: send(Self.result(id: id, features.hover(line: line, character: character) ?? NSNull()))
                }
            }
        default:
            send(Self.error(id: id, code: -32601, message: "pbl's language server does not know `\(String(method.prefix(100)))`"))
        }
    }

    private func handleNotification(_ method: String, params: [String: Any]) {
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
            open(uri, text: text, version: document?["version"] as? Int ?? 0)
        case "textDocument/didClose":
            guard let uri else { return }
            documents[uri] = nil
            reports[uri] = nil
            for file in published.removeValue(forKey: uri) ?? [] { publish(file, []) }
        default:
            // Notifications need no answer; `$/` ones may be ignored by the protocol.
            break
        }
    }

    private func open(_ uri: String, text: String, version: Int) {
        guard text.utf8.count <= Self.maxDocumentBytes else {
            documents[uri] = nil
            reports[uri] = nil
            return log("\(String(uri.prefix(200))) is over 16 MB: not checked")
        }
        let others = documents.filter { $0.key != uri }.reduce(0) { $0 + $1.value.text.utf8.count }
        guard documents[uri] != nil || documents.count < Self.maxOpenDocuments, others + text.utf8.count <= Self.maxOpenBytes else {
            return log("too many open documents: \(String(uri.prefix(200))) not checked")
        }
        documents[uri] = (text, version)
        check(uri)
    }

    /// Validates the buffer as `pbl validate` would the saved file, and publishes its findings
    /// per file (a template's own findings go to the template's URI).
    private func check(_ uri: String) {
        guard let (text, _) = documents[uri], let path = Self.path(fromURI: uri) else { return }
        let report = workspace.validate(path: path, text: text)
        reports[uri] = report
        var byFile: [String: [[String: Any]]] = [:]
        for diagnostic in report.diagnostics {
            let file = diagnostic.file ?? path
            byFile[file, default: []].append(lspDiagnostic(diagnostic, sources: report.sources, text: file == path ? text : nil))
        }
        byFile[path, default: []] += []
        let files = Set(byFile.keys)
        for stale in (published[uri] ?? []).subtracting(files) { publish(stale, []) }
        published[uri] = files
        for (file, diagnostics) in byFile.sorted(by: { $0.key < $1.key }) { publish(file, diagnostics) }
    }

    private func publish(_ file: String, _ diagnostics: [[String: Any]]) {
        send(["jsonrpc": "2.0", "method": "textDocument/publishDiagnostics",
              "params": ["uri": Self.uri(fromPath: file), "diagnostics": diagnostics] as [String: Any]])
    }

    func lspDiagnostic(_ diagnostic: Diagnostic, sources: [String: SourceText], text: String?) -> [String: Any] {
        let source = diagnostic.file.flatMap { sources[$0] }
        var out: [String: Any] = [
            "range": range(diagnostic.range, source: source),
            "severity": Self.severity(diagnostic.severity),
            "source": "pbl",
            "message": diagnostic.message + (diagnostic.help.map { "\nhelp: \($0)" } ?? ""),
        ]
        // The rule id, which `pbl explain ID` explains. (A link to its documentation, the
        // protocol's codeDescription, needs an address the department publishes the docs at.)
        if let rule = diagnostic.rule { out["code"] = rule }
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

