import Foundation
import XCTest
@testable import Diagnostics
import YAMLTree

/// Each reporter is a pure function of the diagnostics, checked against canned output.
final class ReporterTests: XCTestCase {
    private let diagnostics = [
        Diagnostic(
            severity: .error, message: "duplicate milestone id `plan`", file: "projects/mill creek.yaml",
            range: SourceRange(start: Mark(line: 12, column: 14, offset: 300), end: Mark(line: 12, column: 18, offset: 304)),
            rule: "duplicate-id",
            notes: [.init(message: "`plan` is first defined here", file: "projects/mill creek.yaml",
                          range: SourceRange(at: Mark(line: 11, column: 14, offset: 250)))],
            help: "give each milestone its own id"
        ),
        Diagnostic(severity: .warning, message: "100% of cycles: long, too long", file: "a.yaml",
                   range: SourceRange(at: Mark(line: 1, column: 1, offset: 0)), rule: "cycle-too-long",
                   fixes: [.replace(SourceRange(start: Mark(line: 2, column: 7, offset: 20), end: Mark(line: 2, column: 9, offset: 22)),
                                    with: "10", title: "Write 10 \"days\"")]),
    ]

    func testJSON() {
        XCTAssertEqual(JSONReporter().generateReport(diagnostics), """
            [
              {
                "file": "projects/mill creek.yaml",
                "line": 12,
                "column": 14,
                "end_line": 12,
                "end_column": 18,
                "severity": "error",
                "rule": "duplicate-id",
                "message": "duplicate milestone id `plan`",
                "notes": [
                  {
                    "message": "`plan` is first defined here",
                    "file": "projects/mill creek.yaml",
                    "line": 11,
                    "column": 14
                  }
                ],
                "help": "give each milestone its own id",
                "fixes": []
              },
              {
                "file": "a.yaml",
                "line": 1,
                "column": 1,
                "end_line": 1,
                "end_column": 1,
                "severity": "warning",
                "rule": "cycle-too-long",
                "message": "100% of cycles: long, too long",
                "notes": [],
                "help": null,
                "fixes": [
                  {
                    "title": "Write 10 \\"days\\"",
                    "edits": [
                      {
                        "file": "a.yaml",
                        "line": 2,
                        "column": 7,
                        "end_line": 2,
                        "end_column": 9,
                        "text": "10"
                      }
                    ]
                  }
                ]
              }
            ]

            """)
        XCTAssertEqual(JSONReporter().generateReport([]), "[]\n")
    }

    func testGitHubEscapesDataAndProperties() {
        XCTAssertEqual(GitHubReporter(toolName: "pbl").generateReport(diagnostics), """
            ::error file=projects/mill creek.yaml,line=12,col=14,endLine=12,endColumn=18,title=pbl duplicate-id::duplicate milestone id `plan`%0Anote: `plan` is first defined here (projects/mill creek.yaml:11:14)%0Ahelp: give each milestone its own id
            ::warning file=a.yaml,line=1,col=1,endLine=1,endColumn=1,title=pbl cycle-too-long::100%25 of cycles: long, too long

            """)
        XCTAssertEqual(GitHubReporter.escapeProperty("a:b,c%\n"), "a%3Ab%2Cc%25%0A")
    }

    func testSARIFShape() throws {
        let rules = [RuleInfo(id: "duplicate-id", severity: .error, summary: "Two ids.", explanation: "Ids are unique."),
                     RuleInfo(id: "unused", severity: .note, summary: "x", explanation: "y")]
        let tool = SARIFReporter.Tool(name: "pbl", version: "9.9", explainCommand: "pbl explain")
        let report = SARIFReporter(tool: tool, rules: rules).generateReport(diagnostics)
        XCTAssertTrue(report.contains(#""version": "2.1.0""#))
        XCTAssertTrue(report.contains(#""uri": "projects/mill%20creek.yaml""#))
        XCTAssertTrue(report.contains(#""ruleIndex": 0"#))
        XCTAssertFalse(report.contains("unused"), "only rules that were found are listed")
        XCTAssertTrue(report.contains(#""text": "Run `pbl explain duplicate-id` for an example and the fix.""#))
        XCTAssertFalse(report.contains("informationUri"), "no placeholder address")
        XCTAssertTrue(report.contains(#""relatedLocations""#))
        let log = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any])
        let results = ((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
        XCTAssertNil(results.first?["fixes"], "no fix, no fixes")
        let fix = try XCTUnwrap((results.last?["fixes"] as? [[String: Any]])?.first)
        XCTAssertEqual((fix["description"] as? [String: Any])?["text"] as? String, "Write 10 \"days\"")
        let change = try XCTUnwrap((fix["artifactChanges"] as? [[String: Any]])?.first)
        XCTAssertEqual((change["artifactLocation"] as? [String: Any])?["uri"] as? String, "a.yaml")
        let replacement = try XCTUnwrap((change["replacements"] as? [[String: Any]])?.first)
        XCTAssertEqual(replacement["deletedRegion"] as? [String: Int], ["startLine": 2, "startColumn": 7, "endLine": 2, "endColumn": 9])
        XCTAssertEqual((replacement["insertedContent"] as? [String: Any])?["text"] as? String, "10")
        XCTAssertEqual(SARIFReporter.uri("/abs/ü.yaml"), "file:///abs/%C3%BC.yaml")
    }
}
