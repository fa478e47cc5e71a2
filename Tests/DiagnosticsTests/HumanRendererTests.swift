import XCTest
@testable import Diagnostics
import YAMLTree

final class HumanRendererTests: XCTestCase {
    private let text = "cycle:\n  title: Sampling: lab or field?\n"

    private func render(useColor: Bool) throws -> String {
        let source = try SourceText(text)
        let error = try XCTUnwrap(parseError(text))
        let renderer = HumanRenderer(useColor: useColor, source: { $0 == "projects/mill-creek.yaml" ? source : nil })
        return renderer.render(error.diagnostic(file: "projects/mill-creek.yaml"))
    }

    func testPlainRendering() throws {
        XCTAssertEqual(try render(useColor: false), """
            projects/mill-creek.yaml:2:18: error: mapping values are not allowed here [yaml-syntax]
                2 |   title: Sampling: lab or field?
                  |                  ^
            help: quote the value: "Sampling: lab or field?"
            """)
    }

    func testColourOnlyWhenAsked() throws {
        XCTAssertTrue(try render(useColor: true).contains("\u{1B}["))
        XCTAssertFalse(try render(useColor: false).contains("\u{1B}["))
    }

    func testColorPolicy() {
        XCTAssertTrue(ColorPolicy.useColor(isTerminal: true, environment: [:]))
        XCTAssertFalse(ColorPolicy.useColor(isTerminal: false, environment: [:]))
        XCTAssertFalse(ColorPolicy.useColor(isTerminal: true, environment: ["NO_COLOR": "1"]))
        XCTAssertTrue(ColorPolicy.useColor(isTerminal: true, environment: ["NO_COLOR": ""]))
        XCTAssertFalse(ColorPolicy.useColor(isTerminal: true, environment: ["TERM": "dumb"]))
    }

    func testRangeUnderlineAndTabsKeepTheCaretAligned() throws {
        let source = try SourceText("\tkey: value\n")
        let diagnostic = Diagnostic(
            severity: .warning, message: "look", file: "f.yaml",
            range: SourceRange(start: Mark(line: 1, column: 7, offset: 6), end: Mark(line: 1, column: 12, offset: 11)),
            rule: "demo-rule"
        )
        let output = HumanRenderer(useColor: false, source: { _ in source }).render(diagnostic)
        XCTAssertEqual(output, "f.yaml:1:7: warning: look [demo-rule]\n    1 | \tkey: value\n      | \t     ^~~~~")
    }

    func testTotals() {
        var totals = DiagnosticTotals()
        XCTAssertEqual(totals.summary, "no problems")
        totals.add(Diagnostic(severity: .error, message: "x"))
        totals.add(Diagnostic(severity: .error, message: "x"))
        totals.add(Diagnostic(severity: .warning, message: "x"))
        XCTAssertEqual(totals.summary, "2 errors, 1 warning")
    }
}
