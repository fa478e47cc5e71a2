import Foundation
import XCTest

/// The HTML checklists and sign-off sheets as a teacher prints them from a browser: Chromium
/// prints the file to PDF (as Ctrl+P does: the page's script runs first), poppler reads back
/// each page's text. Every page must carry whose it is and "page k of n" counted per student
/// (per sheet), and no page may end in a heading. With scripts blocked, the name (the title)
/// must still be on every page.
final class BrowserPrintTests: XCTestCase {
    static let papers = [("letter", "(letter)"), ("a4", "(A4)")]

    /// One student with a one-page checklist, then 14 whose checklists run to two pages, each a
    /// row longer than the one before (a warm-up item more), so that the end of their first
    /// page falls at every point of a cycle: after a cycle's heading, after its goal, in its
    /// table, in a reflection. Four cycles of six items (the first student has one of them).
    static let longStudents = 14

    static func writeTwoPageProject(in directory: URL) throws -> String {
        let long = (0..<longStudents).map { "g\($0)" }
        var yaml = "pbl: 1\nid: two-pages\ntitle: Two pages\ncalendar: {start: 2027-03-01}\npolicy: {max_cycle_days: 30}\ncycles:\n"
        for cycle in 1...4 {
            yaml += "  - id: c\(cycle)\n    title: Part \(cycle)\n    days: \(cycle == 1 ? 6 + longStudents : 6)\n"
            yaml += "    goal: Goal of part \(cycle).\n    milestones:\n"
            var day = 1
            if cycle == 1 {
                for warmUp in 1..<longStudents {
                    yaml += "      - {id: warm\(warmUp), title: Warm-up \(warmUp), day: \(day), only: {groups: [\(long[warmUp...].joined(separator: ", "))]}}\n"
                    day += 1
                }
            }
            for task in 0..<6 {
                yaml += "      - {id: c\(cycle)t\(task), title: Task \(cycle).\(task), day: \(day)\(task == 0 ? "" : ", only: {groups: [\(long.joined(separator: ", "))]}")}\n"
                day += 1
            }
            yaml += "    reflection:\n      - prompt: What went well in part \(cycle)?\n"
        }
        yaml += "groups:\n" + long.enumerated().map { "  - {id: \($0.element), title: Long \($0.offset)}\n" }.joined() + "  - {id: short, title: Short}\n"
        yaml += "students:\n  - {id: s00, name: Sam One-Page, group: short}\n"
        for index in 0..<longStudents { yaml += "  - {id: s\(index + 1), name: Student \(index + 1) Two-Pages, group: g\(index)}\n" }
        let path = directory.appendingPathComponent("two-pages.yaml").path
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Each student's name, pages and the item titles only their pages may hold.
    static var twoPageStudents: [(name: String, pages: Int, titles: [String])] {
        let tasks = (1...4).flatMap { cycle in (0..<6).map { "Task \(cycle).\($0)" } }
        return [("Sam One-Page", 1, (1...4).map { "Task \($0).0" })] + (0..<longStudents).map { index in
            ("Student \(index + 1) Two-Pages", 2, (0..<index).map { "Warm-up \($0 + 1)" } + tasks)
        }
    }

    func testChecklistsPrintTheNameAndPageKOfNOnEveryPageAndNoHeadingEndsAPage() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let project = try Self.writeTwoPageProject(in: directory)
        let students = Self.twoPageStudents
        for (paper, size) in Self.papers {
            let html = directory.appendingPathComponent("\(paper).html")
            let run = try CLI.run(["checklists", project, "--paper", paper, "-o", html.path])
            XCTAssertEqual(run.status, 0, run.stderr)
            for scripts in [true, false] {
                let pdf = try Browser.printToPDF(html, scripts: scripts)
                XCTAssertTrue(try PDFTools.info(pdf).contains(size), "\(paper): not printed on \(size)")
                let pages = try Browser.pages(pdf)
                let what = "\(paper), scripts \(scripts ? "on" : "off")"
                XCTAssertEqual(pages.count, students.reduce(0) { $0 + $1.pages }, "\(what): \(pages.map(\.head))")
                var index = 0
                for student in students {
                    let own = pages.dropFirst(index).prefix(student.pages)
                    index += student.pages
                    for (number, page) in own.enumerated() {
                        XCTAssertEqual(page.head, student.name, "\(what), page \(page.number): whose page")
                        XCTAssertEqual(page.foot, scripts ? "two-pages page \(number + 1) of \(student.pages)" : "two-pages",
                                       "\(what), page \(page.number) (\(student.name))")
                    }
                    // Their items, each once, and no one else's.
                    let lines = own.flatMap(\.body).filter { $0.contains("Task ") || $0.contains("Warm-up ") }
                    XCTAssertEqual(lines.count, student.titles.count, "\(what): \(student.name)'s pages: \(lines)")
                    for title in student.titles {
                        XCTAssertEqual(lines.filter { $0.hasSuffix(" " + title) }.count, 1, "\(what): \(student.name)'s `\(title)`: \(lines)")
                    }
                }
                for page in pages { XCTAssertNil(Browser.heading(endingPage: page), "\(what), page \(page.number) ends in a heading: \(page.body.suffix(3))") }
            }
        }
    }

