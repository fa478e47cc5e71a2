import Foundation
@testable import Planner
@testable import PlannerCheck
@testable import PlannerDates
@testable import PlannerLoad
@testable import PlannerModel
@testable import PlannerResources
@testable import PlannerSchedule
@testable import Render
import XCTest

/// `renderChecklists` renders a template piece by piece, each distinct piece once; its output
/// must be what swift-mustache renders for the whole template, whatever the template.
final class MemoizedChecklistsTests: XCTestCase {
    let plan = ClassSample.plan()

    /// `pieced`: whether it must be rendered from pieces (nil: either way).
    func assertSame(_ name: String, _ text: String?, pieced: Bool? = true, file: StaticString = #filePath, line: UInt = #line) throws {
        let renderer = try ClassSample.renderer(name, text: text)
        if let pieced { XCTAssertEqual(ClassSample.isPieced(renderer, name, plan), pieced, "rendered from pieces", file: file, line: line) }
        let (whole, fast) = ClassSample.both(renderer, name, plan)
        XCTAssertFalse(whole.hasPrefix("error"), whole, file: file, line: line)
        XCTAssertEqual(fast, whole, file: file, line: line)
    }

    func testBuiltInTemplatesArePiecedAndMatchTheWholeRendering() throws {
        for name in ["checklist.html", "checklist.md", "checklist.txt"] { try assertSame(name, nil) }
    }

    func testEachDistinctPieceIsRenderedOnce() throws {
        let renderer = try ClassSample.renderer("checklist.html", text: nil)
        let students = ClassSample.students(plan)
        let pieces = try XCTUnwrap(ClassSample.pieces(renderer, "checklist.html", plan))
        let sources = ChecklistSources(students, wording: ItemWording(plan, look: .standard))
        let cycles = Set(sources.uses.flatMap { use in sources.cycleUses[use.cycles].map { [use.section, $0.cycle] } })
        // Names differ, shapes do not: a student's own texts are markers.
        XCTAssertLessThan(pieces.shapeCount, students.count)
        // The whole template, each shape, each cycle and each item or reflection, once.
        XCTAssertEqual(pieces.renderedCount, 1 + pieces.shapeCount + cycles.count + sources.leaves.count)
    }

    func testAPieceMayUseNamesOfTheStudentCycleAndDocument() throws {
        try assertSame("checklist.html", """
            <h1>{{title}} ({{paper}})</h1>
            {{#students}}
            <h2>{{name}}</h2>
            {{#cycles}}
            <h3>{{number}}. {{title}} for {{name}} in {{group}}{{#extra_days}} (+{{.}}){{/extra_days}}</h3>
            {{#items}}
            <li>{{number}}.{{id}} {{title}} due {{due}} for {{{name}}} / {{&group}} of {{project_title}}, {{page_size}}{{#goals}} [{{.}}]{{/goals}}</li>
            {{/items}}
            {{#reflections}}
            <p>{{prompt}} ({{date}}) {{name}}: {{#lines}}_{{/lines}}{{^lines}}none{{/lines}}</p>
            {{/reflections}}
            {{/cycles}}
            <footer>{{id}} {{section}}</footer>
            {{/students}}
            <p>{{project_id}}</p>
            """)
    }

    func testStudentsTextsComeOutEscapedOrRawAsTheTagSays() throws {
        for (name, escape) in [("checklist.html", "html"), ("checklist.md", "md"), ("checklist.txt", "txt")] {
            try assertSame(name, """
                {{#students}}
                {{name}}|{{{name}}}|{{&name}}|{{#name}}<{{.}}>{{/name}}{{^name}}no name{{/name}}|{{#group}}{{.}}{{/group}}|{{id}} \(escape)
                {{#has_goals}}{{#goals}}- {{.}} / {{{.}}}
                {{/goals}}{{/has_goals}}
                {{#extra_days}}{{extra_days}} more, {{{extra_days}}}{{/extra_days}}{{^extra_days}}on time{{/extra_days}}
                {{/students}}
                """)
        }
    }

