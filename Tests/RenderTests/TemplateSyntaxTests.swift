@testable import Planner
@testable import PlannerCheck
@testable import PlannerDates
@testable import PlannerLoad
@testable import PlannerModel
@testable import PlannerResources
@testable import PlannerSchedule
@testable import Render
import XCTest
import YAMLTree

/// Every syntax error swift-mustache reports, in plain words at its line and column.
final class TemplateSyntaxTests: XCTestCase {
    private func problem(_ text: String, file: String = "checklist.txt.mustache", line: UInt = #line) throws -> TemplateProblem {
        try XCTUnwrap(TemplateSyntax.problem(in: text, fileName: file), "expected an error in \(text.debugDescription)", line: line)
    }

    private func place(_ problem: TemplateProblem) -> String { "\(problem.range.start.line):\(problem.range.start.column)" }

    func testSectionsClosedInTheWrongOrderNameTheOpenOne() throws {
        let wrong = try problem("{{#students}}\n  {{#cycles}}\n    {{#items}}\n    {{title}}\n  {{/cycles}}\n{{/students}}\n")
        XCTAssertEqual(wrong.message, "`{{/cycles}}` closes a section, but the open one is `{{#items}}` (line 3)")
        XCTAssertEqual(wrong.help, "close `{{#items}}` first, with `{{/items}}`")
        XCTAssertEqual(place(wrong), "5:3")
        XCTAssertEqual(wrong.range.end.column, 14, "the whole closing tag")
        XCTAssertEqual(wrong.related?.range?.start, Mark(line: 3, column: 5, offset: 32))

        let other = try problem("{{#a}}\n{{/b}}\n")
        XCTAssertEqual(other.message, "`{{/b}}` closes a section, but the open one is `{{#a}}` (line 1)")
        XCTAssertEqual(other.help, "close `{{#a}}` with `{{/a}}`; no section named `b` is open")
        let stray = try problem("text\n{{/students}}\n")
        XCTAssertEqual(stray.message, "`{{/students}}` closes a section, but no section is open here")
        XCTAssertEqual(place(stray), "2:1")
        let inverted = try problem("{{^has_goals}}\n{{/goals}}\n")
        XCTAssertEqual(inverted.message, "`{{/goals}}` closes a section, but the open one is `{{^has_goals}}` (line 1)")
    }

    func testASectionNeverClosedIsFoundAtItsOpeningTag() throws {
        let open = try problem("{{#students}}\n{{name}}\n  {{#cycles}}\n{{title}}\n{{/students}}\n")
        XCTAssertEqual(open.message, "`{{/students}}` closes a section, but the open one is `{{#cycles}}` (line 3)")
        let unclosed = try problem("{{#sheets}}\n{{title}}\n")
        XCTAssertEqual(unclosed.message, "`{{#sheets}}` opens a section that is never closed")
        XCTAssertEqual(unclosed.help, "end it with `{{/sheets}}` where the section ends")
        XCTAssertEqual(place(unclosed), "1:1")
    }

    func testTagsThatDoNotCloseOrHaveNoName() throws {
        let unclosed = try problem("{{#students}}\n{{name}\n{{/students}}\n")
        XCTAssertEqual(unclosed.message, "the tag `{{name}` is not closed")
        XCTAssertEqual(unclosed.help, "end it with `}}`")
        XCTAssertEqual(place(unclosed), "2:1")
        let spaced = try problem("Name: {{student name}}\n")
        XCTAssertEqual(spaced.message, "`{{student name}}` is not a name a tag can have")
        XCTAssertEqual(place(spaced), "1:7")
        let triple = try problem("{{{title}}\n")
        XCTAssertEqual(triple.message, "`{{{title}}` opens with three braces but closes with two")
        XCTAssertEqual(triple.help, "write `{{{title}}}`, or `{{title}}` to escape the value as usual")
        let transform = try problem("{{uppercased(title}}\n")
        XCTAssertEqual(transform.message, "`{{uppercased(title}}` is not a transform swift-mustache reads")
        let comment = try problem("{{! a note\nthat never ends\n")
        XCTAssertEqual(comment.message, "the comment `{{! a note` is never closed")
        XCTAssertEqual(place(comment), "1:1")
    }

