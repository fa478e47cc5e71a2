import Foundation
import XCTest
@testable import Planner
@testable import PlannerCheck
@testable import PlannerDates
@testable import PlannerLoad
@testable import PlannerModel
@testable import PlannerResources
@testable import PlannerSchedule
import YAMLTree

/// Rosters as student information systems export them, and as they go wrong.
final class RosterTests: XCTestCase {
    private let project = """
        pbl: 1
        id: creek
        title: Is our creek safe?
        roster: roster.csv
        groups: [{id: otters}, {id: herons}]
        cycles:
          - id: explore
            title: Explore
            days: 5
            milestones:
              - {id: plan, title: Plan, day: 2, choices: [{id: lab, title: Lab}, {id: field, title: Field}]}
        """

    private func students(_ csv: String) throws -> (FileReport, [Student]) {
        let report = try validate(project, files: ["roster.csv": csv])
        return (report, report.project?.students ?? [])
    }

    func testBOMQuotesNewlinesAndCRLF() throws {
        let csv = "\u{FEFF}id,name,group,extra_days,goals,choice:plan\r\n"
            + "s01,\"López, Ana\",otters,1,\"Lead the team; Ask \"\"why\"\"\",field\r\n"
            + "s02,\"Ben\nOkafor\",herons,,,\r\n"
        let (report, students) = try students(csv)
        XCTAssertEqual(report.having("roster-malformed"), [])
        XCTAssertEqual(students.count, 2)
        XCTAssertEqual(students[0].name?.value, "López, Ana")
        XCTAssertEqual(students[0].goals.map(\.value), ["Lead the team", "Ask \"why\""])
        XCTAssertEqual(students[0].extraDays?.value, 1)
        XCTAssertEqual(students[0].choices.first?.choice.value, "field")
        XCTAssertEqual(students[1].name?.value, "Ben\nOkafor")
        // Positions are in the CSV file: row 3 starts on line 3 (the quoted newline is inside it).
        XCTAssertEqual(students[1].id?.range.start.line, 3)
        XCTAssertEqual(students[0].choices.first?.choice.range.start, Mark(line: 2, column: 56, offset: 103))
    }

    func testRaggedRowsGiveOneErrorForTheFile() throws {
        let csv = "id,name,group\ns01,Ana,otters,x\ns02,Ben,herons\ns03,Chen\ns04,Dana,otters,y,z\n"
        let (report, students) = try students(csv)
        let errors = report.having("roster-malformed")
        XCTAssertEqual(errors.count, 1)
        XCTAssertEqual(errors.first?.range?.start.line, 2)
        XCTAssertEqual(errors.first?.notes.first?.message, "2 more rows like it, first here")
        XCTAssertEqual(students.map { $0.id?.value }, ["s02"])
    }

    func testHugeFieldIsRefusedQuickly() throws {
        let csv = "id,name\ns01,\"" + String(repeating: "x", count: 10 << 20) + "\"\n"
        let (report, _) = try students(csv)
        XCTAssertEqual(report.diagnostics.filter { $0.severity == .error }.count, 1)
        XCTAssertEqual(report.having("roster-malformed").first?.message, "a field is longer than 64 KB")
        XCTAssertEqual(report.having("roster-malformed").first?.range?.start, Mark(line: 2, column: 5, offset: 12))
    }

    func testUnclosedQuote() throws {
        let (report, _) = try students("id,name\ns01,\"Ana\n")
        XCTAssertEqual(report.having("roster-malformed").first?.message, "a quoted field is never closed")
    }

    func testUnknownColumnBadValuesAndDanglingChoices() throws {
        let csv = "id,name,grup,extra_days,choice:plan\nS 01,Ana,otters,lots,kayak\n"
        let (report, _) = try students(csv)
        XCTAssertEqual(report.having("unknown-key").first?.help, "did you mean `group`?")
        XCTAssertEqual(report.having("malformed-value").count, 2)
        XCTAssertEqual(report.having("dangling-reference").first?.message, "no choice of `plan` has the id `kayak`")
        let rosterFindings = report.diagnostics.filter { ["unknown-key", "malformed-value", "dangling-reference"].contains($0.rule) }
        XCTAssertTrue(rosterFindings.allSatisfy { $0.file == "roster.csv" }, "\(rosterFindings.map(\.file))")
    }

