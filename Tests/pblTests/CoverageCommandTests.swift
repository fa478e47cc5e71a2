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
