import Foundation
import XCTest

/// The department example's look (`templates/render/look.yaml`) on every printout `pbl
/// render` writes: PDF and HTML alike, checked with poppler, Chromium and golden images of
/// the first pages (50 dpi, looked at once: `PBL_UPDATE_GOLDENS=1` rewrites them).
final class DepartmentLookTests: XCTestCase {
    private var folder: URL!
    private var department: URL!
    private var output: URL!
    static let goldens = CLI.packageRoot.appendingPathComponent("Tests/pblTests/Goldens/department")
    var updating: Bool { ProcessInfo.processInfo.environment["PBL_UPDATE_GOLDENS"] == "1" }

    override func setUpWithError() throws {
        folder = try CLI.temporaryDirectory()
        department = folder.appendingPathComponent("department")
        output = folder.appendingPathComponent("out")
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("examples/department"), to: department)
        try FileManager.default.createDirectory(at: department.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try Data("""
            id,name,family_name
            s01,Ana López,López
            s02,Ben Okafor,Okafor
            s03,Zoe Adams,Adams

            """.utf8).write(to: department.appendingPathComponent("grade7/rivera/roster.csv"))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func render(_ extra: [String] = []) throws -> PBLRun {
        try CLI.run(["render", "grade7/rivera/creek-study.yaml", "-o", output.path] + extra,
                    environment: ChecklistsPDFTests.epoch, in: department)
    }

    private var look: URL { department.appendingPathComponent("templates/render/look.yaml") }

    func testTheLookIsOnThePDFAndTheHTMLAndRenderSaysWhatThePDFFollows() throws {
        let run = try render()
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("""
            pbl: note: the PDFs do not follow templates/render/checklist.md.mustache (a template changes its own format; pbl lays \
            the PDF out itself); they follow templates/render/look.yaml: school, department, header, footer, logo, signature, \
            paper letter, font_size 12, reflection_lines 5, short_statements true
            """), run.stderr)
        let everyone = output.appendingPathComponent("checklists.pdf")
        let text = try PDFTools.text(everyone)
        for words in ["Riverside Middle School", "Science department", "Bring this sheet to every lab session.",
                      "Questions? Room 114, or science@riverside.example.org", "Family signature",
                      "I can plan a fair test: change one thing and keep the rest the same."] {
            XCTAssertTrue(text.contains(words), "`\(words)` is not on the PDF checklists")
        }
        let sheets = try PDFTools.text(output.appendingPathComponent("teacher.pdf"))
        for words in ["Riverside Middle School", "Family signature"] {
            XCTAssertTrue(sheets.contains(words), "`\(words)` is not on the PDF sign-off sheets")
        }
        // By family name: Adams, López, Okafor (by first name it would be Ana, Ben, Zoe).
        let names = ["Zoe Adams", "Ana López", "Ben Okafor"].map { sheets.range(of: $0)?.lowerBound }
        XCTAssertTrue(names.allSatisfy { $0 != nil } && names[0]! < names[1]! && names[1]! < names[2]!, sheets)
    }