    func testTransformsOfStudentsTextsAreRenderedWhole() throws {
        let text = """
            {{#students}}
            {{uppercased(name)}} {{#reversed(goals)}}{{.}},{{/reversed(goals)}} {{count(cycles)}}
            {{#cycles}}
            {{lowercased(title)}}: {{count(items)}} items
            {{#items}}
            {{title}} {{#empty(deliverable)}}none{{/empty(deliverable)}}
            {{/items}}
            {{/cycles}}
            {{/students}}
            """
        try assertSame("checklist.txt", text, pieced: false)
        // Transforms of the items' own values keep the pieces.
        try assertSame("checklist.txt", "{{#students}}\n{{#cycles}}\n{{#items}}\n{{uppercased(title)}}\n{{/items}}\n{{/cycles}}\n{{/students}}\n")
    }

    func testGoalsPrintedAsAWholeListAreRenderedWhole() throws {
        try assertSame("checklist.html", "{{#students}}\n{{name}}: {{goals}} {{{goals}}}\n{{/students}}\n", pieced: false)
    }

    func testTheRepeatedListsMayAlsoBeUsedInOtherWays() throws {
        try assertSame("checklist.md", """
            {{^students}}No students.{{/students}}
            {{#students}}
            # {{name}} (of {{#students}}{{name}}; {{/students}})
            {{^cycles}}No cycles.{{/cycles}}
            {{#cycles}}
            ## {{title}}: {{#items}}{{title}}, {{/items}}{{^reflections}}no reflection{{/reflections}}
            {{#items}}
            - {{title}}{{#choose}} [ ] {{title}}{{/choose}}
            {{/items}}
            {{/cycles}}
            {{/students}}
            """, pieced: nil)
    }

    func testTemplatesThatCannotBeCutAreRenderedWhole() throws {
        let templates = [
            // The loop position, which a piece alone does not have.
            "{{#students}}\n{{#first()}}First: {{/first()}}{{name}} {{index()}}\n{{/students}}\n",
            "{{#students}}\n{{#cycles}}\n{{^last()}}{{title}}, {{/last()}}\n{{/cycles}}\n{{/students}}\n",
            // Set delimiters.
            "{{=<% %>=}}\n<%#students%>\n<%name%>\n<%/students%>\n",
            // Its own content type; the section's body not ending its line; a reserved name.
            "{{% CONTENT_TYPE: TEXT}}\n{{#students}}\n{{name}} & {{group}}\n{{/students}}\n",
            "<body>{{#students}}<p>{{name}}</p>{{/students}}</body>\n",
            "{{#students}}\n{{name}} {{_pbl_student}}\n{{/students}}\n",
            // The list looked up otherwise than as a section, or from a deeper record.
            "{{^students}}none{{/students}}\n{{#students}}\n{{name}}\n{{/students}}\n",
            "{{#students}}\n{{#cycles}}\n{{#items}}\n{{#cycles}}\n{{title}}\n{{/cycles}}\n{{/items}}\n{{/cycles}}\n{{/students}}\n",
            "{{#students}}\n{{#no_school}}\n{{#cycles}}\n{{reason}}\n{{/cycles}}\n{{/no_school}}\n{{/students}}\n",
        ]
        for text in templates { try assertSame("checklist.html", text, pieced: false) }
        // Partials and inheritance render nothing without a library, whole or in pieces; the
        // list twice is two lists.
        for text in ["{{#students}}\n{{> header}}{{name}}\n{{/students}}\n",
                     "{{<parent}}{{$block}}x{{/block}}{{/parent}}\n{{#students}}\n{{name}}\n{{/students}}\n",
                     "{{#students}}\n{{name}}\n{{/students}}\n{{#students}}\n{{id}}\n{{/students}}\n"] {
            try assertSame("checklist.html", text)
        }
    }