    func testMissingRosterIsReportedAtTheRosterKey() throws {
        // Outside a git work tree (this folder's .git is no repository): no git answer, an error.
        let report = try validate(project)
        XCTAssertEqual(report.having("roster-not-found").first?.range?.start.line, 4)
        XCTAssertEqual(report.having("roster-not-found").first?.severity, .error)
        XCTAssertEqual(report.having("roster-ignored"), [])
    }

    func testAMissingRosterThatGitIgnoresIsANoteAtTheRosterKey() throws {
        let report = try validate(project, files: [".gitignore": "# student data\n*.csv\n"])
        XCTAssertEqual(report.rosterRules, ["roster-ignored"], "\(report.diagnostics)")
        let note = try XCTUnwrap(report.having("roster-ignored").first)
        XCTAssertEqual(note.severity, .note)
        XCTAssertEqual(note.range?.start.line, 4)
        XCTAssertEqual(note.range?.start.column, 9)
        XCTAssertTrue(note.message.hasPrefix("roster `roster.csv` is not here; git ignores it ("), note.message)
        XCTAssertTrue(note.message.hasSuffix("/.gitignore:2), as rosters should be: the plan is checked without students"), note.message)
        XCTAssertEqual(report.project?.students.count, 0)
    }

    func testAMissingRosterGitDoesNotIgnoreIsStillAnError() throws {
        // Ignored files are not this one, or a later `!` pattern takes it back.
        for ignore in ["*.txt\n", "*.csv\n!roster.csv\n", "/other/roster.csv\n"] {
            let report = try validate(project, files: [".gitignore": ignore])
            XCTAssertEqual(report.rosterRules, ["roster-not-found"], "\(ignore): \(report.diagnostics)")
            XCTAssertEqual(report.having("roster-not-found").first?.severity, .error)
        }
        // There but unreadable (a folder), though git ignores the name: not "not here".
        let folder = try validate(project, files: [".gitignore": "*.csv\n", "roster.csv/x": ""])
        XCTAssertEqual(folder.rosterRules, ["roster-not-found"], "\(folder.diagnostics)")
    }

    func testATrackedRosterThatIsMissingIsAnErrorEvenWhenAPatternMatches() throws {
        // Committed with `git add -f`, it is in every clone: missing here means deleted.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pbl-planner-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try git(["init", "-q"], in: directory)
        try Data("*.csv\n".utf8).write(to: directory.appendingPathComponent(".gitignore"))
        try Data("id,name\ns01,Ana\n".utf8).write(to: directory.appendingPathComponent("roster.csv"))
        try git(["add", "-f", "roster.csv", ".gitignore"], in: directory)
        try FileManager.default.removeItem(at: directory.appendingPathComponent("roster.csv"))
        let path = directory.appendingPathComponent("project.yaml").path
        try Data(project.utf8).write(to: path.asURL)
        let report = Validator().validate(path: path)
        XCTAssertEqual(report.rosterRules, ["roster-not-found"], "\(report.diagnostics)")
    }

    func testARosterInAnIgnoredFolderAndTheIgnoreFileItCameFrom() throws {
        let text = project.replacingOccurrences(of: "roster: roster.csv", with: "roster: rosters/p2.csv")
        let report = try validate(text, files: [".gitignore": "out/\n", ".git/info/exclude": "rosters/\n"])
        XCTAssertEqual(report.rosterRules, ["roster-ignored"], "\(report.diagnostics)")
        XCTAssertTrue(report.having("roster-ignored").first?.message.contains("/.git/info/exclude:1)") == true,
                      report.having("roster-ignored").first?.message ?? "")
    }
}

private extension FileReport {
    /// The roster's findings (the sample project also gets the design review's warnings).
    var rosterRules: [String] { rules().filter { $0.hasPrefix("roster-") } }
}
