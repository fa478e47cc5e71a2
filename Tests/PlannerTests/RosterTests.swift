import XCTest
@testable import Planner
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
        let report = try validate(project)
        XCTAssertEqual(report.having("roster-not-found").first?.range?.start.line, 4)
    }
}
