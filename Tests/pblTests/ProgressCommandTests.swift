import Foundation
import XCTest

/// `pbl progress` and `pbl progress sheet` on the Mill Creek example (a rubric, a mastery
/// policy and two weeks of progress files), against goldens read by eye once; a sheet filled
/// in as spreadsheets do, read back; and bad progress input refused with its place.
/// Run with `PBL_UPDATE_GOLDENS=1` to rewrite the goldens after a deliberate change.
final class ProgressCommandTests: XCTestCase {
    static let example = "examples/mill-creek/mill-creek.yaml"
    static let asOf = ["--as-of", "2027-03-12"]

    private func golden(_ name: String, _ text: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = CLI.packageRoot.appendingPathComponent("Tests/pblTests/Goldens/progress/\(name)")
        if ProcessInfo.processInfo.environment["PBL_UPDATE_GOLDENS"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        XCTAssertEqual(text, try String(contentsOf: url, encoding: .utf8), "\(name) differs from its golden", file: file, line: line)
    }

    func testTheExamplesReportsMatchTheGoldens() throws {
        for (format, ext) in [("text", "txt"), ("md", "md"), ("html", "html"), ("csv", "csv"), ("json", "json"), ("gradebook-csv", "gradebook.csv")] {
            let run = try CLI.run(["progress", Self.example, "--format", format] + Self.asOf)
            XCTAssertEqual(run.status, 0, run.stderr)
            XCTAssertEqual(run.stderr, "")
            try golden("mill-creek.\(ext)", run.stdout)
        }
        let sheet = try CLI.run(["progress", "sheet", Self.example])
        XCTAssertEqual(sheet.status, 0, sheet.stderr)
        try golden("mill-creek-sheet.csv", sheet.stdout)
        let one = try CLI.run(["progress", Self.example, "--student", "Chen Wei"] + Self.asOf)
        XCTAssertEqual(one.status, 0, one.stderr)
        try golden("mill-creek-chen.txt", one.stdout)
    }

    private func json(_ arguments: [String], in directory: URL? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let run = try CLI.run(["progress"] + arguments + ["--format", "json"], in: directory)
        XCTAssertEqual(run.status, 0, run.stderr, file: file, line: line)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], file: file, line: line)
    }

    private func student(_ report: [String: Any], _ id: String) throws -> [String: Any] {
        let students = try XCTUnwrap(report["students"] as? [[String: Any]])
        return try XCTUnwrap(students.first { $0["id"] as? String == id }, "no student \(id)")
    }

    private func standard(_ student: [String: Any], _ code: String) throws -> [String: Any] {
        let standards = try XCTUnwrap(student["standards"] as? [[String: Any]])
        return try XCTUnwrap(standards.first { $0["code"] as? String == code }, "no standard \(code)")
    }

    /// The documented fields (docs/progress.md), with what the two weeks' files say.
    func testTheJSONCarriesTheDocumentedFields() throws {
        let report = try json([Self.example] + Self.asOf)
        XCTAssertEqual(report["as_of"] as? String, "2027-03-12")
        let students = try XCTUnwrap(report["students"] as? [[String: Any]])
        XCTAssertEqual(students.map { $0["id"] as? String }, ["s04", "s03", "s01", "s02"], "furthest behind first")
        let dana = try student(report, "s04")
        // Absent from the rehearsal today: missing once the day has passed, due today until then.
        XCTAssertEqual(dana["overdue"] as? [String], ["data-check", "peer-critique", "investigate-reflection-1"])
        let chen = try student(report, "s03")
        // Absent in week 1's file, done on 2027-03-09 in week 2's: the later file wins.
        XCTAssertTrue((chen["done"] as? [String] ?? []).contains("data-check"))
        XCTAssertEqual(chen["overdue"] as? [String], ["investigate-reflection-1", "revision"])
        // Ben's draft: claim 3, evidence 2 (one result, 2.5) on 2027-03-09; his revision: 4 and 3
        // (3.5) on 2027-03-11: 0.65 × 3.5 + 0.35 × 2.5 = 3.15, whatever the sheet's column order.
        let ben = try standard(try student(report, "s02"), "W.7.1")
        XCTAssertEqual(ben["level"] as? String, "proficient")
        XCTAssertEqual(ben["mastered"] as? Bool, true)
        XCTAssertEqual(ben["score"] as? Double, 3.15)
        XCTAssertEqual((ben["evidence"] as? [[String: Any]])?.map { $0["criterion"] as? String }, ["claim+evidence", "claim+evidence"])
        let unassessed = try standard(dana, "SL.7.4")
        XCTAssertTrue(unassessed["level"] is NSNull)
        XCTAssertEqual(unassessed["mastered"] as? Bool, false)
        // A week earlier nothing of week 2 has happened: the records dated after it are refused.
        let early = try CLI.run(["progress", Self.example, "--as-of", "2027-03-05"])
        XCTAssertEqual(early.status, 1)
        XCTAssertTrue(early.stderr.contains("progress/week-2.csv:2:16: error: 2027-03-10 is after the day of this report (2027-03-05) [progress-date]"),
                      early.stderr)
    }

    /// A copy of the example whose `progress:` names `files`, in a folder of its own.
    private func project(progress files: [String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pbl-progress-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let source = CLI.packageRoot.appendingPathComponent("examples/mill-creek")
        var text = try String(contentsOf: source.appendingPathComponent("mill-creek.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "progress: [progress/week-1.csv, progress/week-2.csv]",
                                         with: "progress: [\(files.joined(separator: ", "))]")
        try text.write(to: folder.appendingPathComponent("mill-creek.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: source.appendingPathComponent("roster.csv"), to: folder.appendingPathComponent("roster.csv"))
        return folder
    }

    /// The sheet pbl writes, filled in by Python's csv (as a spreadsheet saves CSV) and by
    /// openpyxl (an .xlsx, its dates real date cells), reads back into the same report.
    func testASheetFilledInAsASpreadsheetWouldReadsBack() throws {
        let folder = try project(progress: ["filled.csv"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let projectFile = folder.appendingPathComponent("mill-creek.yaml").path
        let sheet = folder.appendingPathComponent("sheet.csv").path
        // The file `progress:` names is not written yet: said, and the sheet is written.
        let written = try CLI.run(["progress", "sheet", projectFile, "-o", sheet])
        XCTAssertEqual(written.status, 0, written.stderr)
        XCTAssertTrue(written.stderr.contains("[progress-not-found]"), written.stderr)
        let python = try XCTUnwrap(SchemaAndExamplesTests.which("python3"))
        let fill = """
            import csv, datetime, sys
            import openpyxl
            rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
            header = rows[0]
            def key(h): return h[h.rindex('[') + 1:-1] if h.endswith(']') else h
            column = {key(h): i for i, h in enumerate(header)}
            marks = {
                ('s01', 'need-to-know'): '✓', ('s01', 'claim-draft'): '2027-03-10', ('s01', 'claim-draft/claim'): 'proficient',
                ('s02', 'need-to-know'): 'x', ('s02', 'claim-draft/evidence'): 'A 2027-03-09',
                ('s03', 'data-check'): 'absent', ('s04', 'sampling-plan'): 'needs a partner',
            }
            for row in rows[1:]:
                for (student, item), mark in marks.items():
                    if row[0] == student: row[column[item]] = mark
            with open(sys.argv[2], 'w', newline='', encoding='utf-8') as out:
                csv.writer(out).writerows(rows)
            wb = openpyxl.Workbook()
            ws = wb.active
            for row in rows:
                ws.append([datetime.date(2027, 3, 10) if cell == '2027-03-10' else cell for cell in row])
            wb.save(sys.argv[3])
            """
        let filled = try SchemaAndExamplesTests.run(python, ["-c", fill, sheet, folder.appendingPathComponent("filled.csv").path,
                                                              folder.appendingPathComponent("filled.xlsx").path])
        XCTAssertEqual(filled.status, 0, "python's csv and openpyxl (scripts/bootstrap installs it): \(filled.output)")
        let fromCSV = try json([projectFile] + Self.asOf)
        var text = try String(contentsOfFile: projectFile, encoding: .utf8)
        text = text.replacingOccurrences(of: "progress: [filled.csv]", with: "progress: [filled.xlsx]")
        try text.write(toFile: projectFile, atomically: true, encoding: .utf8)
        let fromWorkbook = try json([projectFile] + Self.asOf)
        for report in [fromCSV, fromWorkbook] {
            let ana = try student(report, "s01")
            XCTAssertEqual(ana["done"] as? [String], ["need-to-know", "claim-draft"])
            let items = try XCTUnwrap(ana["items"] as? [[String: Any]])
            XCTAssertEqual(items.first { $0["id"] as? String == "claim-draft" }?["done_on"] as? String, "2027-03-10")
            let claim = try standard(try student(report, "s02"), "MS-ESS3-3")
            XCTAssertEqual(claim["level"] as? String, "advanced", "`A` is advanced, the only level starting with it")
            XCTAssertEqual((claim["evidence"] as? [[String: Any]])?.first?["date"] as? String, "2027-03-09")
            XCTAssertTrue((try student(report, "s03")["overdue"] as? [String] ?? []).contains("data-check"))
        }
        XCTAssertEqual(fromCSV["students"] as? NSArray, fromWorkbook["students"] as? NSArray, "CSV and .xlsx read the same")
    }

    /// Each kind of mistake in a progress file: exit 1, one finding at its place, no crash.
    func testBadProgressInputIsNamedWhereItIs() throws {
        let header = "id,name,need-to-know,claim-draft,claim-draft/claim"
        let cases: [(rows: String, expected: String)] = [
            ("s01,Ana López,✓,,\nsO2,Ben,✓,,", "p.csv:3:1: error: no student of the roster has the id `sO2` [progress-reference]"),
            ("s01,Ana López,✓,,", ""),
            ("s01,Ana López,✓,,proficent", "p.csv:2:18: error: `proficent` is not a level of the mastery scale [progress-reference]"),
            ("s01,Ana López,3,,", "p.csv:2:15: error: a level (`3`) for `need-to-know`, which has no rubric [progress-reference]"),
            ("s01,Ana López,2026-03-01,,", "p.csv:2:15: error: 2026-03-01 is outside the project (2027-03-01 to 2028-02-29) [progress-date]"),
            ("s01,Ana López,3/4/2027,,", "p.csv:2:15: error: `3/4/2027` could be either of two dates [progress-date]"),
            ("s01,\"Ana López,✓,,", "p.csv:2:5: error: a quoted field is never closed [progress-malformed]"),
        ]
        for (rows, expected) in cases {
            let folder = try project(progress: ["p.csv"])
            defer { try? FileManager.default.removeItem(at: folder) }
            try (header + "\n" + rows + "\n").write(to: folder.appendingPathComponent("p.csv"), atomically: true, encoding: .utf8)
            let run = try CLI.run(["validate", "mill-creek.yaml"], in: folder)
            if expected.isEmpty {
                XCTAssertEqual(run.status, 0, run.stdout)
                continue
            }
            XCTAssertEqual(run.status, 1, rows)
            XCTAssertTrue(run.stdout.hasPrefix(expected), "\(rows)\n\(run.stdout)")
            XCTAssertTrue(run.stdout.hasSuffix("1 file: 1 error\n"), run.stdout)
        }
        // Unknown columns: an item and a criterion.
        let folder = try project(progress: ["p.csv"])
        defer { try? FileManager.default.removeItem(at: folder) }
        try "id,need-to-nkow,claim-draft/clam\ns01,✓,P\n".write(to: folder.appendingPathComponent("p.csv"), atomically: true, encoding: .utf8)
        let columns = try CLI.run(["validate", "mill-creek.yaml", "--format", "json"], in: folder)
        XCTAssertEqual(columns.status, 1)
        XCTAssertTrue(columns.stdout.contains("no item of the plan has the id `need-to-nkow`"), columns.stdout)
        XCTAssertTrue(columns.stdout.contains("did you mean `need-to-know`?"), columns.stdout)
        XCTAssertTrue(columns.stdout.contains("did you mean `claim-draft/claim`?"), columns.stdout)
    }

    /// Checklists printed again after the record: done ticked and dated, missed flagged, late
    /// work given new dates from --as-of (spring break skipped), goldens read by eye.
    func testChecklistsWithTheRecordTickFlagAndRepace() throws {
        let run = try CLI.run(["checklists", Self.example, "--progress", "--format", "text"] + Self.asOf)
        XCTAssertEqual(run.status, 0, run.stderr)
        try golden("mill-creek-repaced.txt", run.stdout)
        let dana = run.stdout.components(separatedBy: "========").first { $0.contains("Dana Kowalski") } ?? ""
        XCTAssertTrue(dana.contains("[x] due Wed Mar 3  Sampling plan  done Thu Mar 4 (late)"), dana)
        // Missed on Thu Mar 4; the next meeting after Fri Mar 12 is Mon Mar 22, after the break.
        XCTAssertTrue(dana.contains("[ ] due Mon Mar 22  Checkpoint: first data set  [teacher's initials: ____]  (moved from Thu Mar 4)"), dana)
        XCTAssertTrue(dana.contains("[ ] in class Thu Mar 4  Gallery walk on the data tables  MISSED"), dana)
        let html = try CLI.run(["checklists", Self.example, "--progress", "--student", "s04"] + Self.asOf)
        XCTAssertTrue(html.stdout.contains(#"<span class="box-mark done" role="img" aria-label="done">✓</span>"#))
        XCTAssertTrue(html.stdout.contains(#"<span class="record">moved from Thu Mar 4</span>"#))
        XCTAssertEqual(try CLI.run(["checklists", Self.example, "--as-of", "2027-03-12"]).status, 2, "--as-of without --progress")
    }

    /// Work moved onto or past the class event that needs it (`after:`) is said.
    func testRepacedWorkThatAnEventNeedsIsSaid() throws {
        let folder = try project(progress: ["p.csv"])
        defer { try? FileManager.default.removeItem(at: folder) }
        try "id,need-to-know\ns02,✓\n".write(to: folder.appendingPathComponent("p.csv"), atomically: true, encoding: .utf8)
        let run = try CLI.run(["checklists", "mill-creek.yaml", "--progress", "--as-of", "2027-03-08", "--format", "text"], in: folder)
        XCTAssertEqual(run.status, 0, run.stderr)
        // Ben missed two pieces of work: they take the next two meetings, and his draft moves two on.
        XCTAssertTrue(run.stderr.contains("pbl: warning: s02's `claim-draft` moves to 2027-03-11, on or after `draft-critique` (2027-03-10), which needs it"),
                      run.stderr)
    }

    /// A student's own report for a conference, as HTML (a golden, looked at in Chromium) and
    /// PDF (its text read back with poppler, one page, fonts embedded).
    func testAConferenceReportInHTMLAndPDF() throws {
        let html = try CLI.run(["progress", "conference", Self.example, "--student", "Dana Kowalski"] + Self.asOf)
        XCTAssertEqual(html.status, 0, html.stderr)
        try golden("mill-creek-conference-s04.html", html.stdout)
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pdf = folder.appendingPathComponent("dana.pdf")
        let run = try CLI.run(["progress", "conference", Self.example, "--student", "s04", "--format", "pdf", "-o", pdf.path] + Self.asOf,
                              environment: ["SOURCE_DATE_EPOCH": "1796040000"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try PDFTools.pageCount(pdf), 1)
        let text = try PDFTools.run("pdftotext", [pdf.path, "-"]).output
        for expected in ["Dana Kowalski", "Where I am on Fri Mar 12", "What I have done", "Sampling plan", "done Thu Mar 4, late",
                         "What is next", "missed, was due Thu Mar 4", "Where I stand on each standard", "W.7.1: beginning",
                         "To talk about", "What surprised you in the data"] {
            XCTAssertTrue(text.contains(expected), "`\(expected)` in the PDF:\n\(text)")
        }
        XCTAssertEqual(try CLI.run(["progress", "conference", Self.example, "--student", "nobody"] + Self.asOf).status, 2)
    }

    /// Extension work for the students who have mastered the cycle's standards, re-teaching
    /// for those who have not, both for a student not yet assessed.
    func testExtensionOrReteachByWhatTheRecordShows() throws {
        let folder = try project(progress: ["p.csv"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("mill-creek.yaml")
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "        rubric: presenting\n", with: """
                    rubric: presenting
                  - {id: state-letter, title: Write to the state water agency, day: 5, track: extension, optional: true}
                  - {id: citing-data, title: Small group on citing our data, day: 4, track: reteach}

            """)
        try text.write(to: file, atomically: true, encoding: .utf8)
        try "id,claim-draft/claim,claim-draft/evidence,revision/claim,revision/evidence,rehearsal/delivery\ns02,4,4,4,4,4\ns03,1,2,2,1,1\n"
            .write(to: folder.appendingPathComponent("p.csv"), atomically: true, encoding: .utf8)
        let run = try CLI.run(["checklists", "mill-creek.yaml", "--progress", "--format", "text"] + Self.asOf, in: folder)
        XCTAssertEqual(run.status, 0, run.stderr)
        let sheets = run.stdout.components(separatedBy: "========")
        func sheet(_ name: String) -> String { sheets.first { $0.contains(name + "\n") } ?? "" }
        XCTAssertTrue(sheet("Ben Okafor").contains("Write to the state water agency"))
        XCTAssertFalse(sheet("Ben Okafor").contains("Small group on citing our data"))
        XCTAssertTrue(sheet("Chen Wei").contains("Small group on citing our data"))
        XCTAssertFalse(sheet("Chen Wei").contains("Write to the state water agency"))
        XCTAssertTrue(sheet("Ana López").contains("Write to the state water agency") && sheet("Ana López").contains("Small group on citing our data"),
                      "not yet assessed: both")
        // Printed without the record, everyone has both.
        let plain = try CLI.run(["checklists", "mill-creek.yaml", "--format", "text", "--student", "s02"], in: folder)
        XCTAssertTrue(plain.stdout.contains("Write to the state water agency") && plain.stdout.contains("Small group on citing our data"))
    }

    /// Late work past the last class meeting pbl counts is said, not piled up in silence.
    func testRepacingPastTheCalendarIsSaid() throws {
        let folder = try project(progress: ["p.csv"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("mill-creek.yaml")
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "  exhibition: 2027-04-30\n", with: "")
        try text.write(to: file, atomically: true, encoding: .utf8)
        try "id,need-to-know\ns03,✓\n".write(to: folder.appendingPathComponent("p.csv"), atomically: true, encoding: .utf8)
        let run = try CLI.run(["checklists", "mill-creek.yaml", "--progress", "--format", "text", "--student", "s03"] + Self.asOf, in: folder)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("pbl: warning: s03: no class meeting left for "), run.stderr)
    }

    /// Names are the teacher's and students' words: markup in them comes out as text.
    func testNamesInTheHTMLReportAreText() throws {
        let folder = try project(progress: ["p.csv"])
        defer { try? FileManager.default.removeItem(at: folder) }
        try "id,name\ns01,<img src=x onerror=alert(1)>\ns02,Ben & \"Jo\"\n".write(to: folder.appendingPathComponent("roster.csv"),
                                                                                   atomically: true, encoding: .utf8)
        try "id,need-to-know\ns01,✓\n".write(to: folder.appendingPathComponent("p.csv"), atomically: true, encoding: .utf8)
        let run = try CLI.run(["progress", "mill-creek.yaml", "--format", "html"] + Self.asOf, in: folder)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertFalse(run.stdout.contains("<img"), "markup from a name")
        XCTAssertFalse(run.stdout.contains("<script"), "no script in the page")
        XCTAssertTrue(run.stdout.contains("&lt;img src=x onerror=alert(1)&gt;"))
        XCTAssertTrue(run.stdout.contains("Ben &amp; &quot;Jo&quot;"))
    }

    /// Cells that once read wrong: a cell of separators, a date in a criterion's column, dates
    /// in words or with a two-digit year, a later own-column level after a criterion's, an
    /// absence then an assessment, optional work.
    func testCellsAreReadOrSaid() throws {
        let header = "id,need-to-know,sampling-plan,data-check,claim-draft/claim,revision/claim"
        for (row, expected) in [
            ("s01,\";\",,,,", ""), ("s01,,,,2027-03-10,", "a date without a level in the column of a rubric criterion [progress-reference]"),
            ("s01,,3/11/27,,,", "`3/11/27` looks like a date, but not one pbl can read [progress-date]"),
        ] {
            let folder = try project(progress: ["p.csv"])
            defer { try? FileManager.default.removeItem(at: folder) }
            try (header + "\n" + row + "\n").write(to: folder.appendingPathComponent("p.csv"), atomically: true, encoding: .utf8)
            let run = try CLI.run(["validate", "mill-creek.yaml"], in: folder)
            XCTAssertEqual(run.status, expected.isEmpty ? 0 : 1, run.stdout)
            XCTAssertTrue(expected.isEmpty || run.stdout.contains(expected), run.stdout)
        }
        let folder = try project(progress: ["a.csv", "b.csv"])
        defer { try? FileManager.default.removeItem(at: folder) }
        try "id,data-check,revision/claim,rehearsal\ns01,\"March 5, 2027\",beginning,absent\n".write(to: folder.appendingPathComponent("a.csv"),
                                                                                             atomically: true, encoding: .utf8)
        try "id,revision,rehearsal/delivery\ns01,advanced,P\n".write(to: folder.appendingPathComponent("b.csv"), atomically: true, encoding: .utf8)
        let ana = try student(try json(["mill-creek.yaml"] + Self.asOf, in: folder), "s01")
        let items = try XCTUnwrap(ana["items"] as? [[String: Any]])
        func item(_ id: String) -> [String: Any] { items.first { $0["id"] as? String == id } ?? [:] }
        XCTAssertEqual(item("data-check")["done_on"] as? String, "2027-03-05", "a date in words")
        XCTAssertEqual(item("data-check")["status"] as? String, "late")
        XCTAssertEqual(item("rehearsal")["status"] as? String, "done", "absent, then assessed in a later file")
        let claim = try standard(ana, "W.7.1")
        let evidence = try XCTUnwrap(claim["evidence"] as? [[String: Any]])
        XCTAssertEqual(evidence.first { $0["item"] as? String == "revision" }?["level"] as? String, "advanced",
                       "the own column, recorded later, wins over the criterion's")
    }

    /// 200,000 rows of students the roster does not have: bounded findings, exit 1, quickly.
    func testAHugeProgressFileIsRefusedWithinBounds() throws {
        let folder = try project(progress: ["big.csv"])
        defer { try? FileManager.default.removeItem(at: folder) }
        var text = "id,need-to-know\n"
        text.reserveCapacity(4 << 20)
        for row in 0..<200_000 { text += "x\(row),✓\n" }
        try text.write(to: folder.appendingPathComponent("big.csv"), atomically: true, encoding: .utf8)
        let run = try CLI.run(["validate", "mill-creek.yaml"], in: folder)
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stdout.contains("big.csv:102:1: error: more than 100 problems: the rest of this file is not read [progress-malformed]"),
                      String(run.stdout.suffix(500)))
        XCTAssertTrue(run.stdout.hasSuffix("1 file: 101 errors\n"), String(run.stdout.suffix(300)))
        XCTAssertLessThan(run.stdout.utf8.count, 200_000, "a bounded report")
    }
}
