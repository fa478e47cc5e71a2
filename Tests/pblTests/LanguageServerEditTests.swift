import Foundation
import XCTest
import Planner
@testable import LanguageServer

/// `pbl lsp`'s edits and what it knows of the plan: rename across the project, roster and
/// progress files; quick fixes that clear their finding; completion of the plan's ids and the
/// catalogs' codes; hover on milestones, dates and keys; a roster's buffer re-checking its project.
final class LanguageServerEditTests: XCTestCase {
    private typealias Client = LSPTestClient

    private func openMillCreek(_ client: Client) throws -> (uri: String, text: String) {
        client.initialize()
        let (uri, path) = Client.uri("examples/mill-creek/mill-creek.yaml")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        client.open(uri, text)
        return (uri, text)
    }

    func testRenameReachesTheRosterAndTheProgressFiles() throws {
        let client = Client()
        let (uri, text) = try openMillCreek(client)
        let at: [String: Any] = ["textDocument": ["uri": uri], "position": Client.position(of: "id: sampling-plan", in: text, offset: 6)]
        let prepared = try XCTUnwrap(client.result("textDocument/prepareRename", at) as? [String: Any])
        XCTAssertEqual(prepared["placeholder"] as? String, "sampling-plan")
        var asked = at
        asked["newName"] = "field-plan"
        let edit = try XCTUnwrap(client.result("textDocument/rename", asked) as? [String: Any])
        let changes = try XCTUnwrap(edit["changes"] as? [String: [[String: Any]]])
        let roster = Client.uri("examples/mill-creek/roster.csv")
        let rosterText = try String(contentsOfFile: roster.path, encoding: .utf8)
        XCTAssertEqual(Client.apply(changes[roster.uri] ?? [], to: rosterText).split(separator: "\n").first,
                       "id,name,group,extra_days,goals,choice:field-plan", "the roster's header")
        let week1 = Client.uri("examples/mill-creek/progress/week-1.csv")
        let week1Text = try String(contentsOfFile: week1.path, encoding: .utf8)
        XCTAssertTrue(Client.apply(changes[week1.uri] ?? [], to: week1Text).hasPrefix(
            "id,name,Need-to-know list [need-to-know],Sampling plan [field-plan],"), "the progress file's heading, its title kept")
        let renamed = Client.apply(changes[uri] ?? [], to: text)
        XCTAssertTrue(renamed.contains("- id: field-plan") && !renamed.contains("sampling-plan"))

        // need-to-know: its definition, the `after` that names it, both progress files' headings.
        asked["position"] = Client.position(of: "after: [need-to-know]", in: text, offset: 9)
        asked["newName"] = "questions"
        let second = try XCTUnwrap((client.result("textDocument/rename", asked) as? [String: Any])?["changes"] as? [String: [[String: Any]]])
        XCTAssertEqual(second[uri]?.count, 2)
        XCTAssertEqual(second[week1.uri]?.count, 1)

        asked["newName"] = "Not An Id"
        XCTAssertEqual(((client.request(90, "textDocument/rename", asked)?["error"]) as? [String: Any])?["code"] as? Int, -32602)
        asked["newName"] = "data-check"
        let taken = (client.request(91, "textDocument/rename", asked)?["error"] as? [String: Any])?["message"] as? String
        XCTAssertEqual(taken, "`data-check` is already an id of this kind in the plan")
        asked["position"] = ["line": 0, "character": 0]
        XCTAssertTrue(client.result("textDocument/prepareRename", asked) is NSNull)
    }

    /// A quick fix's edit applied as an editor applies it, and the finding is gone.
    func testCodeActionsApplyTheHelp() throws {
        let client = Client()
        let (uri, text) = try openMillCreek(client)
        let typo = text.replacingOccurrences(of: "after: [need-to-know]", with: "after: [need-to-knw]")
            .replacingOccurrences(of: "  max_cycle_days: 10", with: "  max_cycle_dayz: 10")
        client.change(uri, typo, version: 2)
        XCTAssertEqual(Set((client.diagnostics(uri) ?? []).compactMap { $0["code"] as? String }), ["dangling-reference", "unknown-key"])
        var fixed = typo
        for needle in ["need-to-knw", "max_cycle_dayz"] {
            let at = Client.position(of: needle, in: fixed)
            let actions = try XCTUnwrap(client.result("textDocument/codeAction", ["textDocument": ["uri": uri], "range": ["start": at, "end": at],
                                                                                  "context": ["diagnostics": []]]) as? [[String: Any]])
            XCTAssertEqual(actions.count, 1, needle)
            XCTAssertEqual(actions.first?["kind"] as? String, "quickfix")
            XCTAssertEqual(actions.first?["isPreferred"] as? Bool, true)
            let changes = ((actions.first?["edit"] as? [String: Any])?["changes"] as? [String: [[String: Any]]])?[uri] ?? []
            fixed = Client.apply(changes, to: fixed)
            client.change(uri, fixed, version: 3)
        }
        XCTAssertEqual(fixed, text)
        XCTAssertEqual(client.diagnostics(uri)?.count, 0)
        let nowhere = Client.position(of: "pbl: 1", in: fixed)
        XCTAssertEqual((client.result("textDocument/codeAction", ["textDocument": ["uri": uri], "range": ["start": nowhere, "end": nowhere]]) as? [Any])?.count, 0)
    }

