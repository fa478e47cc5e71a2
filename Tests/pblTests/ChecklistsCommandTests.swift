import Foundation
import XCTest

/// `pbl checklists` as a teacher uses it, printed by a real browser, and with the names of
/// real classes in it. Run with `PBL_UPDATE_GOLDENS=1` to rewrite the goldens.
final class ChecklistsCommandTests: XCTestCase {
    static let goldens = CLI.packageRoot.appendingPathComponent("Tests/pblTests/Goldens/checklists")
    var updating: Bool { ProcessInfo.processInfo.environment["PBL_UPDATE_GOLDENS"] == "1" }

    func testExamplesInEveryFormatMatchTheGoldens() throws {
        for example in ScheduleCommandTests.examples {
            for (format, ext) in [("html", "html"), ("md", "md"), ("text", "txt")] {
                for teacher in [false, true] {
                    let run = try CLI.run(["checklists", "examples/\(example)/\(example).yaml", "--format", format] + (teacher ? ["--teacher"] : []))
                    XCTAssertEqual(run.status, 0, run.stderr)
                    let golden = Self.goldens.appendingPathComponent("\(example)\(teacher ? ".teacher" : "").\(ext)")
                    if updating { try Data(run.stdout.utf8).write(to: golden) }
                    XCTAssertEqual(run.stdout, try String(contentsOf: golden, encoding: .utf8), golden.lastPathComponent)
                }
            }
        }
    }

