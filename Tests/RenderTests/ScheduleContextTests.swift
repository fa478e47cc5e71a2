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

/// The schedules' no-school rows, exhibition and rotation, through the built-in templates,
/// and the text they carry from input escaped as each format escapes.
final class ScheduleContextTests: XCTestCase {
    let renderer = TemplateRenderer(roots: TemplateRoots())

    func render(_ template: String, _ plan: DatedPlan) throws -> String {
        try renderer.render(template, ScheduleContext.make(plan))
    }

    /// SamplePlan with a no-school day inside p1's first cycle and one before it.
    func plan() -> DatedPlan {
        var plan = SamplePlan.plan()
        plan.sections[0].noSchool.insert(NoSchoolDays(dates: DateRange(first: SamplePlan.date("2027-03-03"), last: SamplePlan.date("2027-03-03")),
                                                      reason: "Snow day"), at: 0)
        plan.sections[0].noSchool.insert(NoSchoolDays(dates: DateRange(first: SamplePlan.date("2027-02-26"), last: SamplePlan.date("2027-02-26"))), at: 0)
        return plan
    }

    func testNoSchoolDaysAndTheExhibitionGoWhereTheyFall() throws {
        let placed = ScheduleRows.place(plan().sections[0], exhibition: SamplePlan.date("2027-04-30"))
        XCTAssertEqual(placed.inside.map { $0.map(\.date.description) }, [["2027-02-26", "2027-03-03"], []])
        XCTAssertEqual(placed.after.map { $0.map(\.date.description) }, [[], ["2027-03-15", "2027-03-26", "2027-04-30"]])
        let markdown = try render("schedule.md", plan())
        XCTAssertTrue(markdown.contains("""
            | --- | ---: | --- | --- | --- | --- |
            | Fri 2027-02-26 |  | no school | No school |  |  |
            | in class Mon 2027-03-01 | 1 | launch | Need-to-know list | A list of at least ten questions | MS-ESS3-3 |
            | due Tue 2027-03-02 | 2 | inquiry | Sampling plan: choose Test samples in the lab or Survey the banks, in the field |  |  |
            | Wed 2027-03-03 |  | no school | No school: Snow day |  |  |
            | due Thu 2027-03-04 | 4 | checkpoint |
            """), markdown)
        XCTAssertTrue(markdown.contains("""
            ### After the last cycle

            | Date | Day | Kind | Item | Deliverable | Standards |
            | --- | ---: | --- | --- | --- | --- |
            | Mon 2027-03-15 to Fri 2027-03-19 |  | no school | No school: Spring break |  |  |
            | Fri 2027-03-26 |  | no school | No school |  |  |
            | Fri 2027-04-30 |  | exhibition | Exhibition (audience: Town council) | A water-safety report |  |

            """), markdown)
        let text = try render("schedule.txt", plan())
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("  ") }.map { $0.split(separator: " ").joined(separator: " ") }
        XCTAssertEqual(rows.prefix(4), ["Fri 2027-02-26 no school No school", "Mon 2027-03-01 investigate cycle Cycle begins: Investigate the creek (5 days, to 2027-03-05)",
                                        "Mon 2027-03-01 investigate launch in class Need-to-know list MS-ESS3-3", "Tue 2027-03-02 investigate inquiry due Sampling plan"])
        XCTAssertTrue(rows.contains("Wed 2027-03-03 no school No school: Snow day"))
        XCTAssertTrue(rows.contains("Mon 2027-03-15 no school No school to Fri 2027-03-19: Spring break"))
        let html = try render("schedule.html", plan())
        XCTAssertTrue(html.contains("<tr class=\"no-school\"><td class=\"date\"><time datetime=\"2027-03-15\">Mon 2027-03-15</time> to "
            + "<time datetime=\"2027-03-19\">Fri 2027-03-19</time></td><td></td><td class=\"kind\">no school</td><th scope=\"row\">No school: Spring break</th>"), html)
        XCTAssertTrue(html.contains("<caption>After the last cycle</caption>"))
    }

    /// A reason and a section id that look like markup come out as words in every format.
    func testReasonsAndSectionIDsAreEscapedInEveryFormat() throws {
        var plan = SamplePlan.plan()
        let reason = "<b>Break</b> | *all* & [more] \u{1B}[2J"
        let section = "p<2>|*"
        plan.sections[1].id = section
        plan.sections[1].noSchool[0].reason = reason
        let html = try render("schedule.html", plan)
        XCTAssertFalse(html.contains("<b>Break"))
        XCTAssertTrue(html.contains("<h2>Section p&lt;2&gt;|*</h2>"), html)
        XCTAssertTrue(html.contains("No school: &lt;b&gt;Break&lt;/b&gt; | *all* &amp; [more] \u{FFFD}[2J</th>"), html)
        let markdown = try render("schedule.md", plan)
        XCTAssertTrue(markdown.contains(#"## Section p&lt;2&gt;\|\*"#), markdown)
        XCTAssertTrue(markdown.contains(#"| No school: &lt;b&gt;Break&lt;/b&gt; \| \*all\* &amp; \[more\]  \[2J |"#), markdown)
        let text = try render("schedule.txt", plan)
        XCTAssertTrue(text.contains("(section p<2>|*)"))
        XCTAssertTrue(text.contains("No school to Fri 2027-03-19: <b>Break</b> | *all* & [more]  [2J\n"), text)
        XCTAssertFalse(text.contains("\u{1B}"))
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(JSONScheduleRenderer().render(plan).utf8)) as? [String: Any])
        let sections = try XCTUnwrap(json["sections"] as? [[String: Any]])
        XCTAssertEqual(sections[1]["id"] as? String, section)
        XCTAssertEqual((sections[1]["no_school"] as? [[String: Any]])?.first?["reason"] as? String, reason)
        XCTAssertEqual((sections[0]["no_school"] as? [[String: Any]])?.first?["end"] as? String, "2027-03-19")
        // The merged calendar marks each event with its section, read back exactly.
        let ics = ICalendarRenderer(stamp: ICalendarRendererTests.stamp).render(plan)
        let summaries = try XCTUnwrap(Python.json("""
            import json, sys, icalendar
            cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
            print(json.dumps([str(e["summary"]) for e in cal.walk("VEVENT")]))
            """, on: ics, suffix: "ics") as? [String])
        XCTAssertTrue(summaries.contains("[p<2>|*] In class: Need-to-know list"), "\(summaries)")
        XCTAssertTrue(summaries.contains("[p1] Due: Sampling plan"), "\(summaries)")
        let rows = try XCTUnwrap(Python.json(CSVRendererTests.readCSV, on: CSVRenderer().render(plan), suffix: "csv") as? [[String]])
        XCTAssertTrue(rows.contains { $0[0] == section })
    }

    func testTheRotationIsSaidAtTheTopOfItsSection() throws {
        var plan = SamplePlan.plan()
        let html = try render("schedule.html", plan)
        let unanchored = "Rotation: A/B rotation, meets on A days; not anchored: counted from the start, 2027-03-01 is day A, so moving the start moves the rotation"
        XCTAssertTrue(html.contains("<h2>Section p2</h2>\n<p class=\"rotation unanchored\">\(unanchored)</p>\n"), html)
        XCTAssertEqual(html.components(separatedBy: "class=\"rotation").count, 2, "p1 has no rotation")
        XCTAssertTrue(try render("schedule.txt", plan).contains("\n\(unanchored)\n"))
        XCTAssertTrue(try render("schedule.md", plan).contains("## Section p2\n\n\(unanchored)\n\n"))
        plan.sections[1].rotation?.anchor = .pinned(date: SamplePlan.date("2027-03-01"), day: "A")
        let pinned = try render("schedule.html", plan)
        XCTAssertTrue(pinned.contains("<p class=\"rotation\">Rotation: A/B rotation, meets on A days; 2027-03-01 is day A (rotation_anchor)</p>"), pinned)
    }
}