    private func labels(_ client: Client, _ uri: String, _ position: [String: Int]) -> [String] {
        let answer = client.result("textDocument/completion", ["textDocument": ["uri": uri], "position": position]) as? [String: Any]
        return (answer?["items"] as? [[String: Any]] ?? []).compactMap { $0["label"] as? String }
    }

    func testCompletionOfThePlansIdsAndTheCatalogsCodes() throws {
        let client = Client()
        let (uri, text) = try openMillCreek(client)
        // Typed halfway: the text is not valid YAML, the last plan that was is completed from.
        var typing = text.replacingOccurrences(of: "after: [need-to-know]", with: "after: [need-")
        client.change(uri, typing, version: 2)
        XCTAssertEqual(labels(client, uri, Client.position(of: "after: [need-", in: typing, offset: 13)), ["need-to-know"])
        typing = text.replacingOccurrences(of: "targets: [MS-ESS3-3, W.7.1, SL.7.4]", with: "targets: [MS-ESS3-3, W.7.1, SL.7.4, argu")
        client.change(uri, typing, version: 3)
        let byWords = labels(client, uri, Client.position(of: "SL.7.4, argu", in: typing, offset: 12))
        XCTAssertTrue(byWords.contains("MS-PS2-4") && byWords.contains("W.7.1"), "standards whose statement says argue: \(byWords)")
        typing = text.replacingOccurrences(of: "targets: [MS-ESS3-3, W.7.1, SL.7.4]", with: "targets: [MS-ESS3-3, W.7.")
        client.change(uri, typing, version: 4)
        let byCode = labels(client, uri, Client.position(of: "MS-ESS3-3, W.7.", in: typing, offset: 15))
        XCTAssertTrue(byCode.contains("W.7.1") && byCode.allSatisfy { $0.hasPrefix("W.7.") }, "\(byCode)")
        typing = text.replacingOccurrences(of: "catalogs: [ngss-ms, ccss-ela-6-8]", with: "catalogs: [ngss-ms, cc")
        client.change(uri, typing, version: 5)
        let catalogs = labels(client, uri, Client.position(of: "ngss-ms, cc", in: typing, offset: 11))
        XCTAssertTrue(catalogs.contains("ccss-ela-6-8") && !catalogs.contains("ngss-ms"), "\(catalogs)")
        typing = text.replacingOccurrences(of: "  - id: s01", with: "  - id: s00\n    choices: {sampling-plan: \n  - id: s01")
        client.change(uri, typing, version: 6)

        let roster = Client.uri("examples/mill-creek/roster.csv")
        let rosterText = try String(contentsOfFile: roster.path, encoding: .utf8)
        client.open(roster.uri, rosterText)
        let line = rosterText.split(separator: "\n")[1]
        XCTAssertEqual(labels(client, roster.uri, ["line": 1, "character": line.utf16.count]), ["field"], "the choice column's options")
        XCTAssertTrue(labels(client, roster.uri, ["line": 0, "character": 0]).contains("choice:sampling-plan"))
        let groupColumn = line.split(separator: ",", omittingEmptySubsequences: false).prefix(2).joined(separator: ",").utf16.count + 1
        XCTAssertEqual(Set(labels(client, roster.uri, ["line": 1, "character": groupColumn])), ["otters", "herons"])

        let template = "pbl: 1\nid: x\ntitle: X\nextends: des\n"
        client.open("file:///tmp/pbl-lsp-extends.yaml", template)
        XCTAssertTrue(labels(client, "file:///tmp/pbl-lsp-extends.yaml", ["line": 3, "character": 12]).contains("design-sprint"))
    }

