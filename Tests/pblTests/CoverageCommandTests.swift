import Foundation
import XCTest

/// `pbl standards coverage`: the matrix of standards against projects, in every format, and
/// what a change gains or loses against a git revision.
final class CoverageCommandTests: XCTestCase {
    private var updating: Bool { ProcessInfo.processInfo.environment["PBL_UPDATE_GOLDENS"] == "1" }
    static let arguments = ["standards", "coverage", "examples/department/grade7", "--catalog", "ngss-ms",
                            "--catalog", "riverside-science", "--grade", "7"]

    func testTheDepartmentsCoverageInEveryFormat() throws {
        for (format, ext) in [("text", "txt"), ("md", "md"), ("csv", "csv"), ("html", "html")] {
            let run = try CLI.run(Self.arguments + ["--format", format])
            XCTAssertEqual(run.status, 0, run.stderr)
            XCTAssertEqual(run.stderr, "")
            let golden = CLI.packageRoot.appendingPathComponent("Tests/pblTests/Goldens/coverage/department.\(ext)")
            if updating { try Data(run.stdout.utf8).write(to: golden) }
            XCTAssertEqual(run.stdout, try String(contentsOf: golden, encoding: .utf8), "coverage --format \(format) differs from its golden file")
        }
    }

    func testTheCatalogsDefaultToTheOnesTheProjectsName() throws {
        let run = try CLI.run(["standards", "coverage", "examples/department"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.hasPrefix("Standards coverage: ngss-ms, riverside-science\n"), run.stdout)
        XCTAssertTrue(run.stdout.contains("STANDARD   insulation-challenge  creek-study\n"), "templates are not columns: \(run.stdout)")
    }

    func testCSVCellsAreInertAndNamesAreEscapedInHTML() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let project = """
            pbl: 1
            id: x
            title: "<b>bold</b>"
            driving_question: Why?
            product: {title: A thing, audience: People}
            standards: {catalogs: [ngss-ms], targets: [MS-ESS3-3]}
            calendar: {start: 2027-03-01}
            cycles:
              - id: c
                title: C
                days: 3
                milestones:
                  - {id: m, title: M, day: 1, standards: [MS-ESS3-3], choices: [{id: a, title: A}, {id: b, title: B}]}
                  - {id: r, title: R, day: 2, kind: critique}
                reflection: [{prompt: P}]

            """
        try Data(project.utf8).write(to: folder.appendingPathComponent("p.yaml"))
        let html = try CLI.run(["standards", "coverage", "p.yaml", "--format", "html"], in: folder)
        XCTAssertTrue(html.stdout.contains("<th scope=\"col\" title=\"&lt;b&gt;bold&lt;/b&gt;\">x</th>"), html.stdout)
        XCTAssertFalse(html.stdout.contains("<b>bold</b>"))
    }

