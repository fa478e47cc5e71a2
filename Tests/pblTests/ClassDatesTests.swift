import Foundation
import XCTest

/// Dates a teacher can trust: a class event keeps the class's date on every output of a
/// student whose due work moves by their extra days, and every printout carries the
/// exhibition, the days without school and the rotation, read back by real parsers.
final class ClassDatesTests: XCTestCase {
    static let millCreek = "examples/mill-creek/mill-creek.yaml"
    static let opEd = "examples/op-ed-workshop/op-ed-workshop.yaml"

    func output(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let run = try CLI.run(arguments, environment: ScheduleCommandTests.epoch)
        XCTAssertEqual(run.status, 0, run.stderr, file: file, line: line)
        return run.stdout
    }

    /// Lines without their indentation, runs of spaces as one (tables pad their columns).
    func squeezed(_ text: String) -> [String] {
        text.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
    }

    /// The rows of the terminal schedule (indented lines), squeezed.
    func tableRows(_ text: String) -> [String] {
        squeezed(text.split(separator: "\n").filter { $0.hasPrefix("  ") }.joined(separator: "\n"))
    }

    /// Ana López (s01) has one extra day: "Gallery walk on the data tables" (a critique, a class
    /// event on Thu 2027-03-04) stays on the class's date; the sampling plan (due work, class
    /// date Tue 2027-03-02) is hers a day later.
    func testAClassEventKeepsTheClassDateWhileDueWorkMoves() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let checklist = ["checklists", Self.millCreek, "--student", "s01"]
        let text = squeezed(try output(checklist + ["--format", "text"]))
        XCTAssertTrue(text.contains("[ ] in class Thu Mar 4 Gallery walk on the data tables"), text.joined(separator: "\n"))
        XCTAssertTrue(text.contains("[ ] due Wed Mar 3 Sampling plan"))
        XCTAssertTrue(text.contains("[ ] due Fri Mar 12 Revise the report"), "due work moves past no school")
        let markdown = try output(checklist + ["--format", "md"])
        XCTAssertTrue(markdown.contains("- [ ] **in class Thu Mar 4**: Gallery walk on the data tables\n"), markdown)
        XCTAssertTrue(markdown.contains("- [ ] **due Wed Mar 3**: Sampling plan\n"))
        // The HTML as a parser reads it: the date cell of each item row, beside its title.
        let html = try Peers.htmlTables(try Peers.write(try output(checklist), "s01.html", in: directory))
        let rows = html.flatMap { $0 }.filter { $0.count == 4 }
        XCTAssertTrue(rows.contains { $0[1] == "in class Thu Mar 4" && $0[2] == "Gallery walk on the data tables" }, "\(rows)")
        XCTAssertTrue(rows.contains { $0[1] == "due Wed Mar 3" && $0[2].hasPrefix("Sampling plan ") }, "\(rows)")
        // The PDF, its text laid out as printed.
        let pdf = directory.appendingPathComponent("s01.pdf")
        XCTAssertEqual(try CLI.run(checklist + ["--format", "pdf", "-o", pdf.path]).status, 0)
        let printed = squeezed(try PDFTools.run("pdftotext", ["-layout", pdf.path, "-"]).output)
        XCTAssertTrue(printed.contains("in class Thu Mar 4 Gallery walk on the data tables"), printed.joined(separator: "\n"))
        XCTAssertTrue(printed.contains("due Wed Mar 3 Sampling plan"), printed.joined(separator: "\n"))