    func testHoverOnMilestonesDatesAndKeys() throws {
        let client = Client()
        let (uri, text) = try openMillCreek(client)
        func hover(_ needle: String, offset: Int = 1) -> String {
            let answer = client.result("textDocument/hover", ["textDocument": ["uri": uri], "position": Client.position(of: needle, in: text, offset: offset)])
            return ((answer as? [String: Any])?["contents"] as? [String: Any])?["value"] as? String ?? ""
        }
        let milestone = hover("id: peer-critique", offset: 6)
        XCTAssertTrue(milestone.hasPrefix("peer-critique: Gallery walk on the data tables\n\nThu Mar 4, 2027"), milestone)
        XCTAssertEqual(hover("2027-03-15"), "Monday, Mar 15, 2027\nno school (Spring break)")
        XCTAssertEqual(hover("start: 2027-03-01", offset: 8), "Monday, Mar 1, 2027\nschool is in; the class meets")
        XCTAssertEqual(hover("driving_question"), "driving_question: text\n\n" + (FormatSpec.project.field("driving_question")?.description ?? "?"))
    }

    /// A student with extra days: the milestone's hover says whose date is later.
    func testHoverSaysWhichStudentsAreLater() throws {
        let client = Client()
        let (uri, text) = try openMillCreek(client)
        let claim = Client.position(of: "id: claim-draft", in: text, offset: 6)
        let answer = client.result("textDocument/hover", ["textDocument": ["uri": uri], "position": claim]) as? [String: Any]
        let value = (answer?["contents"] as? [String: Any])?["value"] as? String ?? ""
        XCTAssertEqual(value, "claim-draft: Draft claim, evidence and reasoning\n\nTue Mar 9, 2027 (day 2 of its cycle)\n"
                       + "  later for 2 students with extra days: Ana López (s01): due Wed Mar 10; Dana Kowalski (s04): due Wed Mar 10")
    }

    /// A roster's buffer, unsaved, is what the open project reads: a group that does not exist
    /// typed into it is found, on the roster, at once.
    func testARostersBufferRechecksItsProject() throws {
        let client = Client()
        let (uri, _) = try openMillCreek(client)
        let roster = Client.uri("examples/mill-creek/roster.csv")
        let rosterText = try String(contentsOfFile: roster.path, encoding: .utf8)
        client.open(roster.uri, rosterText)
        XCTAssertEqual(client.diagnostics(roster.uri)?.count ?? 0, 0)
        client.change(roster.uri, rosterText.replacingOccurrences(of: "s01,Ana López,otters", with: "s01,Ana López,otterz"), version: 2)
        let found = (client.diagnostics(roster.uri) ?? []).compactMap { $0["code"] as? String }
        XCTAssertEqual(found, ["dangling-reference"])
        XCTAssertEqual(client.diagnostics(uri)?.count, 0, "the project's own file has nothing wrong")
        client.notify("textDocument/didClose", ["textDocument": ["uri": roster.uri]])
        XCTAssertEqual(client.diagnostics(roster.uri)?.count ?? 0, 0, "closed, the saved roster is read again")
    }
}

extension LanguageServerEditTests {
    /// Changes that arrive while more messages wait are checked once, as the last text; a
    /// request between them sees the text as it is by then.
    func testChangesWaitingBehindOthersAreCheckedOnce() throws {
        let client = Client()
        let (uri, text) = try openMillCreek(client)
        func published() -> Int { client.received.filter { $0["method"] as? String == "textDocument/publishDiagnostics" }.count }
        let before = published()
        for version in 2...50 {
            let body = try JSONSerialization.data(withJSONObject: [
                "jsonrpc": "2.0", "method": "textDocument/didChange",
                "params": ["textDocument": ["uri": uri, "version": version],
                           "contentChanges": [["text": text.replacingOccurrences(of: "days: 5", with: "days: \(version % 3 + 4)")]]],
            ] as [String: Any])
            client.server.receive(Array(body), moreWaiting: version < 50)
        }
        XCTAssertEqual(published() - before, 1, "one check of the last text (the plan has no findings: one publish, for the project)")
        let last = client.received.last { $0["method"] as? String == "textDocument/publishDiagnostics" }
        XCTAssertEqual((last?["params"] as? [String: Any])?["version"] as? Int, 50, "the version the findings are about")
        client.server.receive(Array(try JSONSerialization.data(withJSONObject: [
            "jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": ["textDocument": ["uri": uri, "version": 51], "contentChanges": [["text": text + "bogus_key: 1\n"]]],
        ] as [String: Any])), moreWaiting: true)
        XCTAssertEqual(published() - before, 1, "not checked yet")
        let symbols = client.result("textDocument/documentSymbol", ["textDocument": ["uri": uri]]) as? [Any]
        XCTAssertEqual(symbols?.count, 2)
        XCTAssertEqual((client.diagnostics(uri) ?? []).compactMap { $0["code"] as? String }, ["unknown-key"], "the request checked the waiting change first")
    }
}