    /// The printed HTML: Chromium makes the PDF, poppler reads its pages: each student's in a
    /// run, every page headed with the student's name, its footer `page k of n` counted for
    /// that student (see BrowserPrintTests for checklists that run longer).
    func testPrintedChecklistsArePagedPerStudent() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for (example, paper) in [("mill-creek", "letter"), ("op-ed-workshop", "a4"), ("playground-design", "letter")] {
            let html = directory.appendingPathComponent("\(example).html")
            let run = try CLI.run(["checklists", "examples/\(example)/\(example).yaml", "--paper", paper, "-o", html.path])
            XCTAssertEqual(run.status, 0, run.stderr)
            let pdf = try Browser.printToPDF(html)
            let info = try PDFTools.info(pdf)
            XCTAssertTrue(info.contains(paper == "a4" ? "(A4)" : "(letter)"), info)
            let names = try ChecklistsPDFTests.printedWords("examples/\(example)/\(example).yaml").students
            let pages = try Browser.pages(pdf)
            // Each student's pages in a run, counted `page k of n` for that student.
            var runs: [(head: String, count: Int)] = []
            for page in pages {
                if runs.last?.head == page.head { runs[runs.count - 1].count += 1 } else { runs.append((page.head, 1)) }
            }
            XCTAssertEqual(runs.map(\.head), names, example)
            let feet = runs.flatMap { run in (1...run.count).map { "\(example) page \($0) of \(run.count)" } }
            XCTAssertEqual(pages.map(\.foot), feet, example)
        }
    }

    /// A goal long enough to wrap, and names in four scripts and one that looks like HTML.
    static let longGoal = String(String(repeating: "Finish every draft early and ask for feedback. ", count: 7).prefix(300))
    static let names = ["Chloé Nguyễn Thị Hồng", "مريم الحسيني", "山田 花子", "<b>Bobby</b> & \"Tables\"; <script>alert(1)</script>"]

    /// Writes a project with those students (s01 to s04) in `directory`; returns its path.
    static func writeNamesProject(in directory: URL) throws -> String {
        let project = """
            pbl: 1
            id: names
            title: Names
            calendar: {start: 2027-03-01}
            cycles:
              - id: one
                title: One
                days: 3
                milestones: [{id: m, title: Plan, day: 1}]
                reflection: [{prompt: What did you learn?}]
            students:
              - {id: s01, name: "Chloé Nguyễn Thị Hồng", goals: ["\(longGoal)"]}
              - {id: s02, name: "مريم الحسيني"}
              - {id: s03, name: "山田 花子"}
              - {id: s04, name: "<b>Bobby</b> & \\"Tables\\"; <script>alert(1)</script>"}
            """
        let path = directory.appendingPathComponent("names.yaml").path
        try Data(project.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func testNamesInEveryScriptComeOutEscapedAndWhole() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let longGoal = Self.longGoal
        let path = try Self.writeNamesProject(in: directory)
        let html = try CLI.run(["checklists", path])
        XCTAssertEqual(html.status, 0, html.stderr)
        for name in ["Chloé Nguyễn Thị Hồng", "مريم الحسيني", "山田 花子", String(longGoal)] {
            XCTAssertTrue(html.stdout.contains(name), name)
        }
        XCTAssertTrue(html.stdout.contains("&lt;b&gt;Bobby&lt;/b&gt; &amp; &quot;Tables&quot;; &lt;script&gt;alert(1)&lt;/script&gt;"))
        // The one script is the template's own (it paginates for printing), never a name's.
        XCTAssertEqual(html.stdout.components(separatedBy: "<script").count, 2)
        XCTAssertFalse(html.stdout.contains("<script>alert"))
        XCTAssertTrue(html.stdout.contains("<h1><bdi>مريم الحسيني</bdi></h1>"), "right-to-left names are isolated")
        let markdown = try CLI.run(["checklists", path, "--format", "md"])
        XCTAssertTrue(markdown.stdout.contains(#"# &lt;b&gt;Bobby&lt;/b&gt; &amp; "Tables"; &lt;script&gt;alert(1)&lt;/script&gt;"#), markdown.stdout)
        // One file per student, named after the student in ASCII, whatever the script (ICU's
        // transliteration reads kanji as Chinese: 山田 花子 is `shan-tian-hua-zi`).
        let folder = directory.appendingPathComponent("out").path + "/"
        XCTAssertEqual(try CLI.run(["checklists", path, "--format", "text", "-o", folder]).status, 0)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder).sorted(), [
            "s01-chloe-nguyen-thi-hong.txt", "s02-mrym-alhsyny.txt", "s03-shan-tian-hua-zi.txt", "s04-b-bobby-b-tables-script-alert-1-script.txt",
        ])
    }

    func testADepartmentTemplateReplacesTheBuiltInOneAndErrorsNameTheLine() throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("render"), withIntermediateDirectories: true)
        let template = root.appendingPathComponent("render/checklist.txt.mustache")
        try Data("{{#students}}\n{{name}} ({{project_id}})\n{{/students}}\n".utf8).write(to: template)
        let run = try CLI.run(["checklists", "examples/mill-creek/mill-creek.yaml", "--format", "text", "--templates", root.path,
                               "--student", "s02", "--student", "s01"])
        XCTAssertEqual(run.stdout, "Ben Okafor (mill-creek)\nAna López (mill-creek)\n")
        try Data("line one\n{{#students}}\n{{name}\n{{/students}}\n".utf8).write(to: template)
        let broken = try CLI.run(["checklists", "examples/mill-creek/mill-creek.yaml", "--format", "text", "--templates", root.path])
        XCTAssertEqual(broken.status, 1)
        XCTAssertTrue(broken.stderr.hasPrefix("pbl: \(template.path):3:"), broken.stderr)
    }

    /// All checklists go to a file as they are put together (never held whole); the file has
    /// what standard output gets, and is only replaced once complete.
    func testAClassWrittenToAFileIsWhatStandardOutputGets() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("all.out").path
        for format in ["html", "md", "text"] {
            let printed = try CLI.run(["checklists", "examples/op-ed-workshop/op-ed-workshop.yaml", "--format", format])
            XCTAssertEqual(printed.status, 0, printed.stderr)
            XCTAssertEqual(try CLI.run(["checklists", "examples/op-ed-workshop/op-ed-workshop.yaml", "--format", format, "-o", path]).status, 0)
            XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), printed.stdout)
        }
        let before = try String(contentsOfFile: path, encoding: .utf8)
        let root = folder.appendingPathComponent("dept")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("render"), withIntermediateDirectories: true)
        try Data("{{#students}}\n{{name}\n{{/students}}\n".utf8).write(to: root.appendingPathComponent("render/checklist.txt.mustache"))
        let broken = try CLI.run(["checklists", "examples/op-ed-workshop/op-ed-workshop.yaml", "--format", "text",
                                  "--templates", root.path, "-o", path])
        XCTAssertEqual(broken.status, 1, broken.stderr)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), before)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), ["all.out", "dept"])
    }

    func testTemplatesShowPrintsTheBuiltInTemplate() throws {
        let run = try CLI.run(["templates", "show", "render/checklist.html"])
        XCTAssertEqual(run.status, 0)
        XCTAssertEqual(run.stdout, try String(contentsOf: CLI.packageRoot.appendingPathComponent("templates/render/checklist.html.mustache"), encoding: .utf8))
        XCTAssertEqual(try CLI.run(["templates", "show", "render/nope"]).status, 2)
        let elsewhere = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        XCTAssertTrue(try CLI.run(["templates", "list"], in: elsewhere).stdout.contains("render/teacher.html    (built in)"))
        // In this checkout, templates/ is the repository's own root, found with no options.
        XCTAssertTrue(try CLI.run(["templates", "list"]).stdout.contains("render/teacher.html    templates\n"))
    }
}

