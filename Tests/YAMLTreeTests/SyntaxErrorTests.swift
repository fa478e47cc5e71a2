import XCTest
@testable import YAMLTree

/// libyaml's errors arrive with the right place and advice a teacher can act on.
final class SyntaxErrorTests: XCTestCase {
    func testColonInAValueSuggestsQuoting() throws {
        let error = try XCTUnwrap(parseError("cycle:\n  title: Sampling: lab or field?\n"))
        XCTAssertEqual(error.kind, .syntax)
        XCTAssertEqual(error.message, "mapping values are not allowed here")
        XCTAssertEqual(error.range.start, Mark(line: 2, column: 18, offset: 24))
        XCTAssertEqual(error.help, #"quote the value: "Sampling: lab or field?""#)
    }

    func testTabIndentationSaysSo() throws {
        let error = try XCTUnwrap(parseError("a:\n\tb: 1\n"))
        XCTAssertEqual(error.kind, .tabIndentation)
        XCTAssertEqual(error.range.start.line, 2)
        XCTAssertTrue(error.help?.contains("spaces") ?? false)
    }

    func testUnclosedQuoteNotesWhereItOpened() throws {
        let error = try XCTUnwrap(parseError("a: 1\nb: \"never closed\nc: 2\n"))
        XCTAssertEqual(error.message, "the file ends inside a quoted value")
        XCTAssertEqual(error.notes.first?.range?.start, Mark(line: 2, column: 4, offset: 8))
    }

    func testBadIndentation() throws {
        let error = try XCTUnwrap(parseError("a:\n  b: 1\n c: 2\n"))
        XCTAssertEqual(error.range.start.line, 3)
        XCTAssertNotNil(error.help)
    }

    func testUnclosedFlowSequence() throws {
        let error = try XCTUnwrap(parseError("a: [1, 2\nb: 3\n"))
        XCTAssertEqual(error.kind, .syntax)
        XCTAssertNotNil(error.help)
    }

    func testQuoteSuggestionEscapesAndSkipsListMarkers() {
        XCTAssertEqual(SyntaxAdvisor.quoteSuggestion(#"  - title: Say "hi": now"#), #"quote the value: "Say \"hi\": now""#)
        XCTAssertNil(SyntaxAdvisor.quoteSuggestion("title: 'quoted: already'"))
    }
}