    /// The built-in HTML and text templates with the department's look, and its Markdown
    /// template with the look's names: letterhead, footer, signature, size, lines, statements.
    func testTheLookIsOnTheHTMLMarkdownAndText() throws {
        XCTAssertEqual(try render().status, 0)
        let html = try String(contentsOf: output.appendingPathComponent("checklists/s01-ana-lopez.html"), encoding: .utf8)
        for part in ["<p class=\"organization\">Riverside Middle School · Science department</p>",
                     "<p class=\"header-line\">Bring this sheet to every lab session.</p>",
                     "<span class=\"logo\" role=\"img\" aria-label=\"Riverside Middle School heron crest\"></span>",
                     ".logo { display: block; flex: none; content: url(\"data:image/png;base64,iVBORw0KGgo",
                     "<meta name=\"pbl-footer\" content=\"Questions? Room 114, or science@riverside.example.org\">",
                     "<p class=\"signature\">Family signature: <span class=\"sign-line\"></span>Date: <span class=\"date-line\"></span></p>",
                     "body { font: 12pt/1.3 system-ui",
                     "<div class=\"detail standard\">I can plan a fair test: change one thing and keep the rest the same. <span class=\"code\">(RSD-SCI-1)</span></div>"] {
            XCTAssertTrue(html.contains(part), "`\(part)` is not in the HTML checklist")
        }
        // The logo's bytes once in the file, however many students: checklists.html has three.
        let everyone = try String(contentsOf: output.appendingPathComponent("checklists.html"), encoding: .utf8)
        XCTAssertEqual(everyone.components(separatedBy: "data:image/png").count - 1, 1)
        XCTAssertEqual(everyone.components(separatedBy: "<span class=\"logo\"").count - 1, 3)
        let reflections = html.components(separatedBy: "<div class=\"reflection\">").dropFirst()
        XCTAssertFalse(reflections.isEmpty)
        for reflection in reflections {
            XCTAssertEqual(reflection.components(separatedBy: "<div class=\"line\"></div>").count - 1, 5, "reflection_lines: 5")
        }
        let sheets = try String(contentsOf: output.appendingPathComponent("teacher.html"), encoding: .utf8)
        XCTAssertTrue(sheets.contains("<th scope=\"col\">Family signature</th>"), "a signature column on the sheets")
        XCTAssertTrue(sheets.contains("<p class=\"organization\">Riverside Middle School · Science department</p>"))
        let markdown = try String(contentsOf: output.appendingPathComponent("checklists/s01-ana-lopez.md"), encoding: .utf8)
        XCTAssertTrue(markdown.contains("Riverside Middle School · Science department: Bring this sheet to every lab session.\n"), markdown)
        XCTAssertTrue(markdown.contains("Family signature: ______________________________  Date: ____________\n"), markdown)
        XCTAssertTrue(markdown.contains("*Questions? Room 114, or science@riverside.example.org*\n"), markdown)
        // Text, from the built-in template.
        let text = try CLI.run(["checklists", "grade7/rivera/creek-study.yaml", "--format", "text", "--student", "s01"], in: department)
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.hasPrefix("Riverside Middle School · Science department\nBring this sheet to every lab session.\n\nAna López\n"), text.stdout)
        XCTAssertTrue(text.stdout.contains("        I can plan a fair test: change one thing and keep the rest the same. (RSD-SCI-1)\n"), text.stdout)
        XCTAssertTrue(text.stdout.contains("\nFamily signature: ______________________________  Date: ____________\n"), text.stdout)
        XCTAssertTrue(text.stdout.contains("creek-study  ·  Questions? Room 114, or science@riverside.example.org\n"), text.stdout)
        let ruled = text.stdout.components(separatedBy: "\n").filter { $0 == "  " + String(repeating: "_", count: 70) }
        let prompts = text.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("  Reflect (") }
        XCTAssertEqual(prompts.count, 3)
        XCTAssertEqual(ruled.count, 5 * prompts.count, "five lines under each reflection")
        // short_statements: false gives codes only.
        try Data((try String(contentsOf: look, encoding: .utf8)).replacingOccurrences(of: "short_statements: true", with: "short_statements: false").utf8).write(to: look)
        let codes = try CLI.run(["checklists", "grade7/rivera/creek-study.yaml", "--format", "text", "--student", "s01"], in: department)
        XCTAssertFalse(codes.stdout.contains("I can plan a fair test"), codes.stdout)
        XCTAssertTrue(codes.stdout.contains("Standards: MS-ESS3-3, RSD-SCI-1, RSD-SCI-2"), codes.stdout)
    }

    /// Text height on the student's PDF: the smallest font of the body text is at least 10.5 pt.
    func testStudentPDFTextIsAtLeastTenAndAHalfPoints() throws {
        XCTAssertEqual(try render().status, 0)
        let layout = try PDFTools.run("pdftotext", ["-bbox", "-f", "1", "-l", "1", output.appendingPathComponent("checklists/s01-ana-lopez.pdf").path, "-"]).output
        let heights = try NSRegularExpression(pattern: #"yMin="([0-9.]+)" xMax="[0-9.]+" yMax="([0-9.]+)">([^<]+)<"#)
            .matches(in: layout, range: NSRange(layout.startIndex..., in: layout)).compactMap { match -> (Double, String)? in
                let part = { (index: Int) in String(layout[Range(match.range(at: index), in: layout)!]) }
                guard let top = Double(part(1)), let bottom = Double(part(2)) else { return nil }
                return (bottom - top, part(3))
            }
        let height = { (word: String) in heights.first { $0.1 == word }?.0 ?? 0 }
        // A word's box is the font's ascent plus descent: about 1.36 em for Noto Sans.
        XCTAssertGreaterThanOrEqual(height("fair") / 1.362, 11.0, "the statement (small text) at the department's 12 pt")
        XCTAssertGreaterThanOrEqual(height("Bring") / 1.362, 10.5)
    }

    func testPaperOnTheCommandLineOverridesTheLook() throws {
        XCTAssertEqual(try render(["--paper", "a4"]).status, 0)
        XCTAssertTrue(try PDFTools.info(output.appendingPathComponent("checklists.pdf")).contains("(A4)"))
        try FileManager.default.removeItem(at: output)
        XCTAssertEqual(try render().status, 0)
        XCTAssertTrue(try PDFTools.info(output.appendingPathComponent("checklists.pdf")).contains("(letter)"))
    }

    func testALookWithAMistakeStopsTheRenderBeforeAnythingIsWritten() throws {
        try Data("school: Riverside\nfont_size: 8\n".utf8).write(to: look)
        let run = try render()
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertTrue(run.stderr.contains("templates/render/look.yaml:2:12: error: `font_size` must be from 10.5 to 16 pt, found 8"), run.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.path), "nothing is written")
    }

    /// A copy of pbl's own template, unchanged, is no override: the note names only the
    /// department's Markdown template, until the copy is edited.
    func testAnUnchangedCopyOfABuiltInTemplateIsNoOverride() throws {
        let copy = department.appendingPathComponent("templates/render/checklist.html.mustache")
        XCTAssertEqual(try CLI.run(["templates", "show", "render/checklist.html", "-o", copy.path], in: department).status, 0)
        XCTAssertTrue(try render().stderr.contains("pbl: note: the PDFs do not follow templates/render/checklist.md.mustache (a template"))
        try Data((try String(contentsOf: copy, encoding: .utf8) + "<!-- ours -->\n").utf8).write(to: copy)
        try FileManager.default.removeItem(at: output)
        let edited = try render()
        XCTAssertTrue(edited.stderr.contains("pbl: note: the PDFs do not follow templates/render/checklist.html.mustache and templates/render/checklist.md.mustache (a template"), edited.stderr)
    }

    func testWithoutALookRenderSaysThePDFUsesPBLsOwn() throws {
        try FileManager.default.removeItem(at: look)
        let run = try render()
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("they use pbl's own look (paper letter, font_size 11, reflection_lines 4, short_statements true)"), run.stderr)
        XCTAssertFalse(try PDFTools.text(output.appendingPathComponent("checklists.pdf")).contains("Riverside Middle School"))
    }

    /// The first page of a student's PDF checklist, the PDF sign-off sheet and the HTML
    /// checklist printed by Chromium, against golden images.
    func testFirstPagesMatchTheGoldenImages() throws {
        XCTAssertEqual(try render().status, 0)
        let html = try Browser.printToPDF(output.appendingPathComponent("checklists/s01-ana-lopez.html"))
        let pages: [(String, URL)] = [
            ("checklist-pdf", output.appendingPathComponent("checklists/s01-ana-lopez.pdf")),
            ("teacher-pdf", output.appendingPathComponent("teacher.pdf")),
            ("checklist-html", html),
        ]
        for (name, pdf) in pages {
            let image = folder.appendingPathComponent(name)
            let drawn = try PDFTools.run("pdftoppm", ["-r", "50", "-gray", "-png", "-f", "1", "-l", "1", "-singlefile", pdf.path, image.path])
            XCTAssertEqual(drawn.status, 0, drawn.output)
            let golden = Self.goldens.appendingPathComponent("\(name).png")
            if updating {
                try FileManager.default.createDirectory(at: Self.goldens, withIntermediateDirectories: true)
                try? FileManager.default.removeItem(at: golden)
                try FileManager.default.copyItem(at: image.appendingPathExtension("png"), to: golden)
            }
            let compared = try PDFTools.comparePNG(image.appendingPathExtension("png"), golden)
            XCTAssertEqual(compared.size, compared.goldenSize, "\(name): the page changed size")
            XCTAssertLessThan(compared.differing, compared.total / 200, "\(name): \(compared.differing) of \(compared.total) pixels differ from \(golden.path)")
        }
    }
}
