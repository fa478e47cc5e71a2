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
