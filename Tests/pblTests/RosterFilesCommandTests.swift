import Foundation
import XCTest

/// Rosters from spreadsheets, end to end: a finding about a workbook's cell in every output
/// format, and school ids in the names of the files and calendar events pbl writes.
final class RosterFilesCommandTests: XCTestCase {
    static let project = """
        pbl: 1
        id: creek
        title: Is our creek safe?
        driving_question: Is Mill Creek safe to swim in?
        product: {title: A report, audience: The town council}
        calendar: {start: 2027-03-01}
        roster: ROSTER
        cycles:
          - id: explore
            title: Explore
            days: 5
            milestones:
              - {id: plan, title: Plan, day: 2, choices: [{id: lab, title: Lab}, {id: field, title: Field}]}
              - {id: critique, title: Gallery walk, day: 4, kind: critique}
            reflection: [{prompt: What did you notice?}]
        """

    private func folder(roster: String) throws -> URL {
        let directory = try CLI.temporaryDirectory()
        try Data(Self.project.replacingOccurrences(of: "ROSTER", with: roster).utf8).write(to: directory.appendingPathComponent("project.yaml"))
        return directory
    }

    /// A workbook written by openpyxl: a bad id in A3.
    private func writeWorkbook(to url: URL) throws {
        let python = try XCTUnwrap(SchemaAndExamplesTests.which("python3"))
        let script = """
            import sys, openpyxl
            wb = openpyxl.Workbook()
            ws = wb.active
            ws.append(["ID", "Name"])
            ws.append([10249, "Ana López"])
            ws.append(["S 03", "Ben"])
            wb.save(sys.argv[1])
            """
        let made = try SchemaAndExamplesTests.run(python, ["-c", script, url.path])
        XCTAssertEqual(made.status, 0, "openpyxl (scripts/bootstrap installs it): \(made.output)")
    }

    func testAWorkbooksCellInEveryFormat() throws {
        let directory = try folder(roster: "roster.xlsx")
        defer { try? FileManager.default.removeItem(at: directory) }
        try writeWorkbook(to: directory.appendingPathComponent("roster.xlsx"))
        let run = try CLI.run(["validate", "project.yaml"], in: directory)
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.stdout, """
            roster.xlsx:A3: error: `S 03` is not a valid student id [malformed-value]
            help: student ids use letters, digits, hyphens, dots and underscores, starting with a letter or digit, like `S-03`

            1 file: 1 error

            """)

        let json = try CLI.run(["validate", "project.yaml", "--format", "json"], in: directory)
        let findings = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(findings.count, 1)
        XCTAssertEqual(findings[0]["file"] as? String, "roster.xlsx")
        XCTAssertEqual(findings[0]["line"] as? Int, 3, "the row")
        XCTAssertEqual(findings[0]["column"] as? Int, 1, "the column's number")
        XCTAssertEqual(findings[0]["end_column"] as? Int, 2)

        let github = try CLI.run(["validate", "project.yaml", "--format", "github"], in: directory)
        XCTAssertTrue(github.stdout.hasPrefix("::error file=roster.xlsx,line=3,col=1,endLine=3,endColumn=2,title=pbl malformed-value::"), github.stdout)