    func testLinesAreCutAsSwiftMustacheReadsThem() throws {
        let templates = [
            "{{#students}}\r\n{{name}}\r\n{{#cycles}}\r\n  {{title}}\r\n{{#items}}\r\n    {{title}}\r\n{{/items}}\r\n{{/cycles}}\r\n{{/students}}\r\n",
            "  {{#students}}  \n\t{{#cycles}}\t\n{{title}}\n  {{/cycles}}\n {{/students}} ",
            "{{#students}}\n{{#group}}\n{{.}}\n{{/group}}{{#cycles}}\n{{title}}\n{{/cycles}}\n{{/students}}",
            "{{#students}}\n{{#cycles}}\n{{title}}\n{{#items}}{{title}}\n{{/items}}\n{{/cycles}}\n{{/students}}\n",
            "{{#students}}\n{{! a comment }}\n{{#cycles}}{{! here }}\n{{title}}\r{{/cycles}}\n{{/students}}\nend",
            "{{#students}}\n{{name}}\n{{/students}}",
            "\n\n{{#students}}\n\n{{#cycles}}\n\n{{/cycles}}\n\n{{/students}}\n\n",
            // swift-mustache takes `{{#cycles}}` as standalone after a closing tag that is not.
            "{{#students}}\n{{#group}}\n{{.}}\n  {{/group}}{{#cycles}}\n{{title}}\n{{/cycles}}\n{{/students}}\n",
        ]
        for text in templates {
            for name in ["checklist.html", "checklist.txt"] { try assertSame(name, text, pieced: nil) }
        }
    }

    func testMarkerCharactersInTheTextsTurnMarkersOff() throws {
        let plan = ClassSample.plan(names: ["Ana \u{E000}\u{E801}", "Ben", "Chen \u{EFFF}", "Dana"])
        for text in [nil, "{{#students}}\n\u{E000} {{name}} \u{E001}\n{{/students}}\n"] {
            let renderer = try ClassSample.renderer("checklist.html", text: text)
            let (whole, fast) = ClassSample.both(renderer, "checklist.html", plan)
            XCTAssertEqual(fast, whole)
        }
    }

    func testNoStudentsOneStudentAndAChoiceOfThem() throws {
        let renderer = try ClassSample.renderer("checklist.html", text: nil)
        let everyone = ClassSample.students(plan)
        for students in [[], [everyone[3]], [everyone[5], everyone[0], everyone[5]]] {
            let (whole, fast) = ClassSample.both(renderer, "checklist.html", plan, students: students)
            XCTAssertEqual(fast, whole)
        }
    }

    func testErrorsAreTheWholeTemplates() throws {
        for text in ["{{#students}}\n{{name}\n{{/students}}\n", "{{#students}}\n{{#cycles}}\n{{% NOT: THIS}}\n{{/cycles}}\n{{/students}}\n",
                     "{{#students}}\n{{#cycles}}\n{{/items}}\n{{/students}}\n"] {
            let (whole, fast) = ClassSample.both(try ClassSample.renderer("checklist.html", text: text), "checklist.html", plan)
            XCTAssertTrue(whole.hasPrefix("error: "), whole)
            XCTAssertEqual(fast, whole)
        }
    }

    func testWritingToAFileGivesTheSameBytes() throws {
        let renderer = try ClassSample.renderer("checklist.md", text: nil)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pbl-stream-\(UUID().uuidString).md")
        defer { try? FileManager.default.removeItem(at: url) }
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        XCTAssertGreaterThanOrEqual(descriptor, 0)
        var sink = FileDescriptorSink(descriptor: descriptor)
        try renderer.renderChecklists("checklist.md", plan: plan, students: ClassSample.students(plan), look: PrintLook(paper: .a4), to: &sink)
        close(descriptor)
        let expected = try ChecklistContext.renderAll(renderer, template: "checklist.md", plan, students: ClassSample.students(plan), look: PrintLook(paper: .a4))
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), expected)
        XCTAssertEqual(ClassSample.both(renderer, "checklist.md", plan).whole, expected)
    }

    /// The texts a content type's escaping leaves alone are found by a scan of their bytes:
    /// no text the scan passes may change when escaped.
    func testTheEscapingScanKnowsEveryCharacterEscapingChanges() {
        let kinds: [(String, (String) -> String, [Bool])] = [
            ("HTML", Escape.html, TemplateRenderer.htmlSpecials), ("MARKDOWN", Escape.markdown, TemplateRenderer.markdownSpecials),
            ("PLAINTEXT", Escape.terminal, TemplateRenderer.terminalSpecials),
        ]
        for (name, escape, specials) in kinds {
            for value in UInt32(0)...0x3000 {
                guard let scalar = Unicode.Scalar(value) else { continue }
                let text = "a\(scalar)b"
                if !TemplateRenderer.needsEscaping(text, specials) { XCTAssertEqual(escape(text), text, "\(name) U+\(String(value, radix: 16))") }
            }
            XCTAssertEqual(TemplateRenderer.escape(name)("<Zoë & \"O'Brien\"> *x*\u{1B}"), escape("<Zoë & \"O'Brien\"> *x*\u{1B}"))
        }
    }
}

