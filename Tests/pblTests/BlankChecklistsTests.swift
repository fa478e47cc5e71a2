import Foundation
import XCTest

/// A class without a roster gets checklists with a line for the name, and sign-off sheets with
/// rows to write names in; a roster gets spares with `--blank N`.
final class BlankChecklistsTests: XCTestCase {
    /// Two sections (p2 meets three days a week), a class event, a checkpoint, a choice, a
    /// reflection, the exhibition; no students.
    static let project = """
        pbl: 1
        id: blank-class
        title: Blank class
        driving_question: How do we plan without a roster?
        product: {title: A poster, audience: Families and friends}
        calendar:
          start: 2027-03-01
          exhibition: 2027-03-12
          sections:
            - id: p1
            - id: p2
              meets: [mon, wed, fri]
        cycles:
          - id: one
            title: One
            days: 3
            milestones:
              - {id: plan, title: Plan it, day: 1, kind: launch}
              - {id: check, title: Check it, day: 2, kind: checkpoint, evidence: A table}
              - {id: pick, title: Pick a form, day: 3, choices: [{id: a, title: Poster}, {id: b, title: Talk}]}
            reflection: [{prompt: What did you learn?}]
        """

    var directory: URL!
    var path: String!

    override func setUpWithError() throws {
        directory = try CLI.temporaryDirectory()
        path = try Peers.write(Self.project, "blank.yaml", in: directory)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func run(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let run = try CLI.run(["checklists", path] + arguments)
        XCTAssertEqual(run.status, 0, run.stderr, file: file, line: line)
        return run.stdout
    }

    func count(_ text: String, _ part: String) -> Int { text.components(separatedBy: part).count - 1 }

    func testAClassWithoutStudentsGetsABlankChecklistPerSection() throws {
        let html = try run([])
        XCTAssertEqual(count(html, "<section class=\"student paged\" aria-label=\"Blank checklist\">"), 2)
        XCTAssertEqual(count(html, "<h1>Name: <span class=\"write-in\"></span></h1>"), 2)
        XCTAssertTrue(html.contains("Section p1 · ") && html.contains("Section p2 · "))
        // Every item on its class date: p2 meets Monday, Wednesday and Friday.
        XCTAssertTrue(html.contains("<td class=\"due\">due Wed Mar 3</td>"), html)
        XCTAssertTrue(html.contains("Choose one of:<span class=\"box-mark\"></span>Poster<span class=\"box-mark\"></span>Talk"))
        let markdown = try run(["--format", "md"])
        XCTAssertEqual(count(markdown, "# Name: ________________________________\n\nSection: p"), 2, markdown)
        let text = try run(["--format", "text"])
        XCTAssertEqual(count(text, "Name: ________________________________________\nSection: p"), 2, text)
        XCTAssertTrue(text.contains("  [ ] in class Mon Mar 1  Plan it\n"))
        // Printed by a browser: a page each.
        let file = try Peers.write(html, "blank.html", in: directory)
        let chromium = try XCTUnwrap(SchemaAndExamplesTests.which("chromium"), "chromium is missing: run scripts/bootstrap")
        let printed = directory.appendingPathComponent("printed.pdf").path
        let print = try SchemaAndExamplesTests.run(chromium, ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                                                              "--print-to-pdf=\(printed)", "file://\(file)"])
        XCTAssertEqual(print.status, 0, print.output)
        XCTAssertEqual(try PDFTools.pageCount(URL(fileURLWithPath: printed)), 2)
        // pbl's own PDF: a page and a bookmark each, the name line and no name.
        let pdf = directory.appendingPathComponent("blank.pdf")
        _ = try run(["--format", "pdf", "-o", pdf.path])
        try PDFTools.assertValidWithEmbeddedFonts(pdf)
        XCTAssertEqual(try PDFTools.pageCount(pdf), 2)
        XCTAssertEqual(try PDFTools.outline(pdf), ["Blank checklist 1 (section p1)", "Blank checklist 1 (section p2)"])
        let pdfText = try PDFTools.text(pdf)
        XCTAssertTrue(pdfText.hasPrefix("Name: Section p1 · Project: Blank class"), pdfText)
        XCTAssertTrue(pdfText.contains("Exhibition: Fri Mar 12 (audience: Families and friends)"))
    }

    func testBlankTakesANumberFromZeroTo500() throws {
        XCTAssertEqual(count(try run(["--blank", "3"]), "aria-label=\"Blank checklist\""), 6)
        XCTAssertEqual(count(try run(["--blank", "3", "--section", "p2", "--format", "md"]), "# Name: "), 3)
        XCTAssertFalse(try run(["--blank", "0"]).contains("class=\"student"))
        let pdf = directory.appendingPathComponent("none.pdf")
        _ = try run(["--blank", "0", "--format", "pdf", "-o", pdf.path])
        XCTAssertTrue(try PDFTools.text(pdf).contains("No students in this selection."))
        let many = directory.appendingPathComponent("many.pdf")
        _ = try run(["--blank", "500", "--section", "p2", "--format", "pdf", "-o", many.path])
        XCTAssertEqual(try PDFTools.pageCount(many), 500)
        for wrong in [["--blank", "501"], ["--blank=-1"], ["--blank", "99999999999999999999999"], ["--blank", "two"]] {
            let refused = try CLI.run(["checklists", path] + wrong)
            XCTAssertEqual(refused.status, 2, "\(wrong): \(refused.stderr)")
            XCTAssertEqual(refused.stdout, "")
            XCTAssertTrue(refused.stderr.contains("--blank"), refused.stderr)
        }
        XCTAssertTrue(try CLI.run(["checklists", path, "--blank", "501"]).stderr.contains("from 0 to 500"))
    }