        let sarif = try CLI.run(["validate", "project.yaml", "--format", "sarif"], in: directory)
        let file = directory.appendingPathComponent("out.sarif")
        try Data(sarif.stdout.utf8).write(to: file)
        let python = try XCTUnwrap(SchemaAndExamplesTests.which("python3"))
        let checked = try SchemaAndExamplesTests.run(python, ["-c", """
            import json, sys
            from sarif_pydantic import Sarif
            log = Sarif.model_validate(json.load(open(sys.argv[1])))
            location = log.runs[0].results[0].locations[0].physical_location
            print(location.artifact_location.uri, location.region.start_line, location.region.start_column)
            """, file.path])
        XCTAssertEqual(checked.status, 0, checked.output)
        XCTAssertEqual(checked.output.trimmingCharacters(in: .whitespacesAndNewlines), "roster.xlsx 3 1")
    }

    func testANamedSheetAndANotAWorkbookFile() throws {
        let directory = try folder(roster: "roster.xlsx#Sheet 2")
        defer { try? FileManager.default.removeItem(at: directory) }
        try writeWorkbook(to: directory.appendingPathComponent("roster.xlsx"))
        let run = try CLI.run(["validate", "project.yaml"], in: directory)
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stdout.hasPrefix("""
            project.yaml:7:9: error: the workbook `roster.xlsx` has no sheet `Sheet 2` [roster-not-found]
                7 | roster: roster.xlsx#Sheet 2
                  |         ^~~~~~~~~~~~~~~~~~~
            help: did you mean `roster: roster.xlsx#Sheet`? its sheets: `Sheet`
            """), run.stdout)
        try Data("id,name\ns01,Ana\n".utf8).write(to: directory.appendingPathComponent("roster.xlsx"))
        let text = try CLI.run(["validate", "project.yaml"], in: directory)
        XCTAssertTrue(text.stdout.hasPrefix("roster.xlsx: error: this is a text file (CSV?), not an .xlsx workbook [roster-malformed]\n"), text.stdout)
    }

    /// Three ids that a file system could confuse: each student gets a file of their own,
    /// named in lowercase, the same with `--student` as without.
    func testChecklistFilesAreNamedSafelyAndNeverShared() throws {
        let directory = try folder(roster: "roster.csv")
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("id;name\nS-2027-001;Ana\ns-2027-001;Ben\nab.12;Chen\n".utf8).write(to: directory.appendingPathComponent("roster.csv"))
        let run = try CLI.run(["checklists", "project.yaml", "--format", "md", "-o", "out/"], in: directory)
        XCTAssertEqual(run.status, 0, run.stderr)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("out").path).sorted()
        XCTAssertEqual(files.count, 3, "\(files)")
        XCTAssertTrue(files.contains("s-2027-001-ben.md"), "\(files)")
        XCTAssertTrue(files.contains("ab-12-chen.md"), "\(files)")
        let ana = try XCTUnwrap(files.first { $0.hasSuffix("-ana.md") })
        XCTAssertTrue(ana.hasPrefix("s-2027-001_") && ana.count == "s-2027-001_xxxx-ana.md".count, ana)
        XCTAssertEqual(files, files.map { $0.lowercased() })
        let content = try String(contentsOf: directory.appendingPathComponent("out/\(ana)"), encoding: .utf8)
        XCTAssertTrue(content.contains("Ana"), content)

        let one = try CLI.run(["checklists", "project.yaml", "--format", "md", "--student", "S-2027-001", "-o", "only/"], in: directory)
        XCTAssertEqual(one.status, 0, one.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("only").path), [ana])
    }

    func testAStudentsCalendarUsesTheSafeSpellingInItsUIDs() throws {
        let directory = try folder(roster: "roster.csv")
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("id,name\nab.12,Chen\n10249,Ana\n".utf8).write(to: directory.appendingPathComponent("roster.csv"))
        let run = try CLI.run(["schedule", "project.yaml", "--student", "ab.12", "--format", "ics"], in: directory)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("UID:creek.ab-12.plan@pbl\r\n"), run.stdout)
        XCTAssertTrue(run.stdout.contains("UID:creek.ab-12.explore@pbl\r\n"), run.stdout)
        let file = directory.appendingPathComponent("chen.ics")
        try Data(run.stdout.utf8).write(to: file)
        let python = try XCTUnwrap(SchemaAndExamplesTests.which("python3"))
        let checked = try SchemaAndExamplesTests.run(python, ["-c", """
            import sys, icalendar
            calendar = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
            print(sorted(str(event["UID"]) for event in calendar.walk("VEVENT")))
            """, file.path])
        XCTAssertEqual(checked.status, 0, checked.output)
        XCTAssertTrue(checked.output.contains("'creek.ab-12.critique@pbl'"), checked.output)
    }
}
