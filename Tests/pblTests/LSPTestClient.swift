import Foundation
import Planner
@testable import LanguageServer

/// An editor in the same process: sends what it is given, keeps what the server sends.
final class LSPTestClient {
    var received: [[String: Any]] = []
    lazy var server = LanguageServer(workspace: Workspace(templateOptions: [], environment: [:]), version: "test") { [unowned self] in
        self.received.append($0)
    }

    func send(_ message: [String: Any]) {
        server.receive(Array(try! JSONSerialization.data(withJSONObject: message)))
    }

    func request(_ id: Int, _ method: String, _ params: [String: Any] = [:]) -> [String: Any]? {
        send(["jsonrpc": "2.0", "id": id, "method": method, "params": params])
        return received.last { ($0["id"] as? Int) == id }
    }

    func notify(_ method: String, _ params: [String: Any]) {
        send(["jsonrpc": "2.0", "method": method, "params": params])
    }

    /// The diagnostics last published for `uri`.
    func diagnostics(_ uri: String) -> [[String: Any]]? {
        let published = received.filter { $0["method"] as? String == "textDocument/publishDiagnostics" }
        let mine = published.last { (($0["params"] as? [String: Any])?["uri"] as? String) == uri }
        return (mine?["params"] as? [String: Any])?["diagnostics"] as? [[String: Any]]
    }

    /// A file of this checkout, as an editor names it.
    static func uri(_ relative: String) -> (uri: String, path: String) {
        let path = CLI.packageRoot.appendingPathComponent(relative).path
        return ("file://" + path, path)
    }

    private var nextID = 1000

    /// A request's result (nil for an error answer).
    func result(_ method: String, _ params: [String: Any]) -> Any? {
        nextID += 1
        return request(nextID, method, params)?["result"]
    }

    func initialize() {
        _ = request(1, "initialize", ["capabilities": [:]])
    }

    func open(_ uri: String, _ text: String, version: Int = 1) {
        notify("textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "yaml", "version": version, "text": text]])
    }

    func change(_ uri: String, _ text: String, version: Int) {
        notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": version], "contentChanges": [["text": text]]])
    }

    /// The position of the `occurrence`th `needle` in `text`, `offset` code units into it.
    static func position(of needle: String, in text: String, occurrence: Int = 0, offset: Int = 1) -> [String: Int] {
        var seen = 0
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = Substring(line)
            while let found = rest.range(of: needle) {
                if seen == occurrence {
                    return ["line": number, "character": line.utf16.distance(from: line.startIndex, to: found.lowerBound) + offset]
                }
                seen += 1
                rest = rest[found.upperBound...]
            }
        }
        return ["line": -1, "character": -1]
    }

    /// `edits` (the protocol's TextEdits, UTF-16 positions) applied to `text`, last first.
    static func apply(_ edits: [[String: Any]], to text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array(String($0).utf16) }
        func point(_ edit: [String: Any], _ key: String) -> (Int, Int) {
            let at = (edit["range"] as? [String: Any])?[key] as? [String: Int] ?? [:]
            return (at["line"] ?? 0, at["character"] ?? 0)
        }
        for edit in edits.sorted(by: { point($0, "start") > point($1, "start") }) {
            let (startLine, startCharacter) = point(edit, "start"), (endLine, endCharacter) = point(edit, "end")
            let replacement = Array((edit["newText"] as? String ?? "").utf16)
            let joined = Array(lines[startLine][..<startCharacter]) + replacement + Array(lines[endLine][endCharacter...])
            let split = String(decoding: joined, as: UTF16.self).split(separator: "\n", omittingEmptySubsequences: false).map { Array(String($0).utf16) }
            lines.replaceSubrange(startLine...endLine, with: split)
        }
        return lines.map { String(decoding: $0, as: UTF16.self) }.joined(separator: "\n")
    }
}
