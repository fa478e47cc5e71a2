import Foundation
import XCTest

/// The department's CI recipe, run as CI runs it: in a fresh `git clone` of the department's
/// repository, which has no rosters (its .gitignore keeps them out), with the exact commands
/// of its workflow. On the teacher's machine, where the roster is, the roster is still read
/// and checked.
final class DepartmentCloneTests: XCTestCase {
    private var folder: URL!
    private var work: URL!
    private var clone: URL!

    override func setUpWithError() throws {
        folder = try CLI.temporaryDirectory()
        work = folder.appendingPathComponent("department")
        clone = folder.appendingPathComponent("clone")
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("examples/department"), to: work)
        // The teacher's roster beside the project, as the project names it (`roster: roster.csv`).
        try Data("id,name\ns01,Ana López\ns02,\"Okafor, Ben\"\n".utf8).write(to: roster)
        try Data("id,name\ns01,Mei Chen\n".utf8).write(to: work.appendingPathComponent("grade7/chen/roster.csv"))
        try git(["init", "-q", "-b", "main"], in: work)
        try git(["add", "-A"], in: work)
        try git(["commit", "-q", "-m", "The department's plans"], in: work)
        try git(["clone", "-q", work.path, clone.path], in: folder)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private var roster: URL { work.appendingPathComponent("grade7/rivera/roster.csv") }

    func testTheWorkflowsCommandsPassInAFreshCloneWithoutTheRoster() throws {
        XCTAssertEqual(try git(["ls-files", "--", "grade7/rivera"], in: work), "grade7/rivera/creek-study.yaml\n",
                       "the roster is not committed")
        XCTAssertFalse(FileManager.default.fileExists(atPath: clone.appendingPathComponent("grade7/rivera/roster.csv").path))
        let commands = try workflowCommands()
        XCTAssertEqual(commands.count, 3, "\(commands)")
        XCTAssertEqual(commands.first, "pbl validate . --format github --strict")
        for command in commands {
            let run = try shell(command, in: clone)
            XCTAssertEqual(run.status, 0, "\(command)\n\(run.stdout)\n\(run.stderr)")
            XCTAssertEqual(run.stderr, "", "\(command): nothing to warn about")
        }
        let validate = try shell(commands[0], in: clone)
        XCTAssertEqual(validate.stdout, """
            ::notice file=grade7/chen/insulation-challenge.yaml,line=30,col=9,endLine=30,endColumn=19,title=pbl roster-ignored::\
            roster `roster.csv` is not here; git ignores it (.gitignore:2), as rosters should be: the plan is checked \
            without students%0Ahelp: the students are checked where the roster is (looked for grade7/chen/roster.csv)
            ::notice file=grade7/rivera/creek-study.yaml,line=30,col=9,endLine=30,endColumn=19,title=pbl roster-ignored::\
            roster `roster.csv` is not here; git ignores it (.gitignore:2), as rosters should be: the plan is checked \
            without students%0Ahelp: the students are checked where the roster is (looked for grade7/rivera/roster.csv)

            """)
        let coverage = try String(contentsOf: clone.appendingPathComponent("coverage.md"), encoding: .utf8)
        XCTAssertTrue(coverage.contains("creek-study"), coverage)
    }

    func testTheTeachersWorkTreeReadsAndChecksTheRoster() throws {
        let validate = try shell("pbl validate . --format github --strict", in: work)
        XCTAssertEqual(validate.status, 0, validate.stdout)
        XCTAssertEqual(validate.stdout, "", "the roster is there: no note")
        let checklists = try CLI.run(["checklists", "grade7/rivera/creek-study.yaml", "--format", "md"], in: work)
        XCTAssertEqual(checklists.status, 0, checklists.stderr)
        XCTAssertTrue(checklists.stdout.contains("Okafor, Ben"), "the roster's students: \(checklists.stdout)")
        // And its mistakes are found: the roster check is on where the roster is.
        try Data("id,name,grup\ns01,Ana López,otters\n".utf8).write(to: roster)
        let broken = try CLI.run(["validate", "--format", "github", "."], in: work)
        XCTAssertEqual(broken.status, 1, broken.stdout)
        XCTAssertTrue(broken.stdout.contains("::error file=grade7/rivera/roster.csv,line=1,"), broken.stdout)
        XCTAssertFalse(broken.stdout.contains("roster-ignored"), broken.stdout)
    }