/// `pbl render`: the one command a teacher runs.
final class RenderCommandTests: XCTestCase {
    func testRenderWritesEverythingWithAnIndexThatLinksIt() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("site").path
        let run = try CLI.run(["render", "examples/mill-creek/mill-creek.yaml", "-o", out])
        XCTAssertEqual(run.status, 0, run.stderr)
        let all = try FileManager.default.subpathsOfDirectory(atPath: out).sorted()
        XCTAssertEqual(all.prefix(2), [".pbl-render", ".pbl-render.lock"], "the folder's manifest and lock")
        let files = Array(all.dropFirst(2))
        XCTAssertEqual(files, [
            "checklists", "checklists.html", "checklists.pdf",
            "checklists/s01-ana-lopez.html", "checklists/s01-ana-lopez.md", "checklists/s01-ana-lopez.pdf",
            "checklists/s02-ben-okafor.html", "checklists/s02-ben-okafor.md", "checklists/s02-ben-okafor.pdf",
            "checklists/s03-chen-wei.html", "checklists/s03-chen-wei.md", "checklists/s03-chen-wei.pdf",
            "checklists/s04-dana-kowalski.html", "checklists/s04-dana-kowalski.md", "checklists/s04-dana-kowalski.pdf",
            "index.html", "schedule.csv", "schedule.html", "schedule.ics", "schedule.md", "teacher.html", "teacher.pdf",
        ])
        let index = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        for file in files where file.contains(".") && file != "index.html" {
            XCTAssertTrue(index.contains("href=\"\(file)\""), "index.html links \(file)")
        }
    }

    /// `pbl checklists -o FOLDER/` and `pbl render` name every student's file by one rule:
    /// the safe id, then the name transliterated to ASCII, whatever its script.
    func testEveryStudentsFileIsNamedTheSameWayInEveryScript() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let project = try CLI.millCreekProject()
        try project.write(to: folder.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        try """
            id,name
            10231,José Martínez
            10242,Søren Ødegaard
            10243,Дмитрий Иванов
            10244,Αλέξανδρος Παππάς
            10245,王小明
            10246,محمد علي
            10247,🙂

            """.write(to: folder.appendingPathComponent("roster.csv"), atomically: true, encoding: .utf8)
        let expected = ["10231-jose-martinez", "10242-soren-odegaard", "10243-dmitrij-ivanov", "10244-alexandros-pappas",
                        "10245-wang-xiao-ming", "10246-mhmd-ly", "10247-student"]
        let rendered = try CLI.run(["render", "p.yaml", "-o", "out"], in: folder)
        XCTAssertEqual(rendered.status, 0, rendered.stderr)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out/checklists").path).sorted()
        XCTAssertEqual(files, expected.flatMap { [$0 + ".html", $0 + ".md", $0 + ".pdf"] })
        for format in ["md", "pdf"] {
            let run = try CLI.run(["checklists", "p.yaml", "--format", format, "-o", "\(format)/"], in: folder)
            XCTAssertEqual(run.status, 0, run.stderr)
            let written = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(format).path).sorted()
            XCTAssertEqual(written, expected.map { "\($0).\(format)" })
        }
        let index = try String(contentsOf: folder.appendingPathComponent("out/index.html"), encoding: .utf8)
        XCTAssertTrue(index.contains("href=\"checklists/10242-soren-odegaard.pdf\""), index)
    }
}
