import Foundation
import XCTest

/// `pbl schedule` on the shipped examples, in every format, against golden files that were
/// read by eye once; and names that try to be markup come out inert and intact.
/// Run with `PBL_UPDATE_GOLDENS=1` to rewrite the goldens after a deliberate change.
final class ScheduleCommandTests: XCTestCase {
    static let formats = ["text": "txt", "md": "md", "html": "html", "csv": "csv", "ics": "ics", "json": "json"]
    static let examples = ["mill-creek", "op-ed-workshop", "playground-design"]
    /// 2026-11-30T12:00:00Z, so DTSTAMP is the same on every run.
    static let epoch = ["SOURCE_DATE_EPOCH": "1796040000"]

    func testExamplesInEveryFormatMatchTheGoldens() throws {
        let goldens = CLI.packageRoot.appendingPathComponent("Tests/pblTests/Goldens/schedule")
        for example in Self.examples {
            for (format, ext) in Self.formats {
                let run = try CLI.run(["schedule", "examples/\(example)/\(example).yaml", "--format", format], environment: Self.epoch)
                XCTAssertEqual(run.status, 0, "\(example) \(format): \(run.stderr)")
                XCTAssertEqual(run.stderr, "", "\(example) validates clean")
                let golden = goldens.appendingPathComponent("\(example).\(ext)")
                if ProcessInfo.processInfo.environment["PBL_UPDATE_GOLDENS"] == "1" {
                    try Data(run.stdout.utf8).write(to: golden)
                }
                XCTAssertEqual(run.stdout, try String(contentsOf: golden, encoding: .utf8), "\(example).\(ext) differs from its golden")
            }
        }
    }

