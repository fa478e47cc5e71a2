import Foundation
@testable import Planner
@testable import PlannerCheck
@testable import PlannerDates
@testable import PlannerLoad
@testable import PlannerModel
@testable import PlannerResources
@testable import PlannerSchedule
@testable import Render
import XCTest

final class ICalendarRendererTests: XCTestCase {
    static let stamp = Timestamp(secondsSince1970: 1_798_804_800) // 2027-01-01T12:00:00Z
    let renderer = ICalendarRenderer(stamp: ICalendarRendererTests.stamp)

    // MARK: - Exact output

    func testTinyPlanExactOutput() {
        let expected = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//pbl//pbl schedule//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:Bridges",
            "BEGIN:VEVENT",
            "UID:bridge.all.build@pbl",
            "DTSTAMP:20270101T120000Z",
            "DTSTART;VALUE=DATE:20270225",
            "DTEND;VALUE=DATE:20270302",
            "SUMMARY:Cycle: Build it",
            "DESCRIPTION:Make a model\\n3 class days",
            "CATEGORIES:cycle",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:bridge.all.model@pbl",
            "DTSTAMP:20270101T120000Z",
            "DTSTART;VALUE=DATE:20270226",
            "DTEND;VALUE=DATE:20270227",
            "SUMMARY:Due: Model\\, v1\\; \"rough\"",
            "DESCRIPTION:Deliverable: A model\\nOptions: Clay\\; Card",
            "CATEGORIES:checkpoint",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:bridge.all.build-reflection-1@pbl",
            "DTSTAMP:20270101T120000Z",
            "DTSTART;VALUE=DATE:20270301",
            "DTEND;VALUE=DATE:20270302",
            "SUMMARY:Reflection: What broke?",
            "CATEGORIES:reflection",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
            "END:VCALENDAR",
        ].map { $0 + "\r\n" }.joined()
        XCTAssertEqual(renderer.render(SamplePlan.tiny()), expected)
    }

    func testProductIDAndCalendarNames() {
        let custom = ICalendarRenderer(stamp: Self.stamp, productID: "-//School, Inc//Planner//EN")
        let plan = SamplePlan.plan()
        XCTAssertTrue(custom.render(plan).contains("\r\nPRODID:-//School\\, Inc//Planner//EN\r\n"))
        XCTAssertTrue(renderer.render(plan).contains("\r\nX-WR-CALNAME:Is Mill Creek safe for swimming? (p1 / p2)\r\n"))
        XCTAssertTrue(renderer.render(plan.filtered(section: "p2")).contains("\r\nX-WR-CALNAME:Is Mill Creek safe for swimming? (p2)\r\n"))
        var titled = SamplePlan.tiny()
        titled.title = "Rivers, lakes; streams"
        XCTAssertTrue(renderer.render(titled).contains("\r\nX-WR-CALNAME:Rivers\\, lakes\\; streams\r\n"))
        let section = plan.sections[1]
        let student = renderer.render(student: section.students[0], of: plan, section: section)
        XCTAssertTrue(unfold(student).contains("\r\nX-WR-CALNAME:Is Mill Creek safe for swimming? - Ana López 山田 (p2)\r\n"))
    }

    func testStampFromSecondsSince1970() {
        XCTAssertEqual(Timestamp(secondsSince1970: 0).iCalendar, "19700101T000000Z")
        XCTAssertEqual(Timestamp(secondsSince1970: 1_803_859_198).iCalendar, "20270228T235958Z")
        XCTAssertEqual(Timestamp(secondsSince1970: -1).iCalendar, "19691231T235959Z")
        XCTAssertEqual(Timestamp(secondsSince1970: -86_400).iCalendar, "19691231T000000Z")
        XCTAssertEqual(Timestamp(secondsSince1970: 1_798_804_800).iCalendar, "20270101T120000Z")
        XCTAssertEqual(Timestamp(secondsSince1970: 253_402_300_799).iso8601, "9999-12-31T23:59:59Z")
        XCTAssertEqual(Timestamp(Date(timeIntervalSince1970: 1_803_859_198.75)).iso8601, "2027-02-28T23:59:58Z")
    }

    // MARK: - Escaping and folding

    func testTextEscaping() {
        XCTAssertEqual(ICalendarRenderer.escape("a\\b;c,d\ne\r\nf\rg"), "a\\\\b\\;c\\,d\\ne\\nf\\ng")
        XCTAssertEqual(ICalendarRenderer.escape("tab\there: \"quoted\" <b>"), "tab\there: \"quoted\" <b>")
        XCTAssertEqual(ICalendarRenderer.escape("bell\u{07}nul\u{00}del\u{7F}"), "bellnuldel")
    }

    func testFoldingKeepsLinesShortAndUTF8Whole() {
        // Every alignment of 1-, 2-, 3- and 4-octet characters against the 75-octet boundary.
        for padding in 0..<80 {
            let value = String(repeating: "x", count: padding) + String(repeating: "é山🌊a", count: 30)
            let folded = ICalendarRenderer.fold("SUMMARY:" + value)
            XCTAssertTrue(folded.hasSuffix("\r\n"))
            let physical = physicalLines(folded)
            XCTAssertGreaterThan(physical.count, 1)
            for (index, line) in physical.enumerated() {
                XCTAssertLessThanOrEqual(line.count, 75, "padding \(padding) line \(index)")
                XCTAssertNotNil(String(validating: line, as: UTF8.self), "padding \(padding) line \(index) splits a character")
                if index > 0 { XCTAssertEqual(line.first, 0x20) }
                // Full lines: nothing more would have fitted.
                if index < physical.count - 1 { XCTAssertGreaterThan(line.count, 71) }
            }
            XCTAssertEqual(unfold(folded), "SUMMARY:" + value + "\r\n")
        }
        XCTAssertEqual(ICalendarRenderer.fold(String(repeating: "a", count: 75)), String(repeating: "a", count: 75) + "\r\n")
        XCTAssertEqual(ICalendarRenderer.fold(String(repeating: "a", count: 76)),
                       String(repeating: "a", count: 75) + "\r\n a\r\n")
    }

    func testWholeCalendarIsCRLFFoldedAndValidUTF8() {
        let plan = SamplePlan.plan()
        let section = plan.sections[1]
        for text in [renderer.render(plan), renderer.render(student: section.students[0], of: plan, section: section)] {
            let bytes = Array(text.utf8)
            XCTAssertTrue(text.hasSuffix("END:VCALENDAR\r\n"))
            for (index, byte) in bytes.enumerated() {
                if byte == 0x0A { XCTAssertEqual(bytes[index - 1], 0x0D, "LF without CR at \(index)") }
                if byte == 0x0D { XCTAssertEqual(bytes[index + 1], 0x0A, "CR without LF at \(index)") }
            }
            let lines = physicalLines(text)
            XCTAssertTrue(lines.contains { $0.count == 75 || $0.count == 74 || $0.count == 73 }, "nothing was folded")
            for line in lines {
                XCTAssertLessThanOrEqual(line.count, 75)
                XCTAssertNotNil(String(validating: line, as: UTF8.self))
            }
        }
    }

    func testHostileTitleIsEscapedIntactAndFolded() throws {
        let text = renderer.render(SamplePlan.plan().filtered(section: "p1"))
        // Folded: the raw SUMMARY spans more than one physical line.
        XCTAssertFalse(text.contains("SUMMARY:Due: " + ICalendarRenderer.escape(SamplePlan.hostileTitle)))
        let summary = try XCTUnwrap(logicalLines(text).first { $0.hasPrefix("SUMMARY:Due: =cmd") })
        XCTAssertEqual(summary, "SUMMARY:Due: =cmd|' /C calc'!A0 <script>alert(1)</script>\\, data\\; check \\\\ first\\nAna López 山田 checks the first data set")
        XCTAssertEqual(unescape(String(summary.dropFirst("SUMMARY:Due: ".count))), SamplePlan.hostileTitle)
    }

    // MARK: - UIDs

    func testUIDsAreStableAndUnique() {
        let plan = SamplePlan.plan()
        XCTAssertEqual(renderer.render(plan), renderer.render(plan))
        let uids = values("UID", in: renderer.render(plan))
        XCTAssertEqual(uids.count, 2 * (2 + 7) + 1, "two sections' cycles and items, and the exhibition once")
        XCTAssertEqual(uids.last, "mill-creek.exhibition@pbl")
        XCTAssertEqual(Set(uids).count, uids.count, "duplicate UIDs: \(uids)")
        XCTAssertTrue(uids.contains("mill-creek.p2.sampling-plan@pbl"))
        XCTAssertTrue(uids.contains("mill-creek.p1.investigate@pbl"))

        let section = plan.sections[1]
        let student = renderer.render(student: section.students[0], of: plan, section: section)
        XCTAssertEqual(student, renderer.render(student: section.students[0], of: plan, section: section))
        let studentUIDs = values("UID", in: student)
        XCTAssertEqual(Set(studentUIDs).count, studentUIDs.count)
        XCTAssertTrue(studentUIDs.contains("mill-creek.s01.sampling-plan@pbl"))
        XCTAssertTrue(Set(studentUIDs).isDisjoint(with: uids))
        // The same section rendered alone keeps its UIDs.
        XCTAssertEqual(values("UID", in: renderer.render(plan.filtered(section: "p2"))), Array(uids[9...]))
    }

    // MARK: - Student calendar

    func testStudentCalendarUsesDueDatesAndChosenOption() throws {
        let plan = SamplePlan.plan()
        let section = plan.sections[1]
        let text = unfold(renderer.render(student: section.students[0], of: plan, section: section))
        let summaries = values("SUMMARY", in: text)
        XCTAssertEqual(summaries, ["Cycle: Investigate the creek", "In class: Need-to-know list", "Due: Sampling plan",
                                   "Due: " + ICalendarRenderer.escape(SamplePlan.hostileTitle),
                                   "Reflection: What surprised you in the data?", "Cycle: Make the case", "Due: Draft claim",
                                   "Reflection: Which evidence convinced you most?", "Exhibition"])
        XCTAssertFalse(text.contains("Rehearse"), "an item the student does not have is in their calendar")
        // Sampling plan: class date 2027-03-03 (p2), due a day later; the chosen option only.
        XCTAssertTrue(text.contains("""
            UID:mill-creek.s01.sampling-plan@pbl\r
            DTSTAMP:20270101T120000Z\r
            DTSTART;VALUE=DATE:20270304\r
            DTEND;VALUE=DATE:20270305\r
            SUMMARY:Due: Sampling plan\r
            DESCRIPTION:Chosen: Survey the banks\\, in the field\\nClass date: 2027-03-03\r
            CATEGORIES:inquiry\r

            """), text)
    }

    // MARK: - A real parser

    /// Reads a calendar with the `icalendar` package. It returns X- properties raw (vUnknown,
    /// not unescaped), which is fine for the sample's X-WR-CALNAME: it has nothing to escape.
    static let readCalendar = """
        import datetime, json, sys, icalendar
        cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
        events = []
        for e in cal.walk("VEVENT"):
            start, end = e.decoded("dtstart"), e.decoded("dtend")
            events.append({
                "uid": str(e["uid"]), "summary": str(e["summary"]),
                "description": str(e.get("description", "")),
                "categories": [str(c) for c in e["categories"].cats],
                "start": start.isoformat(), "end": end.isoformat(),
                "allDay": not isinstance(start, datetime.datetime) and not isinstance(end, datetime.datetime),
                "stamp": e.decoded("dtstamp").strftime("%Y%m%dT%H%M%SZ"),
            })
        print(json.dumps({
            "version": str(cal["version"]), "prodid": str(cal["prodid"]), "method": str(cal["method"]),
            "name": str(cal["x-wr-calname"]), "calendars": len(cal.walk("VCALENDAR")),
            "errors": [str(x) for c in cal.walk() for x in c.errors], "events": events}))
        """

    struct Event: Equatable, CustomStringConvertible {
        var uid, summary, start, end: String
        var description: String { "\(uid) \(start)..\(end) \(summary)" }
    }

    func parsed(_ text: String) throws -> (calendar: [String: Any], events: [Event]) {
        let json = try XCTUnwrap(Python.json(Self.readCalendar, on: text, suffix: "ics") as? [String: Any])
        XCTAssertEqual(json["errors"] as? [String], [])
        XCTAssertEqual(json["calendars"] as? Int, 1)
        XCTAssertEqual(json["version"] as? String, "2.0")
        XCTAssertEqual(json["method"] as? String, "PUBLISH")
        let events = try XCTUnwrap(json["events"] as? [[String: Any]])
        for event in events {
            XCTAssertEqual(event["allDay"] as? Bool, true)
            XCTAssertEqual(event["stamp"] as? String, Self.stamp.iCalendar)
        }
        return (json, events.map {
            Event(uid: $0["uid"] as? String ?? "", summary: $0["summary"] as? String ?? "",
                  start: $0["start"] as? String ?? "", end: $0["end"] as? String ?? "")
        })
    }

    func testPlanRoundTripsThroughICalendarLibrary() throws {
        let plan = SamplePlan.plan()
        let (calendar, events) = try parsed(renderer.render(plan))
        var expected: [Event] = []
        for section in plan.sections {
            for cycle in section.cycles {
                expected.append(Event(uid: "mill-creek.\(section.id!).\(cycle.id)@pbl", summary: "[\(section.id!)] Cycle: " + cycle.title,
                                      start: cycle.start.description, end: cycle.end.adding(days: 1).description))
                for item in cycle.items {
                    expected.append(Event(uid: "mill-creek.\(section.id!).\(item.id)@pbl",
                                          summary: "[\(section.id!)] " + Self.summaryPrefix(item) + item.title,
                                          start: item.date.description, end: item.date.adding(days: 1).description))
                }
            }
        }
        expected.append(Event(uid: "mill-creek.exhibition@pbl", summary: "Exhibition", start: "2027-04-30", end: "2027-05-01"))
        XCTAssertEqual(events.count, 19)
        XCTAssertEqual(events, expected)
        XCTAssertEqual(calendar["name"] as? String, "Is Mill Creek safe for swimming? (p1 / p2)")
        XCTAssertEqual(calendar["prodid"] as? String, "-//pbl//pbl schedule//EN")
        // The hostile title comes back exactly, newline and all.
        XCTAssertEqual(events.filter { $0.summary.hasSuffix("] Due: " + SamplePlan.hostileTitle) }.count, 2)

        let raw = try XCTUnwrap(Python.json(Self.readCalendar, on: renderer.render(plan), suffix: "ics") as? [String: Any])
        let check = try XCTUnwrap((raw["events"] as? [[String: Any]])?.first { ($0["uid"] as? String) == "mill-creek.p1.data-check@pbl" })
        XCTAssertEqual(check["description"] as? String, "Evidence: Data table with three sites\nStandards: MS-ESS3-3, W.7.1")
        XCTAssertEqual(check["categories"] as? [String], ["checkpoint"])
        let options = try XCTUnwrap((raw["events"] as? [[String: Any]])?.first { ($0["uid"] as? String) == "mill-creek.p1.sampling-plan@pbl" })
        XCTAssertEqual(options["description"] as? String, "Options: Test samples in the lab; Survey the banks, in the field")
        let rehearsal = try XCTUnwrap((raw["events"] as? [[String: Any]])?.first { ($0["uid"] as? String) == "mill-creek.p1.rehearsal@pbl" })
        XCTAssertEqual(rehearsal["description"] as? String, "Optional.")
    }

    func testStudentCalendarRoundTripsThroughICalendarLibrary() throws {
        let plan = SamplePlan.plan()
        let section = plan.sections[1]
        let student = section.students[0]
        let (calendar, events) = try parsed(renderer.render(student: student, of: plan, section: section))
        XCTAssertEqual(calendar["name"] as? String, "Is Mill Creek safe for swimming? - Ana López 山田 (p2)")
        XCTAssertEqual(events.count, 2 + student.items.count + 1)
        let items = events.filter { !$0.summary.hasPrefix("Cycle: ") && $0.summary != "Exhibition" }
        XCTAssertEqual(items, student.items.map {
            Event(uid: "mill-creek.s01.\($0.item.id)@pbl", summary: Self.summaryPrefix($0.item) + $0.item.title,
                  start: $0.due.description, end: $0.due.adding(days: 1).description)
        })
        XCTAssertEqual(items.first?.start, "2027-03-02", "a class event: p2's class date, whatever the student's extra days")
        XCTAssertEqual(items[1].start, "2027-03-04", "due work: the student's due date, a day after p2's class date")
        XCTAssertEqual(events.last, Event(uid: "mill-creek.s01._exhibition@pbl", summary: "Exhibition", start: "2027-04-30", end: "2027-05-01"))
    }

    // MARK: - Helpers

    /// What an item's SUMMARY starts with: which kind of date it is.
    static func summaryPrefix(_ item: DatedItem) -> String {
        item.isReflection ? "Reflection: " : item.isClassEvent ? "In class: " : "Due: "
    }

    /// The physical lines, as octets, without their CRLF.
    func physicalLines(_ text: String) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A {
                lines.append(current)
                current = []
                index += 2
            } else {
                current.append(bytes[index])
                index += 1
            }
        }
        XCTAssertTrue(current.isEmpty, "text does not end in CRLF")
        return lines
    }

    func unfold(_ text: String) -> String {
        String(decoding: Array(text.utf8).unfolded, as: UTF8.self)
    }

    func logicalLines(_ text: String) -> [String] {
        unfold(text).components(separatedBy: "\r\n").filter { !$0.isEmpty }
    }

    /// The raw (still escaped) values of a property, in order.
    func values(_ name: String, in text: String) -> [String] {
        logicalLines(text).filter { $0.hasPrefix(name + ":") }.map { String($0.dropFirst(name.count + 1)) }
    }

    func unescape(_ text: String) -> String {
        var out = ""
        var escaped = false
        for character in text {
            if escaped {
                out.append(character == "n" || character == "N" ? "\n" : character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                out.append(character)
            }
        }
        return out
    }
}

private extension Array where Element == UInt8 {
    /// Removes every CRLF followed by a space (RFC 5545 §3.1), at the octet level.
    var unfolded: [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < count {
            if self[index] == 0x0D, index + 2 < count, self[index + 1] == 0x0A, self[index + 2] == 0x20 {
                index += 3
            } else {
                out.append(self[index])
                index += 1
            }
        }
        return out
    }
}