    /// The same project, printed without what keeps headings with what follows them (the
    /// template's `break-after: avoid` removed, its script blocked), leaves headings at the
    /// bottom of pages on both papers: the test above looks where it can fail.
    func testWithoutKeepingHeadingsSomePagesWouldEndInOne() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let project = try Self.writeTwoPageProject(in: directory)
        let root = directory.appendingPathComponent("plain")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("render"), withIntermediateDirectories: true)
        let template = try String(contentsOf: CLI.packageRoot.appendingPathComponent("templates/render/checklist.html.mustache"), encoding: .utf8)
        XCTAssertTrue(template.contains("break-after: avoid;"))
        try Data(template.replacingOccurrences(of: "break-after: avoid;", with: "").utf8)
            .write(to: root.appendingPathComponent("render/checklist.html.mustache"))
        for (paper, _) in Self.papers {
            let html = directory.appendingPathComponent("\(paper).html")
            let run = try CLI.run(["checklists", project, "--paper", paper, "--templates", root.path, "-o", html.path])
            XCTAssertEqual(run.status, 0, run.stderr)
            let pages = try Browser.pages(try Browser.printToPDF(html, scripts: false))
            XCTAssertFalse(pages.compactMap(Browser.heading(endingPage:)).isEmpty, "\(paper): no page ends in a heading even without keeping them")
        }
    }

    /// A class of 60: each sign-off sheet runs to three pages, each headed with the sheet's
    /// title and the column heads, its footer counting the sheet's own pages.
    func testSignOffSheetsRepeatTheTitleAndCountPagesPerSheet() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var yaml = "pbl: 1\nid: big\ntitle: Big class\ncalendar: {start: 2027-03-01}\ncycles:\n"
        for cycle in 1...2 {
            yaml += "  - id: c\(cycle)\n    title: Cycle \(cycle)\n    days: 5\n    milestones:\n"
            yaml += "      - {id: c\(cycle)a, title: Check A\(cycle), day: 1, kind: checkpoint, evidence: Evidence A}\n"
            yaml += "      - {id: c\(cycle)b, title: Pick \(cycle), day: 3, choices: [{id: x, title: X way}, {id: y, title: Y way}]}\n"
            yaml += "    reflection: [{prompt: How did it go?}]\n"
        }
        yaml += "students:\n" + (1...60).map { "  - {id: s\($0), name: Student Number \($0)}\n" }.joined()
        let project = directory.appendingPathComponent("big.yaml")
        try Data(yaml.utf8).write(to: project)
        for (paper, size) in Self.papers {
            let html = directory.appendingPathComponent("\(paper).html")
            let run = try CLI.run(["checklists", project.path, "--teacher", "--paper", paper, "-o", html.path])
            XCTAssertEqual(run.status, 0, run.stderr)
            for scripts in paper == "letter" ? [true, false] : [true] {
                let pdf = try Browser.printToPDF(html, scripts: scripts)
                let info = try PDFTools.info(pdf)
                XCTAssertTrue(info.contains(size), info)
                let pages = try Browser.pages(pdf)
                let perSheet = pages.count / 2
                XCTAssertGreaterThanOrEqual(perSheet, 2, "\(paper): a sheet of 60 students fits on one page?")
                XCTAssertEqual(pages.count, 2 * perSheet, "\(paper): \(pages.map(\.head))")
                for page in pages {
                    let sheet = (page.number - 1) / perSheet, number = (page.number - 1) % perSheet + 1
                    let what = "\(paper), scripts \(scripts ? "on" : "off"), page \(page.number)"
                    XCTAssertTrue(page.head.hasPrefix("Cycle \(sheet + 1): cycle \(sheet + 1), Mon Mar "), "\(what): \(page.head)")
                    XCTAssertEqual(page.body.first { $0.hasPrefix("Student ") }?.hasPrefix("Student Group Check A\(sheet + 1)"), true, "\(what): no column heads")
                    XCTAssertEqual(page.foot, "big: teacher's sign-off sheets" + (scripts ? " page \(number) of \(perSheet)" : ""), what)
                }
                let names = pages.flatMap(\.body).filter { $0.hasPrefix("Student Number ") }.map { $0.split(separator: " ").prefix(3).joined(separator: " ") }
                XCTAssertEqual(names.count, 120, "\(paper): every student on each cycle's sheet, once")
                XCTAssertEqual(Set(names).count, 60)
            }
        }
    }

    /// Both templates carry the same pagination script (templates cannot share a partial and
    /// stay fast): one copy must not drift from the other.
    func testTheChecklistAndSignOffTemplatesHaveTheSameScript() throws {
        func script(_ name: String) throws -> String {
            let text = try String(contentsOf: CLI.packageRoot.appendingPathComponent("templates/render/\(name).html.mustache"), encoding: .utf8)
            let start = try XCTUnwrap(text.range(of: "<script>"), name), end = try XCTUnwrap(text.range(of: "</script>"), name)
            return String(text[start.lowerBound..<end.upperBound])
        }
        XCTAssertEqual(try script("checklist"), try script("teacher"))
    }
}