/// Blank checklists and the new names (`blank`, `when`, `in_class`, the exhibition) through
/// the piece-by-piece rendering: the same output as the whole template.
final class BlankMemoizedChecklistsTests: XCTestCase {
    func testBlankChecklistsAndDateWordsMatchTheWholeRendering() throws {
        let plan = ClassSample.plan()
        let students = ClassSample.students(plan)
            + plan.sections.flatMap { section in (2...4).map { (student: section.blankStudent(number: $0), section: section) } }
        let department = """
            {{exhibition}} {{exhibition_date}}{{#audience}} for {{audience}}{{/audience}}
            {{#students}}
            {{#blank}}Name: ____ ({{section}}){{/blank}}{{^blank}}{{name}}{{/blank}} {{exhibition_date}}
            {{#no_school}}no school {{start}}{{#end}} to {{end}}{{/end}} ({{start_iso}}){{#reason}}: {{reason}}{{/reason}}; {{/no_school}}
            {{#cycles}}
            {{#items}}
            {{#in_class}}[class]{{/in_class}} {{when}} ({{due}}) {{title}} {{#blank}}blank{{/blank}}
            {{/items}}
            {{#reflections}}
            {{when}}: {{prompt}}
            {{/reflections}}
            {{/cycles}}
            {{/students}}
            """
        for (name, text) in [("checklist.html", nil), ("checklist.md", nil), ("checklist.txt", nil), ("checklist.txt", department)] {
            let renderer = try ClassSample.renderer(name, text: text)
            XCTAssertTrue(ClassSample.isPieced(renderer, name, plan, students: students), "\(name) is pieced")
            let (whole, fast) = ClassSample.both(renderer, name, plan, students: students)
            XCTAssertFalse(whole.hasPrefix("error"), whole)
            XCTAssertEqual(fast, whole, name)
            XCTAssertEqual(fast.components(separatedBy: "Name: ").count - 1, 8, "\(name): four blank checklists a section")
            if text != nil {
                XCTAssertTrue(fast.hasPrefix("2027-04-30 Fri Apr 30 for Town council\n"), fast)
                XCTAssertTrue(fast.contains("[class] in class Mon Mar 1 (Mon Mar 1) Need-to-know list blank\n"), fast)
                XCTAssertTrue(fast.contains("Name: ____ (p2) Fri Apr 30\nno school Mon Mar 15 to Fri Mar 19 (2027-03-15): Spring break; no school Fri Mar 26 (2027-03-26); \n"), fast)
            }
        }
    }

    /// A reason with a character of the markers' range is printed as itself, not taken for a
    /// student's text.
    func testAReasonWithMarkerCharactersTurnsMarkersOff() throws {
        var plan = ClassSample.plan()
        plan.sections[1].noSchool[0].reason = "Break \u{E000}\u{E801}"
        let template = "{{#students}}\n{{name}}: {{#no_school}}{{reason}} {{/no_school}}\n{{/students}}\n"
        let renderer = try ClassSample.renderer("checklist.html", text: template)
        let (whole, fast) = ClassSample.both(renderer, "checklist.html", plan)
        XCTAssertEqual(fast, whole)
        XCTAssertTrue(fast.contains("Break \u{E000}\u{E801}"))
    }
}