    /// The example's calendar as a real iCalendar library reads it.
    func testExampleCalendarReadsBackWithICalendar() throws {
        let ics = CLI.packageRoot.appendingPathComponent("Tests/pblTests/Goldens/schedule/mill-creek.ics").path
        let python = try XCTUnwrap(SchemaAndExamplesTests.which("python3"))
        let run = try SchemaAndExamplesTests.run(python, ["-c", """
            import sys, icalendar
            cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
            events = cal.walk('VEVENT')
            print(len(events))
            for e in events:
                print(e['UID'], e.decoded('DTSTART').isoformat(), e.decoded('DTEND').isoformat())
            """, ics])
        XCTAssertEqual(run.status, 0, run.output)
        let lines = run.output.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "13", "2 cycle spans, 8 milestones, 2 reflections, the exhibition")
        XCTAssertTrue(lines.contains("mill-creek.all.investigate@pbl 2027-03-01 2027-03-06"), run.output)
        XCTAssertTrue(lines.contains("mill-creek.all.sampling-plan@pbl 2027-03-02 2027-03-03"), run.output)
        XCTAssertTrue(lines.contains("mill-creek.all.argue-reflection-1@pbl 2027-03-12 2027-03-13"), run.output)
        XCTAssertTrue(lines.contains("mill-creek.exhibition@pbl 2027-04-30 2027-05-01"), run.output)
        XCTAssertEqual(Set(lines.dropFirst().map { $0.split(separator: " ")[0] }).count, 13, "UIDs are unique")
    }

    /// Every section's events in one calendar (one VCALENDAR, as calendar apps import it),
    /// each marked with its section, UIDs unique per section; the exhibition once.
    func testOneCalendarHoldsEverySection() throws {
        let ics = CLI.packageRoot.appendingPathComponent("Tests/pblTests/Goldens/schedule/op-ed-workshop.ics").path
        let python = try XCTUnwrap(SchemaAndExamplesTests.which("python3"))
        let run = try SchemaAndExamplesTests.run(python, ["-c", """
            import sys, icalendar
            cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
            events = cal.walk('VEVENT')
            uids = [str(e['UID']) for e in events]
            print(len(cal.walk('VCALENDAR')), len(events), len(set(uids)), str(cal['X-WR-CALNAME']))
            for e in events:
                print(e['UID'], '|', e['SUMMARY'])
            """, ics])
        XCTAssertEqual(run.status, 0, run.output)
        let lines = run.output.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "1 31 31 Whose voice counts? Op-eds for the local paper (p2 / p6)", "15 events a section and the exhibition")
        XCTAssertTrue(lines.contains("op-ed-workshop.p2.issue-pitch@pbl | [p2] In class: Pitch an issue in two minutes"), run.output)
        XCTAssertTrue(lines.contains("op-ed-workshop.p6.issue-pitch@pbl | [p6] In class: Pitch an issue in two minutes"), run.output)
        XCTAssertTrue(lines.contains("op-ed-workshop.p6.source-log@pbl | [p6] Due: Source log"), run.output)
        XCTAssertTrue(lines.contains("op-ed-workshop.exhibition@pbl | Exhibition"), run.output)
        for line in lines.dropFirst() where !line.hasPrefix("op-ed-workshop.exhibition@") {
            let section = line.hasPrefix("op-ed-workshop.p2.") ? "p2" : "p6"
            XCTAssertTrue(line.contains(" | [\(section)] "), line)
        }
        // One section alone: its own UIDs, no marks.
        let p6 = try CLI.run(["schedule", "examples/op-ed-workshop/op-ed-workshop.yaml", "--format", "ics", "--section", "p6"], environment: Self.epoch)
        XCTAssertEqual(p6.status, 0, p6.stderr)
        XCTAssertTrue(p6.stdout.contains("UID:op-ed-workshop.p6.source-log@pbl\r\n"))
        XCTAssertTrue(p6.stdout.contains("SUMMARY:Due: Source log\r\n"))
        XCTAssertFalse(p6.stdout.contains("[p6]"))
    }

    func testSectionAndStudentFilters() throws {
        let section = try CLI.run(["schedule", "examples/op-ed-workshop/op-ed-workshop.yaml", "--section", "p6", "--format", "json"])
        XCTAssertEqual(section.status, 0, section.stderr)
        XCTAssertTrue(section.stdout.contains(#""id": "p6""#))
        XCTAssertFalse(section.stdout.contains(#""id": "p2""#))
        let student = try CLI.run(["schedule", "examples/mill-creek/mill-creek.yaml", "--student", "s01"])
        XCTAssertEqual(student.status, 0, student.stderr)
        XCTAssertTrue(student.stdout.hasPrefix("Is Mill Creek safe for swimming?: Ana López\n"), student.stdout)
        XCTAssertEqual(try CLI.run(["schedule", "examples/mill-creek/mill-creek.yaml", "--student", "s9"]).status, 2)
        XCTAssertEqual(try CLI.run(["schedule", "examples/mill-creek/mill-creek.yaml", "--section", "p9"]).status, 2)
    }

    func testOutputFileIsWrittenAtomicallyAndNeverOverAnInput() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try CLI.millCreekProject().write(to: directory.appendingPathComponent("mill-creek.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("examples/mill-creek/roster.csv"),
                                         to: directory.appendingPathComponent("roster.csv"))
        let project = directory.appendingPathComponent("mill-creek.yaml").path
        let out = directory.appendingPathComponent("plan.ics").path
        let written = try CLI.run(["schedule", project, "--format", "ics", "-o", out], environment: Self.epoch)
        XCTAssertEqual(written.status, 0, written.stderr)
        XCTAssertTrue(try String(contentsOfFile: out, encoding: .utf8).hasPrefix("BEGIN:VCALENDAR\r\n"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted(),
                       ["mill-creek.yaml", "plan.ics", "roster.csv"], "no temporary file left behind")
        for input in [project, directory.appendingPathComponent("roster.csv").path] {
            let before = try Data(contentsOf: URL(fileURLWithPath: input))
            let refused = try CLI.run(["schedule", project, "-o", input])
            XCTAssertEqual(refused.status, 3)
            XCTAssertTrue(refused.stderr.contains("refusing to write over the input file"), refused.stderr)
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: input)), before)
        }
    }

    func testAProjectWithErrorsPrintsNothing() throws {
        let run = try CLI.run(["schedule", "examples/broken/dangling-reference/project.yaml"])
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.stdout, "")
        XCTAssertTrue(run.stderr.contains("[dangling-reference]"))
    }

    /// `<script>`, a spreadsheet formula, a comma, a semicolon and a newline in a title.
    func testHostileTitleIsInertAndIntactInEveryFormat() throws {
        let hostile = "<script>alert(1)</script> =cmd|' /C calc'!A0, a; b\nc"
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let yamlTitle = "\"<script>alert(1)</script> =cmd|' /C calc'!A0, a; b\\nc\""
        let project = """
            pbl: 1
            id: hostile
            title: \(yamlTitle)
            calendar: {start: 2027-03-01}
            cycles:
              - id: one
                title: \(yamlTitle)
                days: 2
                milestones:
                  - {id: m, title: \(yamlTitle), day: 1}
            """
        let path = directory.appendingPathComponent("hostile.yaml").path
        try Data(project.utf8).write(to: URL(fileURLWithPath: path))
        func output(_ format: String) throws -> String {
            let run = try CLI.run(["schedule", path, "--format", format], environment: Self.epoch)
            XCTAssertEqual(run.status, 0, run.stderr)
            return run.stdout
        }
        let html = try output("html")
        XCTAssertFalse(html.contains("<script>"))
        XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; =cmd|&#39; /C calc&#39;!A0, a; b\nc"))
        let markdown = try output("md")
        XCTAssertFalse(markdown.contains("<script>"))
        XCTAssertTrue(markdown.contains(#"&lt;script&gt;alert(1)&lt;/script&gt; =cmd\|' /C calc'!A0, a; b c"#), markdown)
        let text = try output("text")
        XCTAssertTrue(text.contains("<script>alert(1)</script> =cmd|' /C calc'!A0, a; b c"))
        let json = try output("json")
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        XCTAssertEqual(decoded?["title"] as? String, hostile)

        let python = try XCTUnwrap(SchemaAndExamplesTests.which("python3"))
        let csvFile = directory.appendingPathComponent("out.csv")
        try Data(try output("csv").utf8).write(to: csvFile)
        let csv = try SchemaAndExamplesTests.run(python, ["-c", """
            import csv, json, sys
            rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
            print(json.dumps([row[rows[0].index('title')] for row in rows[1:]]))
            """, csvFile.path])
        XCTAssertEqual(csv.status, 0, csv.output)
        let titles = try JSONSerialization.jsonObject(with: Data(csv.output.utf8)) as? [String]
        XCTAssertTrue(titles?.allSatisfy { $0 == hostile || $0 == "'" + hostile } ?? false, csv.output)
        XCTAssertFalse(titles?.contains { $0.hasPrefix("=") || $0.hasPrefix("<") && false } ?? true)

        let icsFile = directory.appendingPathComponent("out.ics")
        try Data(try output("ics").utf8).write(to: icsFile)
        let ics = try SchemaAndExamplesTests.run(python, ["-c", """
            import json, sys, icalendar
            cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
            print(json.dumps([str(e.get('SUMMARY')) for e in cal.walk('VEVENT')]))
            """, icsFile.path])
        XCTAssertEqual(ics.status, 0, ics.output)
        let summaries = try JSONSerialization.jsonObject(with: Data(ics.output.utf8)) as? [String]
        XCTAssertTrue(summaries?.contains("Due: " + hostile) ?? false, ics.output)
    }
}