extension LanguageServerEditTests {
    /// A template's buffer, unsaved, is what an open project that extends it reads.
    func testATemplatesBufferRechecksTheProjectsThatExtendIt() throws {
        let client = Client()
        client.initialize()
        let project = Client.uri("examples/department/grade7/rivera/creek-study.yaml")
        client.open(project.uri, try String(contentsOfFile: project.path, encoding: .utf8))
        func codes() -> [String] { (client.diagnostics(project.uri) ?? []).compactMap { $0["code"] as? String } }
        XCTAssertEqual(codes(), ["roster-ignored"], "its roster is kept out of git, as it should be")
        let template = Client.uri("examples/department/templates/projects/field-study.yaml")
        let templateText = try String(contentsOfFile: template.path, encoding: .utf8)
        client.open(template.uri, templateText)
        client.change(template.uri, templateText.replacingOccurrences(of: "after: [draft-report]", with: "after: [draft-reprot]"), version: 2)
        let found = (client.diagnostics(template.uri) ?? []).compactMap { $0["code"] as? String }
        XCTAssertTrue(found.contains("dangling-reference"), "\(found)")
        XCTAssertEqual(codes(), ["roster-ignored"], "the finding is the template's, shown on it")
        // The department's catalog dropped from the template, unsaved: the project's targets from
        // it are unknown now, on the project's own lines.
        client.change(template.uri, templateText.replacingOccurrences(of: "catalogs: [ngss-ms, riverside-science]", with: "catalogs: [ngss-ms]"),
                      version: 3)
        XCTAssertEqual(codes().filter { $0 == "unknown-standard" }.count, 2, "RSD-SCI-1 and -2 of the investigation, as pbl validate finds them once saved: \(codes())")
        client.notify("textDocument/didClose", ["textDocument": ["uri": template.uri]])
        XCTAssertEqual(codes(), ["roster-ignored"], "closed, the saved template is read again")
    }
}

extension LanguageServerEditTests {
    /// What a built-in template defines is in no file an editor can open or change: its
    /// findings show at `extends:`, navigation stays in real files, and renaming says why not.
    func testTheBuiltInTemplateIsNeverAnEditorsFile() throws {
        let client = Client()
        client.initialize()
        let uri = "file:///tmp/pbl-lsp-builtin-\(UUID().uuidString).yaml"
        let text = "pbl: 1\nid: x\ntitle: X\nextends: inquiry-week\ndriving_question: Why?\nproduct: {title: A poster}\n"
            + "calendar: {start: 2027-03-01}\ncycles:\n  - id: inquire\n    milestones:\n      - id: need-to-know\n        title: Our questions\n"
        client.open(uri, text)
        let diagnostics = client.diagnostics(uri) ?? []
        let placeholder = try XCTUnwrap(diagnostics.first { $0["code"] as? String == "todo-placeholder" })
        XCTAssertTrue((placeholder["message"] as? String ?? "").hasPrefix("in the built-in template (projects/inquiry-week.yaml:"), "\(placeholder)")
        XCTAssertEqual(((placeholder["range"] as? [String: Any])?["start"] as? [String: Int])?["line"], 3, "at extends:")
        XCTAssertFalse(client.received.contains { (($0["params"] as? [String: Any])?["uri"] as? String ?? "").contains("built-in") })
        let at: [String: Any] = ["textDocument": ["uri": uri], "position": Client.position(of: "id: need-to-know", in: text, offset: 6), "newName": "questions"]
        let refused = (client.request(50, "textDocument/rename", at)?["error"] as? [String: Any])?["message"] as? String ?? ""
        XCTAssertTrue(refused.contains("built into pbl"), refused)
        let references = try XCTUnwrap(client.result("textDocument/references", at) as? [[String: Any]])
        XCTAssertFalse(references.isEmpty)
        XCTAssertTrue(references.allSatisfy { $0["uri"] as? String == uri }, "\(references)")
    }
}
