import Foundation
import XCTest
import Diagnostics
import Planner
@testable import LanguageServer

/// `pbl lsp`'s first part: the lifecycle, documents as the editor holds them, and diagnostics
/// that are exactly `pbl validate`'s, in the protocol's positions; bad input answered, never fatal.
final class LanguageServerTests: XCTestCase {
    private typealias Client = LSPTestClient

    private func uri(_ relative: String) -> (uri: String, path: String) { LSPTestClient.uri(relative) }

    /// For the broken examples, what the editor is told is what `pbl validate` prints: the same
    /// lines, columns (0-based) and rules.
    func testDiagnosticsAreThoseOfValidate() throws {
        for rule in ["unknown-key", "dangling-reference", "duplicate-id", "wrong-type", "yaml-syntax", "progress-reference"] {
            let client = Client()
            _ = client.request(1, "initialize", ["capabilities": [:]])
            let (uri, path) = uri("examples/broken/\(rule)/project.yaml")
            let text = try String(contentsOfFile: path, encoding: .utf8)
            client.notify("textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "yaml", "version": 1, "text": text]])
            let report = Workspace(templateOptions: [], environment: [:]).validate(path: path)
            let expected = report.diagnostics.filter { ($0.file ?? path) == path }.map { diagnostic in
                "\((diagnostic.range?.start.line ?? 1) - 1):\((diagnostic.range?.start.column ?? 1) - 1) \(diagnostic.rule ?? "")"
            }
            let got = (client.diagnostics(uri) ?? []).map { diagnostic -> String in
                let start = (diagnostic["range"] as? [String: Any])?["start"] as? [String: Int] ?? [:]
                return "\(start["line"] ?? -1):\(start["character"] ?? -1) \(diagnostic["code"] as? String ?? "")"
            }
            if rule == "progress-reference" {
                XCTAssertEqual(got, [], "the finding is in the progress file, published for it")
                let progress = self.uri("examples/broken/progress-reference/progress.csv").uri
                XCTAssertEqual((client.diagnostics(progress) ?? []).compactMap { $0["code"] as? String }, ["progress-reference"])
                continue
            }
            XCTAssertEqual(got, expected, rule)
            XCTAssertTrue(got.contains { $0.hasSuffix(" " + rule) }, "\(rule): \(got)")
        }
    }

    /// The buffer as it is, not as saved: a fix typed in clears the finding; closing clears it too.
    func testTheBufferIsCheckedAsTyped() throws {
        let client = Client()
        _ = client.request(1, "initialize", ["capabilities": [:]])
        let (uri, path) = uri("examples/broken/unknown-key/project.yaml")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        client.notify("textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "yaml", "version": 1, "text": text]])
        XCTAssertEqual(client.diagnostics(uri)?.count, 1)
        let fixed = text.replacingOccurrences(of: "    milestone:", with: "    milestones:")
        XCTAssertNotEqual(fixed, text)
        client.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": 2], "contentChanges": [["text": fixed]]])
        XCTAssertEqual(client.diagnostics(uri)?.count, 0)
        client.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": 3], "contentChanges": [["text": text]]])
        XCTAssertEqual(client.diagnostics(uri)?.count, 1)
        client.notify("textDocument/didClose", ["textDocument": ["uri": uri]])
        XCTAssertEqual(client.diagnostics(uri)?.count, 0, "closing clears what was published")
    }

    /// Columns count UTF-16 code units unless the client takes code points.
    func testPositionsInTheNegotiatedEncoding() throws {
        let text = "pbl: 1\nid: x\ntitle: x\ncycles: []\n\"é🙂\": 1\n"
        for (encodings, character) in [([String](), 5), (["utf-32", "utf-16"], 4)] {
            let client = Client()
            let answer = client.request(1, "initialize", ["capabilities": ["general": ["positionEncodings": encodings]]])
            let capabilities = (answer?["result"] as? [String: Any])?["capabilities"] as? [String: Any]
            XCTAssertEqual(capabilities?["positionEncoding"] as? String, encodings.isEmpty ? "utf-16" : "utf-32")
            let uri = "file:///tmp/pbl-lsp-\(UUID().uuidString).yaml"
            client.notify("textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "yaml", "version": 1, "text": text]])
            let unknown = client.diagnostics(uri)?.first { $0["code"] as? String == "unknown-key" }
            let end = ((unknown?["range"] as? [String: Any])?["end"] as? [String: Int]) ?? [:]
            XCTAssertEqual(end["line"], 4, "\(client.diagnostics(uri) ?? [])")
            XCTAssertEqual(end["character"], character, "the end of `\"é🙂\"` in \(encodings)")
        }
    }

    /// Requests it does not know, broken JSON, documents never opened, a buffer too large:
    /// answered or logged, never fatal; shutdown then exit is 0, exit alone 1.
    func testBadInputIsAnsweredAndTheLifecycleHolds() throws {
        let client = Client()
        _ = client.request(1, "initialize", ["capabilities": [:]])
        XCTAssertEqual(((client.request(2, "textDocument/formatting")?["error"]) as? [String: Any])?["code"] as? Int, -32601)
        client.server.receive(Array("{not json".utf8))
        XCTAssertEqual((client.received.last?["error"] as? [String: Any])?["code"] as? Int, -32700)
        client.server.receive(Array("[1, 2]".utf8))
        XCTAssertEqual((client.received.last?["error"] as? [String: Any])?["code"] as? Int, -32700)
        client.notify("textDocument/didChange", ["textDocument": ["uri": "file:///nowhere.yaml", "version": 2], "contentChanges": [["text": "x"]]])
        XCTAssertEqual(client.received.last?["method"] as? String, "window/logMessage")
        let huge = String(repeating: "#", count: LanguageServer.maxDocumentBytes + 1)
        client.notify("textDocument/didOpen", ["textDocument": ["uri": "file:///tmp/huge.yaml", "languageId": "yaml", "version": 1, "text": huge]])
        XCTAssertTrue((((client.received.last?["params"]) as? [String: Any])?["message"] as? String ?? "").contains("over 16 MB"))
        XCTAssertNil(client.request(3, "shutdown")?["error"])
        XCTAssertNotNil(client.request(4, "initialize")?["error"], "nothing but exit after shutdown")
        client.notify("exit", [:])
        XCTAssertEqual(client.server.exitCode, 0)
        let rude = Client()
        rude.notify("exit", [:])
        XCTAssertEqual(rude.server.exitCode, 1, "exit without shutdown")
    }

    /// The calendar while writing: the real date after every `day:` and each cycle's dates; the
    /// outline; a standard code's statement on hover.
    func testHintsOutlineAndHover() throws {
        let client = Client()
        _ = client.request(1, "initialize", ["capabilities": [:]])
        let (uri, path) = uri("examples/mill-creek/mill-creek.yaml")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        client.notify("textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "yaml", "version": 1, "text": text]])
        let document = ["uri": uri]
        let hints = try XCTUnwrap(client.request(2, "textDocument/inlayHint", ["textDocument": document])?["result"] as? [[String: Any]])
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func hint(onLineWith needle: String, after: Int = 0) -> String? {
            guard let line = lines.indices.first(where: { $0 >= after && lines[$0].contains(needle) }) else { return nil }
            return hints.first { (($0["position"] as? [String: Int])?["line"]) == line }?["label"] as? String
        }
        XCTAssertEqual(hint(onLineWith: "  - id: investigate"), " Mon Mar 1 – Fri Mar 5")
        let needToKnow = try XCTUnwrap(lines.firstIndex { $0.contains("id: need-to-know") })
        XCTAssertEqual(hint(onLineWith: "day: 1", after: needToKnow), " Mon Mar 1")
        let revision = try XCTUnwrap(lines.firstIndex { $0.contains("id: revision") })
        XCTAssertEqual(hint(onLineWith: "day: 4", after: revision), " Thu Mar 11")
        let symbols = try XCTUnwrap(client.request(3, "textDocument/documentSymbol", ["textDocument": document])?["result"] as? [[String: Any]])
        XCTAssertEqual(symbols.map { $0["detail"] as? String }, ["investigate", "argue"])
        XCTAssertEqual((symbols[0]["children"] as? [[String: Any]])?.map { $0["detail"] as? String },
                       ["need-to-know", "sampling-plan", "data-check", "peer-critique", "reflection"])
        let target = try XCTUnwrap(lines.firstIndex { $0.contains("targets: [MS-ESS3-3") })
        let column = try XCTUnwrap(lines[target].range(of: "MS-ESS3-3")).lowerBound.utf16Offset(in: lines[target]) + 2
        let hover = client.request(4, "textDocument/hover", ["textDocument": document, "position": ["line": target, "character": column]])
        let value = ((hover?["result"] as? [String: Any])?["contents"] as? [String: Any])?["value"] as? String ?? ""
        XCTAssertTrue(value.hasPrefix("MS-ESS3-3 (ngss-ms"), value)
        XCTAssertTrue(client.request(5, "textDocument/hover", ["textDocument": document, "position": ["line": 0, "character": 0]])?["result"] is NSNull)
        XCTAssertEqual((client.request(6, "textDocument/inlayHint", ["textDocument": ["uri": "file:///nowhere.yaml"]])?["error"]
                        as? [String: Any])?["code"] as? Int, -32602)
    }

    /// Go to definition and find references for milestone and group ids.
    func testDefinitionAndReferences() throws {
        let client = Client()
        _ = client.request(1, "initialize", ["capabilities": [:]])
        let (uri, path) = uri("examples/mill-creek/mill-creek.yaml")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        client.notify("textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "yaml", "version": 1, "text": text]])
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let use = try XCTUnwrap(lines.firstIndex { $0.contains("after: [data-check]") })
        let column = try XCTUnwrap(lines[use].range(of: "data-check")).lowerBound.utf16Offset(in: lines[use]) + 1
        let at: [String: Any] = ["textDocument": ["uri": uri], "position": ["line": use, "character": column]]
        let definition = try XCTUnwrap(client.request(2, "textDocument/definition", at)?["result"] as? [[String: Any]])
        let defined = try XCTUnwrap(lines.firstIndex { $0.contains("- id: data-check") })
        XCTAssertEqual(((definition.first?["range"] as? [String: Any])?["start"] as? [String: Int])?["line"], defined)
        var asked = at
        asked["context"] = ["includeDeclaration": false]
        let references = try XCTUnwrap(client.request(3, "textDocument/references", asked)?["result"] as? [[String: Any]])
        XCTAssertEqual(references.count, 3, "data-check is named in claim-draft's after and in both progress files' headings")
        XCTAssertTrue((client.request(4, "textDocument/definition", ["textDocument": ["uri": uri], "position": ["line": 0, "character": 0]])?["result"]
                       as? [Any])?.isEmpty ?? false)
    }

    /// Keys from the format where the cursor is, with their documentation; a key's values.
    func testCompletionFromTheFormat() throws {
        let client = Client()
        _ = client.request(1, "initialize", ["capabilities": [:]])
        let uri = "file:///tmp/pbl-lsp-completion.yaml"
        let text = "pbl: 1\nid: x\ncycles:\n  - id: c\n    milestones:\n      - id: m\n        de\n        kind: \n\n"
        client.notify("textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "yaml", "version": 1, "text": text]])
        func labels(_ line: Int, _ character: Int) -> [String] {
            let result = client.request(line + 10, "textDocument/completion", ["textDocument": ["uri": uri], "position": ["line": line, "character": character]])
            return ((result?["result"] as? [String: Any])?["items"] as? [[String: Any]] ?? []).compactMap { $0["label"] as? String }
        }
        let milestone = labels(6, 10)
        XCTAssertTrue(milestone.contains("deliverable") && milestone.contains("rubric") && milestone.contains("after"), "\(milestone)")
        XCTAssertFalse(milestone.contains("cycles"))
        XCTAssertTrue(labels(7, 14).contains("critique"), "a milestone's kinds")
        let top = labels(8, 0)
        XCTAssertTrue(top.contains("rubrics") && top.contains("calendar") && !top.contains("deliverable"), "\(top)")
    }

    func testTheFramingIsBounded() throws {
        func reader(_ bytes: [UInt8]) -> MessageFraming.Reader {
            var rest = bytes[...]
            return MessageFraming.Reader { buffer in
                let count = min(buffer.count, rest.count, 7)
                for index in 0..<count { buffer[index] = rest[rest.startIndex + index] }
                rest = rest.dropFirst(count)
                return count
            }
        }
        let two = reader(Array("Content-Length: 2\r\n\r\n{}Content-Type: x\r\ncontent-length: 4\r\n\r\nnull".utf8))
        XCTAssertEqual(try two.next(), Array("{}".utf8))
        XCTAssertEqual(try two.next(), Array("null".utf8))
        XCTAssertThrowsError(try two.next()) { XCTAssertEqual($0 as? MessageFraming.Failure, .endOfInput) }
        XCTAssertThrowsError(try reader(Array("Content-Length: 999999999999\r\n\r\n".utf8)).next()) {
            XCTAssertEqual($0 as? MessageFraming.Failure, .tooLarge(999_999_999_999))
        }
        XCTAssertThrowsError(try reader(Array("Content-Length: -1\r\n\r\n".utf8)).next())
        XCTAssertThrowsError(try reader(Array(repeating: UInt8(ascii: "a"), count: 20_000)).next()) {
            XCTAssertEqual($0 as? MessageFraming.Failure, .malformedHeader("headers over 8 KB"))
        }
        XCTAssertThrowsError(try reader(Array("\r\n".utf8)).next()) {
            XCTAssertEqual($0 as? MessageFraming.Failure, .malformedHeader("no Content-Length header"))
        }
        // As an editor writes: each message in one write, read whole by one read. (Reading the
        // second used to skip its header's line break once the first had been read to the end.)
        var messages = [Array("Content-Length: 2\r\n\r\n{}".utf8), Array("Content-Length: 4\r\n\r\nnull".utf8)][...]
        let aligned = MessageFraming.Reader { buffer in
            guard let message = messages.popFirst() else { return 0 }
            for (index, byte) in message.enumerated() { buffer[index] = byte }
            return message.count
        }
        XCTAssertEqual(try aligned.next(), Array("{}".utf8))
        XCTAssertEqual(try aligned.next(), Array("null".utf8))
        // Two messages in one read: the second waits, whole, once the first is taken.
        var once: [UInt8]? = Array("Content-Length: 2\r\n\r\n{}Content-Length: 4\r\n\r\nnull".utf8)
        let burst = MessageFraming.Reader { buffer in
            guard let bytes = once else { return 0 }
            once = nil
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
            return bytes.count
        }
        XCTAssertEqual(try burst.next(), Array("{}".utf8))
        XCTAssertTrue(burst.hasWaitingMessage)
        XCTAssertEqual(try burst.next(), Array("null".utf8))
        XCTAssertFalse(burst.hasWaitingMessage)
    }

    /// The built binary, as an editor runs it: over pipes, and its exit status.
    func testTheBinarySpeaksOverStandardStreams() throws {
        func frame(_ message: [String: Any]) -> Data {
            Data(MessageFraming.frame(Array(try! JSONSerialization.data(withJSONObject: message))))
        }
        var input = Data()
        input += frame(["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": ["capabilities": [:]]])
        input += frame(["jsonrpc": "2.0", "id": 2, "method": "shutdown"])
        input += frame(["jsonrpc": "2.0", "method": "exit"])
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pbl-lsp-\(UUID().uuidString).in")
        try input.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["lsp"]
        process.standardInput = try FileHandle(forReadingFrom: file)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let text = String(decoding: output, as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("Content-Length: "), text)
        XCTAssertTrue(text.contains(#""serverInfo":{"#) || text.contains(#""serverInfo" : {"#), text)
        XCTAssertTrue(text.contains(#""id":2"#) && text.contains(#""result":null"#), text)
    }
}