        // Her schedule in every format.
        let schedule = ["schedule", Self.millCreek, "--student", "s01", "--format"]
        let table = squeezed(try output(schedule + ["text"]))
        XCTAssertTrue(table.contains("Thu 2027-03-04 investigate critique in class Gallery walk on the data tables"), table.joined(separator: "\n"))
        XCTAssertTrue(table.contains("Wed 2027-03-03 investigate inquiry due Sampling plan"))
        XCTAssertTrue(try output(schedule + ["md"]).contains("| in class Thu 2027-03-04 | 4 | critique | Gallery walk on the data tables |"))
        let scheduleRows = try Peers.htmlTables(try Peers.write(try output(schedule + ["html"]), "schedule.html", in: directory)).flatMap { $0 }
        XCTAssertTrue(scheduleRows.contains(["in class Thu 2027-03-04", "4", "critique", "Gallery walk on the data tables", "", ""]), "\(scheduleRows)")
        XCTAssertTrue(scheduleRows.contains { $0.first == "due Wed 2027-03-03" && $0[3].hasPrefix("Sampling plan") })
        let csv = try Peers.csvRows(try Peers.write(try output(schedule + ["csv"]), "s01.csv", in: directory))
        let columns = try XCTUnwrap(csv.first)
        func row(_ id: String) throws -> [String: String] {
            let found = try XCTUnwrap(csv.first { $0[columns.firstIndex(of: "id")!] == id }, id)
            return Dictionary(uniqueKeysWithValues: zip(columns, found))
        }
        XCTAssertEqual(try row("peer-critique").filter { ["due", "class_date", "when"].contains($0.key) },
                       ["due": "2027-03-04", "class_date": "2027-03-04", "when": "in class"])
        XCTAssertEqual(try row("sampling-plan").filter { ["due", "class_date", "when"].contains($0.key) },
                       ["due": "2027-03-03", "class_date": "2027-03-02", "when": "due"])
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try output(schedule + ["json"]).utf8)) as? [String: Any])
        let section = try XCTUnwrap((json["sections"] as? [[String: Any]])?.first)
        let items = ((section["cycles"] as? [[String: Any]]) ?? []).flatMap { $0["items"] as? [[String: Any]] ?? [] }
        let critique = try XCTUnwrap(items.first { $0["id"] as? String == "peer-critique" })
        XCTAssertEqual(critique["date"] as? String, "2027-03-04")
        XCTAssertEqual(critique["timing"] as? String, "class")
        let plan = try XCTUnwrap(items.first { $0["id"] as? String == "sampling-plan" })
        XCTAssertEqual(plan["date"] as? String, "2027-03-03")
        XCTAssertEqual(plan["timing"] as? String, "due")
        let own = ((section["students"] as? [[String: Any]])?.first?["items"] as? [[String: Any]]) ?? []
        XCTAssertEqual(own.first { $0["id"] as? String == "peer-critique" }?["due"] as? String, "2027-03-04")
        XCTAssertEqual(own.first { $0["id"] as? String == "peer-critique" }?["timing"] as? String, "class")
        let calendar = try Peers.calendar(try Peers.write(try output(schedule + ["ics"]), "s01.ics", in: directory))
        XCTAssertEqual(calendar.count, 1)
        let events = Dictionary(uniqueKeysWithValues: calendar.events.map { ($0["uid"] ?? "", $0) })
        XCTAssertEqual(events["mill-creek.s01.peer-critique@pbl"]?["start"], "2027-03-04")
        XCTAssertEqual(events["mill-creek.s01.peer-critique@pbl"]?["summary"], "In class: Gallery walk on the data tables")
        XCTAssertEqual(events["mill-creek.s01.sampling-plan@pbl"]?["start"], "2027-03-03")
        XCTAssertEqual(events["mill-creek.s01.sampling-plan@pbl"]?["summary"], "Due: Sampling plan")
        XCTAssertTrue(events["mill-creek.s01.sampling-plan@pbl"]?["description"]?.contains("Class date: 2027-03-02") ?? false)
    }

    /// The exhibition's date and audience on every student's checklist, every sign-off sheet,
    /// every schedule, and as an event in the calendar.
    func testEveryPrintoutCarriesTheExhibition() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let audience = "Readers of the Courier, and families and council members at the forum"
        let line = "Exhibition: Fri Mar 12 (audience: \(audience))"
        func count(_ text: String, _ part: String) -> Int { text.components(separatedBy: part).count - 1 }
        let html = try output(["checklists", Self.opEd])
        XCTAssertEqual(count(html, "<section class=\"student paged\""), 4)
        XCTAssertEqual(count(html, "Exhibition: <strong>Fri Mar 12</strong> (audience: \(audience))"), 4)
        XCTAssertEqual(count(try output(["checklists", Self.opEd, "--format", "md"]), "Exhibition: **Fri Mar 12** (audience: \(audience))"), 4)
        XCTAssertEqual(count(try output(["checklists", Self.opEd, "--format", "text"]), line), 4)
        let sheets = try output(["checklists", Self.opEd, "--teacher"])
        XCTAssertEqual(count(sheets, "<section class=\"sheet paged\">"), 4)
        XCTAssertEqual(count(sheets, "Exhibition: <strong>Fri Mar 12</strong> (audience: \(audience))"), 4)
        XCTAssertEqual(count(try output(["checklists", Self.opEd, "--teacher", "--format", "md"]), "Exhibition: **Fri Mar 12** (audience: \(audience))"), 4)
        XCTAssertEqual(count(try output(["checklists", Self.opEd, "--teacher", "--format", "text"]), line), 4)
        for teacher in [false, true] {
            let pdf = directory.appendingPathComponent("\(teacher).pdf")
            XCTAssertEqual(try CLI.run(["checklists", Self.opEd, "--format", "pdf", "-o", pdf.path] + (teacher ? ["--teacher"] : [])).status, 0)
            // On each student's (or sheet's) first page: a student's later pages carry only their name.
            let pages = try PDFTools.run("pdftotext", [pdf.path, "-"]).output.split(separator: "\u{0C}").map { PDFTools.normalized(String($0)) }
            let firsts = pages.filter { !$0.contains("continued") }
            XCTAssertEqual(firsts.count, 4, "\(pages)")
            for text in firsts { XCTAssertTrue(text.contains(PDFTools.normalized(line)), text) }
        }
        // Schedules: in the header, and as a row at its date.
        let text = squeezed(try output(["schedule", Self.opEd]))
        XCTAssertEqual(text.filter { $0 == "Exhibition: Fri 2027-03-12 (audience: \(audience))" }.count, 2, "once a section")
        XCTAssertEqual(text.filter { $0 == "Fri 2027-03-12 exhibition Exhibition (audience: \(audience))" }.count, 2)
        XCTAssertTrue(try output(["schedule", Self.opEd, "--format", "md"])
            .contains("| Fri 2027-03-12 |  | exhibition | Exhibition (audience: \(audience)) | Op-eds submitted to the Riverside Courier, read aloud at a community forum |  |"))
        let tables = try Peers.htmlTables(try Peers.write(try output(["schedule", Self.opEd, "--format", "html"]), "s.html", in: directory))
        XCTAssertEqual(tables.flatMap { $0 }.filter { $0.first == "Fri 2027-03-12" && $0[2] == "exhibition" }.count, 2)
        let csv = try Peers.csvRows(try Peers.write(try output(["schedule", Self.opEd, "--format", "csv"]), "s.csv", in: directory))
        XCTAssertEqual(csv.last, ["", "", "2027-03-12", "", "exhibition", "", "Exhibition (audience: \(audience))",
                                  "Op-eds submitted to the Riverside Courier, read aloud at a community forum", "", "", "", "false", ""])
        let calendar = try Peers.calendar(try Peers.write(try output(["schedule", Self.opEd, "--format", "ics"]), "s.ics", in: directory))
        let exhibition = try XCTUnwrap(calendar.events.first { $0["uid"] == "op-ed-workshop.exhibition@pbl" })
        XCTAssertEqual(exhibition["summary"], "Exhibition")
        XCTAssertEqual(exhibition["start"], "2027-03-12")
        XCTAssertTrue(exhibition["description"]?.hasPrefix("Audience: \(audience)\n") ?? false, exhibition["description"] ?? "")
    }

    /// No-school days as rows where they fall: in a cycle's table when inside it, after the
    /// last cycle when later; the text schedule's rows stay in date order.
    func testNoSchoolDaysAreRowsInDateOrder() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rows = tableRows(try output(["schedule", Self.millCreek]))
        let dates = rows.map { String($0.split(separator: " ")[1]) }
        XCTAssertEqual(dates, dates.sorted(), "\(rows)")
        XCTAssertEqual(Array(rows.suffix(3)), ["Mon 2027-03-15 no school No school to Fri 2027-03-19: Spring break",
                                               "Fri 2027-03-26 no school No school: Professional development day",
                                               "Fri 2027-04-30 exhibition Exhibition (audience: Town council and families, at the exhibition)"])
        // op-ed: Mon 2027-01-18 inside the first cycle of p2, between its checkpoint and reflection.
        let markdown = try output(["schedule", Self.opEd, "--format", "md"])
        XCTAssertTrue(markdown.contains("""
            | due Fri 2027-01-15 | 3 | checkpoint | Checkpoint: the best argument against you | Evidence: The strongest counterclaim, stated fairly, with a source | W.9-10.1 |
            | Mon 2027-01-18 |  | no school | No school: Martin Luther King Jr. Day |  |  |
            | in class Wed 2027-01-20 | 4 | reflection |
            """), markdown)
        XCTAssertTrue(markdown.contains("| Mon 2027-02-15 to Fri 2027-02-19 |  | no school | No school: Winter break |  |  |"))
        let tables = try Peers.htmlTables(try Peers.write(try output(["schedule", Self.opEd, "--format", "html"]), "s.html", in: directory))
        for table in tables {
            let days = table.dropFirst().compactMap { $0.first?.split(separator: " ").first { $0.count == 10 && $0.hasPrefix("20") } }
            XCTAssertEqual(days, days.sorted(), "\(table)")
        }
        let noSchool = tables.flatMap { $0 }.filter { $0.count > 2 && $0[2] == "no school" }
        XCTAssertEqual(noSchool.map(\.first), ["Mon 2027-01-18", "Mon 2027-02-15 to Fri 2027-02-19", "Mon 2027-01-18", "Mon 2027-02-15 to Fri 2027-02-19"])
    }

    /// The rotation is said at the top of each section: what anchors it, and when nothing
    /// does, that the start decides it.
    func testTheRotationIsInTheScheduleHeader() throws {
        let anchored = try output(["schedule", Self.opEd])
        XCTAssertTrue(anchored.contains("Rotation: A/B rotation, meets on A days; 2027-01-11 is day A (rotation_anchor)\n"), anchored)
        XCTAssertTrue(try output(["schedule", Self.opEd, "--format", "html"])
            .contains("<p class=\"rotation\">Rotation: A/B rotation, meets on B days; 2027-01-11 is day A (rotation_anchor)</p>"))
        // The same project without its anchor.
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = CLI.packageRoot.appendingPathComponent(Self.opEd)
        let text0 = try String(contentsOf: source, encoding: .utf8)
        let withoutAnchor = text0.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("rotation_anchor:") }.joined(separator: "\n")
        XCTAssertNotEqual(withoutAnchor, text0)
        try withoutAnchor.write(to: directory.appendingPathComponent("op-ed.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: source.deletingLastPathComponent().appendingPathComponent("roster.csv"),
                                         to: directory.appendingPathComponent("roster.csv"))
        let opEd = directory.appendingPathComponent("op-ed.yaml").path
        let unanchored = "not anchored: counted from the start, 2027-01-11 is day A, so moving the start moves the rotation"
        let text = try output(["schedule", opEd])
        XCTAssertTrue(text.contains("(section p2)\nHow can we persuade adults in our town to act on an issue that matters to teenagers?\n"
            + "Exhibition: Fri 2027-03-12 (audience: Readers of the Courier, and families and council members at the forum)\n"
            + "Rotation: A/B rotation, meets on A days; \(unanchored)\n"), text)
        XCTAssertTrue(text.contains("Rotation: A/B rotation, meets on B days; \(unanchored)\n"))
        let markdown = try output(["schedule", opEd, "--format", "md"])
        XCTAssertTrue(markdown.contains("## Section p6\n\nRotation: A/B rotation, meets on B days; \(unanchored)\n\n###"), markdown)
        let html = try output(["schedule", opEd, "--format", "html"])
        XCTAssertTrue(html.contains("<p class=\"rotation unanchored\">Rotation: A/B rotation, meets on A days; \(unanchored)</p>"), html)
        XCTAssertFalse(try output(["schedule", Self.millCreek]).contains("Rotation:"), "no rotation, no line")
    }

    /// What a checkpoint asks to be shown is on the Markdown and text checklists too.
    func testCheckpointEvidenceIsOnEveryChecklist() throws {
        let markdown = try output(["checklists", Self.millCreek, "--student", "s02", "--format", "md"])
        XCTAssertTrue(markdown.contains("""
            - [ ] **due Wed Mar 3**: Checkpoint: first data set *(teacher signs off: ____)*
              - Show: Data table with at least three sampling sites

            """), markdown)
        let text = try output(["checklists", Self.millCreek, "--student", "s02", "--format", "text"])
        XCTAssertTrue(text.contains("""
              [ ] due Wed Mar 3  Checkpoint: first data set  [teacher's initials: ____]
                    Show: Data table with at least three sampling sites

            """), text)
    }

    /// An audience that looks like markup, a formula or a control sequence comes out as words.
    func testAHostileAudienceIsInertInEveryOutput() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let audience = "<b>Fam</b> & |*you*| =1+1\u{1B}[31m"
        let project = """
            pbl: 1
            id: hostile
            title: Hostile
            product: {title: A poster, audience: "<b>Fam</b> & |*you*| =1+1\\e[31m"}
            calendar: {start: 2027-03-01, exhibition: 2027-03-10}
            cycles:
              - id: one
                title: One
                days: 3
                milestones: [{id: m, title: Plan, day: 1}]
            students: [{id: s01, name: Ana}]
            """
        let path = try Peers.write(project, "hostile.yaml", in: directory)
        let html = try output(["checklists", path]) + (try output(["schedule", path, "--format", "html"]))
        XCTAssertFalse(html.contains("<b>Fam"))
        XCTAssertTrue(html.contains("(audience: &lt;b&gt;Fam&lt;/b&gt; &amp; |*you*| =1+1\u{FFFD}[31m)"), html)
        let markdown = try output(["checklists", path, "--format", "md"]) + (try output(["schedule", path, "--format", "md"]))
        XCTAssertEqual(markdown.components(separatedBy: #"(audience: &lt;b&gt;Fam&lt;/b&gt; &amp; \|\*you\*\| =1+1 \[31m)"#).count, 4, markdown)
        let text = try output(["checklists", path, "--format", "text"]) + (try output(["schedule", path]))
        XCTAssertFalse(text.contains("\u{1B}"))
        XCTAssertTrue(text.contains("(audience: <b>Fam</b> & |*you*| =1+1 [31m)"), text)
        let csv = try Peers.csvRows(try Peers.write(try output(["schedule", path, "--format", "csv"]), "h.csv", in: directory))
        XCTAssertEqual(csv.last?[6], "Exhibition (audience: \(audience.replacingOccurrences(of: "\u{1B}", with: "\u{FFFD}")))")
        let calendar = try Peers.calendar(try Peers.write(try output(["schedule", path, "--format", "ics"]), "h.ics", in: directory))
        XCTAssertEqual(calendar.events.last?["description"], "Audience: <b>Fam</b> & |*you*| =1+1[31m\nPublic product: A poster",
                       "TEXT escaped, control characters dropped")
    }

    /// Every .ics pbl writes is one calendar that `icalendar.Calendar.from_ical` reads without
    /// `multiple=True`: `pbl schedule` (every section, one section, a student) and `pbl render`
    /// (a file per section, each linked from index.html).
    func testEveryCalendarFileIsOneCalendar() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var files: [String: String] = [:]
        for example in ScheduleCommandTests.examples {
            let project = "examples/\(example)/\(example).yaml"
            files["\(example).ics"] = try output(["schedule", project, "--format", "ics"])
            files["\(example).s01.ics"] = try output(["schedule", project, "--format", "ics", "--student", "s01"])
            let site = directory.appendingPathComponent(example).path
            XCTAssertEqual(try CLI.run(["render", project, "-o", site], environment: ScheduleCommandTests.epoch).status, 0)
            let written = try FileManager.default.contentsOfDirectory(atPath: site).filter { $0.hasSuffix(".ics") }.sorted()
            XCTAssertEqual(written, example == "op-ed-workshop" ? ["schedule-p2.ics", "schedule-p6.ics"] : ["schedule.ics"])
            let index = try String(contentsOfFile: site + "/index.html", encoding: .utf8)
            for name in written {
                XCTAssertTrue(index.contains("href=\"\(name)\""), "index.html links \(name)")
                files["\(example).render.\(name)"] = try String(contentsOfFile: site + "/" + name, encoding: .utf8)
            }
        }
        for section in ["p2", "p6"] {
            files["op-ed-workshop.\(section).ics"] = try output(["schedule", Self.opEd, "--format", "ics", "--section", section])
        }
        XCTAssertEqual(files.count, 3 * 3 + 1 + 2)
        for (name, text) in files.sorted(by: { $0.key < $1.key }) {
            let calendar = try Peers.calendar(try Peers.write(text, name, in: directory))
            XCTAssertEqual(calendar.count, 1, name)
            XCTAssertFalse(calendar.events.isEmpty, name)
            XCTAssertEqual(Set(calendar.events.map { $0["uid"] ?? "" }).count, calendar.events.count, "\(name): UIDs are unique")
            XCTAssertEqual(calendar.events.filter { $0["summary"] == "Exhibition" }.count, 1, name)
        }
        // A section's file from `pbl render` is what `pbl schedule --section` prints.
        XCTAssertEqual(files["op-ed-workshop.render.schedule-p6.ics"], files["op-ed-workshop.p6.ics"])
    }
}