    func testAFolderGetsAFilePerBlankChecklist() throws {
        let folder = directory.appendingPathComponent("out").path + "/"
        _ = try run(["--blank", "2", "--format", "md", "-o", folder])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder).sorted(),
                       ["p1-blank-1.md", "p1-blank-2.md", "p2-blank-1.md", "p2-blank-2.md"])
        let pdfs = directory.appendingPathComponent("pdfs").path + "/"
        _ = try run(["--format", "pdf", "-o", pdfs])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: pdfs).sorted(), ["p1-blank-1.pdf", "p2-blank-1.pdf"])
    }

    /// A roster's class with spares: the students, then the blank ones.
    func testARosterGetsSpares() throws {
        let example = "examples/mill-creek/mill-creek.yaml"
        let html = try CLI.run(["checklists", example, "--blank", "2"]).stdout
        XCTAssertEqual(count(html, "<section class=\"student paged\""), 6)
        XCTAssertEqual(count(html, "aria-label=\"Blank checklist\""), 2)
        let last = try XCTUnwrap(html.range(of: "Checklist for Dana Kowalski"))
        XCTAssertNil(html[..<last.lowerBound].range(of: "Blank checklist"), "spares come after the students")
        XCTAssertEqual(count(try CLI.run(["checklists", example]).stdout, "Blank checklist"), 0, "no spares unless asked")
        let folder = directory.appendingPathComponent("class").path + "/"
        XCTAssertEqual(try CLI.run(["checklists", example, "--blank", "1", "--format", "text", "-o", folder]).status, 0)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder).sorted(),
                       ["blank-1.txt", "s01-ana-lopez.txt", "s02-ben-okafor.txt", "s03-chen-wei.txt", "s04-dana-kowalski.txt"])
        let sheets = try Peers.htmlTables(try Peers.write(try CLI.run(["checklists", example, "--teacher", "--blank", "3"]).stdout, "t.html", in: directory))
        // Students by group (Herons before Otters), then the blank rows.
        XCTAssertEqual(sheets.first?.dropFirst().map { $0[0] }, ["Chen Wei", "Dana Kowalski", "Ana López", "Ben Okafor", "", "", ""])
    }

    /// Sign-off sheets without students: rows to write names in, every checkpoint open.
    func testSignOffSheetsWithoutStudentsHaveBlankRows() throws {
        let tables = try Peers.htmlTables(try Peers.write(try run(["--teacher"]), "t.html", in: directory))
        XCTAssertEqual(tables.count, 2, "a sheet per section")
        for table in tables {
            XCTAssertEqual(table.count, 1 + 15)
            XCTAssertEqual(Array(table.dropFirst()), Array(repeating: ["", "", "", ""], count: 15))
        }
        let html = try run(["--teacher"])
        XCTAssertEqual(count(html, "<tr class=\"blank\"><th scope=\"row\"><bdi></bdi></th><td><bdi></bdi></td><td class=\"sign\"></td>"), 30)
        XCTAssertEqual(count(try run(["--teacher", "--blank", "4", "--format", "md"]), "|  |  | [ ] |  |\n"), 8)
        XCTAssertEqual(count(try run(["--teacher", "--blank", "2", "--format", "text"]), "  ______________________________  [ ]   choice: __________\n"), 4)
        let pdf = directory.appendingPathComponent("sheets.pdf")
        _ = try run(["--teacher", "--format", "pdf", "-o", pdf.path])
        try PDFTools.assertValidWithEmbeddedFonts(pdf)
        XCTAssertEqual(try PDFTools.pageCount(pdf), 2, "15 rows fit a sheet's page")
        XCTAssertEqual(try PDFTools.outline(pdf), ["Cycle 1: One (section p1)", "Cycle 1: One (section p2)"])
    }

    /// `pbl render` without students: blank checklists and sheets, a calendar per section.
    func testRenderWithoutStudents() throws {
        let out = directory.appendingPathComponent("site").path
        let run = try CLI.run(["render", path, "-o", out])
        XCTAssertEqual(run.status, 0, run.stderr)
        let files = try FileManager.default.subpathsOfDirectory(atPath: out).sorted().filter { !$0.hasPrefix(".pbl-render") }
        XCTAssertEqual(files, ["checklists", "checklists.html", "checklists.pdf", "index.html", "schedule-p1.ics", "schedule-p2.ics",
                               "schedule.csv", "schedule.html", "schedule.md", "teacher.html", "teacher.pdf"])
        XCTAssertEqual(count(try String(contentsOfFile: out + "/checklists.html", encoding: .utf8), "aria-label=\"Blank checklist\""), 2)
        XCTAssertEqual(try PDFTools.pageCount(URL(fileURLWithPath: out + "/checklists.pdf")), 2)
        let index = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        XCTAssertTrue(index.contains("No students in the roster yet"), index)
        XCTAssertTrue(index.contains("<a href=\"schedule-p1.ics\">A calendar to import for section p1</a>"), index)
        XCTAssertTrue(index.contains("<a href=\"schedule-p2.ics\">A calendar to import for section p2</a>"), index)
    }
}