    /// Each standard's statement is in the HTML matrix, escaped: on hover (a `title`) and
    /// in a column that is one line on screen and the whole text on paper.
    func testTheHTMLMatrixShowsEachStatementOnHoverAndInPrint() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("dept/standards"), withIntermediateDirectories: true)
        let long = "Plan and run a fair test of how \"insulation\" & <b>thickness</b> change cooling, repeat it three times, "
            + "record every reading in a shared table, explain what varied and why, and finish with a claim about zebrafinch."
        try Data("""
            catalog: district
            title: District science
            standards:
              - {code: D.1, grade: 7, text: "\(long.replacingOccurrences(of: "\"", with: "\\\""))"}
              - {code: D.2, grade: 7, text: Name the parts of a cell.}

            """.utf8).write(to: folder.appendingPathComponent("dept/standards/district.yaml"))
        try Data("""
            pbl: 1
            id: cooling
            title: Cooling cups
            driving_question: Which cup keeps cocoa warm?
            product: {title: A cup, audience: Families}
            standards: {catalogs: [district], targets: [D.1]}
            calendar: {start: 2027-03-01}
            cycles:
              - id: c
                title: C
                days: 3
                milestones:
                  - {id: m, title: M, day: 1, standards: [D.1]}
                  - {id: r, title: R, day: 2, kind: critique}
                reflection: [{prompt: P}]

            """.utf8).write(to: folder.appendingPathComponent("p.yaml"))
        let run = try CLI.run(["standards", "coverage", "p.yaml", "--templates", "dept", "--format", "html", "-o", "coverage.html"], in: folder)
        XCTAssertEqual(run.status, 0, run.stderr)
        let html = try String(contentsOf: folder.appendingPathComponent("coverage.html"), encoding: .utf8)
        let escaped = "Plan and run a fair test of how &quot;insulation&quot; &amp; &lt;b&gt;thickness&lt;/b&gt; change cooling"
        XCTAssertTrue(html.contains("<th scope=\"row\" title=\"\(escaped)"), html)
        XCTAssertTrue(html.contains("<td class=\"statement\" title=\"\(escaped)"), html)
        XCTAssertTrue(html.contains("\">\(escaped)"), html)
        XCTAssertFalse(html.contains("<b>thickness"))
        let tables = try Peers.htmlTables(folder.appendingPathComponent("coverage.html").path)
        XCTAssertEqual(tables.first?.first, ["Standard", "cooling", "Statement"])
        XCTAssertEqual(tables.first?.dropFirst().map { $0.first }, ["D.1", "D.2"])
        XCTAssertEqual(tables.first?.dropFirst().map { $0.last }, [long, "Name the parts of a cell."])
        // On paper the whole statement is there, its last word too (cut off on screen).
        let chromium = try XCTUnwrap(SchemaAndExamplesTests.which("chromium"), "chromium is missing: run scripts/bootstrap")
        let pdf = folder.appendingPathComponent("coverage.pdf").path
        let printed = try SchemaAndExamplesTests.run(chromium, ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                                                                "--print-to-pdf=\(pdf)", "file://\(folder.appendingPathComponent("coverage.html").path)"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: pdf), printed.output)
        let text = try SchemaAndExamplesTests.run(try XCTUnwrap(SchemaAndExamplesTests.which("pdftotext")), [pdf, "-"]).output
        let words = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        XCTAssertTrue(words.contains(long.split(separator: " ").joined(separator: " ")), words)
    }

    func testAgainstARevisionShowsWhatWasGainedAndLost() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let repository = folder.appendingPathComponent("department")
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("examples/department"), to: repository)
        func git(_ arguments: [String]) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git", "-c", "user.name=T", "-c", "user.email=t@example.org"] + arguments
            process.currentDirectoryURL = repository
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0, "git \(arguments)")
        }
        try git(["init", "-q", "-b", "main"])
        try git(["add", "-A"])
        try git(["commit", "-q", "-m", "base"])
        // The change: the cooler test now addresses MS-PS3-5 instead of MS-PS3-4.
        let file = repository.appendingPathComponent("grade7/chen/insulation-challenge.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "MS-PS3-4", with: "MS-PS3-5").utf8).write(to: file)
        let run = try CLI.run(["standards", "coverage", "grade7", "--catalog", "ngss-ms", "--against", "main"], in: repository)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("Compared with main: 1 gained, 1 lost\n  + MS-PS3-5  "), run.stdout)
        XCTAssertTrue(run.stdout.contains("\n  - MS-PS3-4  "), run.stdout)
        let unknown = try CLI.run(["standards", "coverage", "grade7", "--against", "no-such-branch"], in: repository)
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("unknown revision `no-such-branch`"), unknown.stderr)
        let outside = try CLI.run(["standards", "coverage", "grade7", CLI.packageRoot.appendingPathComponent("examples/mill-creek").path,
                                   "--against", "main"], in: repository)
        XCTAssertEqual(outside.status, 2)
        XCTAssertTrue(outside.stderr.contains("is not in"), outside.stderr)
    }
}