/// Chromium, printing an HTML file to PDF from the command line.
enum Browser {
    struct Page {
        var number: Int
        /// The first line (the running head), the lines between, and the last (the footer),
        /// each with its runs of spaces as one.
        var head: String
        var body: [String]
        var foot: String
    }

    /// Prints `html` to a PDF next to it. Without scripts, a copy of the file whose Content
    /// Security Policy blocks them is printed (headless Chromium prints nothing with
    /// JavaScript turned off).
    static func printToPDF(_ html: URL, scripts: Bool = true) throws -> URL {
        let chromium = try XCTUnwrap(SchemaAndExamplesTests.which("chromium"), "chromium is missing: run scripts/bootstrap")
        var file = html
        if !scripts {
            let text = try String(contentsOf: html, encoding: .utf8)
            XCTAssertTrue(text.contains("<head>\n"))
            file = html.deletingPathExtension().appendingPathExtension("noscript.html")
            let policy = "<head>\n<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'none'\">\n"
            try Data(text.replacingOccurrences(of: "<head>\n", with: policy).utf8).write(to: file)
        }
        // Not `NAME.pdf`: pbl may have written that one beside the HTML.
        let pdf = file.deletingPathExtension().appendingPathExtension("chromium.pdf")
        try? FileManager.default.removeItem(at: pdf)
        let printed = try SchemaAndExamplesTests.run(chromium, [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", file.absoluteString,
        ])
        XCTAssertEqual(printed.status, 0, printed.output)
        XCTAssertTrue(FileManager.default.fileExists(atPath: pdf.path), "Chromium printed no PDF: \(printed.output)")
        return pdf
    }

    /// Each page's text as pdftotext lays it out (pages end in form feeds).
    static func pages(_ pdf: URL) throws -> [Page] {
        let text = try PDFTools.run("pdftotext", ["-layout", pdf.path, "-"]).output
        var pages = text.split(separator: "\u{0C}", omittingEmptySubsequences: false).map { page in
            page.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }.filter { !$0.isEmpty }
        }
        if pages.last?.isEmpty == true { pages.removeLast() }
        return pages.enumerated().map { index, lines in
            Page(number: index + 1, head: lines.first ?? "", body: Array(lines.dropFirst().dropLast()), foot: lines.count > 1 ? lines.last! : "")
        }
    }

    /// The heading a page's text ends in, if it does: a cycle's heading or goal, the student's
    /// details or "My goals".
    static func heading(endingPage page: Page) -> String? {
        guard let last = page.body.last else { return nil }
        if last.range(of: #"^Cycle \d+: "#, options: .regularExpression) != nil || last.hasPrefix("Goal of part")
            || last.hasPrefix("Group:") || last == "My goals" {
            return last
        }
        return nil
    }
}