    func testAMissingRosterThatGitDoesNotIgnoreIsStillAnErrorInTheClone() throws {
        // A roster kept where the .gitignore does not reach (not a .csv): missing in the clone, as
        // it was never committed either, and nothing says it should be missing.
        let project = clone.appendingPathComponent("grade7/rivera/creek-study.yaml")
        let text = try String(contentsOf: project, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "roster: roster.csv", with: "roster: roster.tsv").utf8).write(to: project)
        let run = try shell("pbl validate . --format github --strict", in: clone)
        XCTAssertEqual(run.status, 1, run.stdout)
        XCTAssertTrue(run.stdout.contains("::error file=grade7/rivera/creek-study.yaml,line=30,col=9,"), run.stdout)
        XCTAssertTrue(run.stdout.contains("title=pbl roster-not-found::cannot read the roster `roster.tsv`"), run.stdout)
        // Without git to ask, a roster git would ignore is an error too: nothing can tell it apart.
        try Data(text.utf8).write(to: project)
        let noGit = try CLI.run(["validate", "--format", "github", "."], environment: ["PATH": "/nonexistent"], in: clone)
        XCTAssertEqual(noGit.status, 1, noGit.stdout)
        XCTAssertTrue(noGit.stdout.contains("roster-not-found"), noGit.stdout)
    }

    func testAGitThatDoesNotAnswerIsStoppedAndTheErrorStays() throws {
        let bin = folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let fake = bin.appendingPathComponent("git")
        try Data("#!/bin/sh\nsleep 60\n".utf8).write(to: fake)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let start = Date()
        let run = try CLI.run(["validate", "--format", "github", "grade7/rivera/creek-study.yaml"],
                              environment: ["PATH": bin.path + ":/usr/bin:/bin"], in: clone)
        XCTAssertLessThan(Date().timeIntervalSince(start), 30, "bounded: git is given a few seconds")
        XCTAssertEqual(run.status, 1, run.stdout)
        XCTAssertTrue(run.stdout.contains("roster-not-found"), run.stdout)
    }

    /// The `pbl` commands of the department's workflow, as written there, for a pull request
    /// into main (so the `--against` comparison runs too).
    private func workflowCommands() throws -> [String] {
        let workflow = try String(contentsOf: clone.appendingPathComponent(".github/workflows/pbl.yml"), encoding: .utf8)
        var commands: [String] = []
        var pending: String?
        for raw in workflow.split(separator: "\n") {
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("run: ") { line = String(line.dropFirst(5)) }
            guard pending != nil || line.hasPrefix("pbl ") else { continue }
            let continued = line.hasSuffix("\\")
            let part = continued ? String(line.dropLast()).trimmingCharacters(in: .whitespaces) : line
            pending = pending.map { $0 + " " + part } ?? part
            if !continued, let command = pending {
                commands.append(command.replacingOccurrences(of: "${{ github.base_ref }}", with: "main"))
                pending = nil
            }
        }
        return commands
    }

    /// Runs a command line with the built pbl first on PATH.
    private func shell(_ command: String, in directory: URL) throws -> PBLRun {
        let path = CLI.binary.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return try CLI.run(["-c", command], environment: ["PATH": path], in: directory, executable: URL(fileURLWithPath: "/bin/sh"))
    }

    @discardableResult
    private func git(_ arguments: [String], in directory: URL) throws -> String {
        let run = try CLI.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org"] + arguments,
                              in: directory, executable: URL(fileURLWithPath: "/usr/bin/env"))
        XCTAssertEqual(run.status, 0, "git \(arguments): \(run.stderr)")
        return run.stdout
    }
}