    func testDelimitersSettingsAndPartials() throws {
        let delimiters = try problem("{{=<% %>}}\n")
        XCTAssertEqual(delimiters.message, "`{{=<% %>}}` does not set delimiters")
        let changed = try problem("{{=<% %>=}}\n<%#students%>\n<%/cycles%>\n")
        XCTAssertEqual(changed.message, "`<%/cycles%>` closes a section, but the open one is `<%#students%>` (line 2)")
        XCTAssertEqual(place(changed), "3:1")
        let setting = try problem("{{% CONTENT_TYPE: WORD}}\n")
        XCTAssertEqual(setting.message, "`WORD` is not a content type")
        XCTAssertEqual(setting.help, "content types: HTML, MARKDOWN, PLAINTEXT, TEXT")
        XCTAssertEqual(try problem("{{% COLOUR: red}}\n").message, "`{{% COLOUR: red}}` is not a setting")
        XCTAssertEqual(try problem("{{%CONTENT_TYPE}}\n").message, "`{{%CONTENT_TYPE}}` is not a setting swift-mustache reads")
        XCTAssertEqual(try problem("{{$upper(x)}}\n{{/x}}\n").message, "the block `{{$upper(x)}}` has a transform, which blocks cannot have")
        XCTAssertEqual(try problem("{{<parent}}\n{{name}}\n{{/parent}}\n").message, "inside `{{<parent}}` there is more than blocks")
    }

    /// Columns in Unicode scalars as every diagnostic has them, offsets in bytes, also in a
    /// template saved with Windows line breaks (swift-mustache counts those columns from the top).
    func testPlacesInOtherScriptsAndWithWindowsLineBreaks() throws {
        let unicode = try problem("Ünïcödé 山田 {{#a}}é{{/b}}\n")
        XCTAssertEqual(place(unicode), "1:19")
        XCTAssertEqual(unicode.range.start.offset, Array("Ünïcödé 山田 {{#a}}é".utf8).count)
        let windows = try problem("line one\r\nline two {{#x}}\r\n  {{/y}}\r\n")
        XCTAssertEqual(place(windows), "3:3")
        XCTAssertEqual(windows.message, "`{{/y}}` closes a section, but the open one is `{{#x}}` (line 2)")
        // A template that chooses its own content type gets no line put before it.
        XCTAssertEqual(place(try problem("{{% CONTENT_TYPE: HTML}}\n{{/x}}\n", file: "checklist.html.mustache")), "2:1")
    }

    func testTemplatesThatParseHaveNoProblemAndEveryBuiltInParses() throws {
        XCTAssertNil(TemplateSyntax.problem(in: "{{#a}}{{b}}{{/a}}{{! fine }}{{{c}}}{{&d}}\n", fileName: "checklist.txt.mustache"))
        for name in RenderTemplateCheck.knownNames {
            let text = try XCTUnwrap(EmbeddedFiles.files["templates/render/\(name).mustache"])
            XCTAssertNil(TemplateSyntax.problem(in: text, fileName: "\(name).mustache"), name)
        }
    }

    func testBlankTemplatesAndTheRendererSaysTheSame() throws {
        for blank in ["", " ", "\n\n", "\u{FEFF}\r\n\t "] { XCTAssertTrue(TemplateSyntax.isBlank(Array(blank.utf8)), blank.debugDescription) }
        for text in ["x", "{{! a comment }}", "\u{00A0}."] { XCTAssertFalse(TemplateSyntax.isBlank(Array(text.utf8)), text) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pbl-syntax-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("render"), withIntermediateDirectories: true)
        try Data("{{#a}}\n{{/b}}\n".utf8).write(to: folder.appendingPathComponent("render/teacher.txt.mustache"))
        try Data("\n".utf8).write(to: folder.appendingPathComponent("render/teacher.md.mustache"))
        let renderer = TemplateRenderer(roots: TemplateRoots(directories: [folder.path]))
        XCTAssertThrowsError(try renderer.compile("teacher.txt")) { error in
            XCTAssertEqual("\(error)", "\(folder.path)/render/teacher.txt.mustache:2:1: error: `{{/b}}` closes a section, but the open one is `{{#a}}` (line 1)\nhelp: close `{{#a}}` with `{{/a}}`; no section named `b` is open")
        }
        XCTAssertThrowsError(try renderer.compile("teacher.md")) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(folder.path)/render/teacher.md.mustache:1:1: error: the template is empty"), "\(error)")
        }
    }
}
