import XCTest
@testable import Planner
@testable import PlannerCheck
@testable import PlannerDates
@testable import PlannerLoad
@testable import PlannerModel
@testable import PlannerResources
@testable import PlannerSchedule

/// The school calendar and the dated plan, edge by edge.
final class CalendarTests: XCTestCase {
    private func d(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    private func project(calendar: String, cycles: String = "  - {id: one, title: One, days: 5, milestones: [{id: m, title: M, day: 5}]}",
                         students: String = "") -> String {
        """
        pbl: 1
        id: cal
        title: Calendar test
        calendar:
        \(calendar)
        cycles:
        \(cycles)
        \(students)
        """
    }

    private func schedule(_ text: String) throws -> (Schedule, FileReport) {
        let report = try validate(text)
        let project = try XCTUnwrap(report.project)
        return (try XCTUnwrap(Scheduler.schedule(project)), report)
    }

    func testCivilDateArithmeticAndWeekdays() {
        XCTAssertEqual(d("2027-03-01").weekday, .mon)
        XCTAssertEqual(d("2028-02-29").weekday, .tue)
        XCTAssertNil(CivilDate(iso: "2027-02-29"))
        XCTAssertEqual(d("2027-12-31").adding(days: 1), d("2028-01-01"))
        XCTAssertEqual(d("2028-02-28").adding(days: 1), d("2028-02-29"))
        XCTAssertEqual(CivilDate(dayNumber: d("1999-12-31").dayNumber), d("1999-12-31"))
    }

    func testRotationAdvancesOnSchoolDaysOnlyAcrossHolidaysAndWeekends() throws {
        // Fri 2027-03-05 is A, the weekend and Mon (a holiday) do not count, Tue is B, Wed A.
        let (plan, _) = try schedule(project(calendar: """
              start: 2027-03-05
              rotation: [A, B]
              meets_on: [A]
              no_school: [2027-03-08]
            """))
        let calendar = plan.sections[0].calendar
        XCTAssertEqual(Array(calendar.meetings.prefix(4)), [d("2027-03-05"), d("2027-03-10"), d("2027-03-12"), d("2027-03-16")])
        XCTAssertEqual(calendar.rotationDay(of: d("2027-03-09")), "B")
        XCTAssertEqual(plan.plan.sections[0].cycles[0].end, d("2027-03-18"))
    }

    func testStartOnAWeekendUsesTheNextMeetingAndSaysSo() throws {
        let (plan, report) = try schedule(project(calendar: "  start: 2027-03-06"))
        XCTAssertEqual(plan.plan.sections[0].cycles[0].start, d("2027-03-08"))
        let warning = try XCTUnwrap(report.having("start-not-a-meeting").first)
        XCTAssertEqual(warning.message, "2027-03-06 (a Saturday) is not a class meeting")
        XCTAssertEqual(warning.notes.first?.message, "the first meeting used is 2027-03-08 (Monday)")
    }

    func testNoSchoolCoveringTheRestOfTheYearRunsTheCalendarOut() throws {
        let (plan, report) = try schedule(project(calendar: """
              start: 2027-06-01
              end: 2027-06-30
              no_school: [2027-06-03..2027-06-30]
            """))
        XCTAssertEqual(plan.sections[0].missingMeetings, 3)
        XCTAssertEqual(report.having("calendar-runs-out").first?.message,
                       "the calendar runs out: 3 more class meetings needed; the last school day is 2027-06-02")
    }

    func testLeapDayIsASchoolDay() throws {
        let (plan, _) = try schedule(project(calendar: "  start: 2028-02-28"))
        XCTAssertEqual(plan.plan.sections[0].cycles[0].items[0].date, d("2028-03-03"))
        XCTAssertTrue(plan.sections[0].calendar.isMeeting(d("2028-02-29")))
    }

    func testYearBoundaryWithAWinterBreak() throws {
        let (plan, _) = try schedule(project(calendar: """
              start: 2027-12-20
              no_school: [2027-12-23..2028-01-02]
            """))
        let cycle = plan.plan.sections[0].cycles[0]
        XCTAssertEqual(cycle.start, d("2027-12-20"))
        // Mon 20, Tue 21, Wed 22, then Mon 3 and Tue 4 January.
        XCTAssertEqual(cycle.end, d("2028-01-04"))
    }

    func testASectionThatMeetsOnceAWeek() throws {
        let (plan, _) = try schedule(project(calendar: """
              start: 2027-03-01
              sections:
                - {id: daily}
                - {id: weekly, meets: [wed]}
            """))
        XCTAssertEqual(plan.plan.sections.map(\.id), ["daily", "weekly"])
        XCTAssertEqual(plan.plan.sections[0].cycles[0].end, d("2027-03-05"))
        XCTAssertEqual(plan.plan.sections[1].cycles[0].start, d("2027-03-03"))
        XCTAssertEqual(plan.plan.sections[1].cycles[0].end, d("2027-03-31"))
    }

    func testExtraDaysThatPushPastTheExhibition() throws {
        let (plan, report) = try schedule(project(
            calendar: "  start: 2027-03-01\n  exhibition: 2027-03-05",
            students: "students:\n  - {id: s01, name: Ana, support: {extra_days: 2}}\n  - {id: s02, name: Ben}"))
        let student = try XCTUnwrap(plan.plan.sections[0].students.first)
        XCTAssertEqual(student.items.first?.due, d("2027-03-09"))
        XCTAssertEqual(plan.plan.sections[0].students[1].items.first?.due, d("2027-03-05"))
        XCTAssertEqual(report.having("student-runs-late").first?.message,
                       "student `s01`'s extra days move `m` to 2027-03-09, on or past the exhibition (2027-03-05)")
        XCTAssertTrue(report.having("after-exhibition").isEmpty, "the class plan itself fits")
    }

    func testStudentViewHasOwnDatesChoicesAndVisibility() throws {
        let cycles = """
              - id: one
                title: One
                days: 5
                milestones:
                  - {id: plan, title: Plan, day: 1, choices: [{id: lab, title: Lab}, {id: field, title: Field}]}
                  - {id: field-day, title: Field day, day: 3, only: {choices: {plan: field}}}
                  - {id: otters-only, title: Otter meeting, day: 4, only: {groups: [otters]}}
                reflection: [{prompt: What did you learn?}]
            """
        let (plan, _) = try schedule(project(
            calendar: "  start: 2027-03-01", cycles: cycles,
            students: """
                groups: [{id: otters}]
                students:
                  - {id: s01, name: Ana, group: otters, choices: {plan: field}, support: {extra_days: 1}}
                  - {id: s02, name: Ben, choices: {plan: lab}}
                """))
        let (view, ana, _) = try XCTUnwrap(plan.plan.view(of: "s01"))
        XCTAssertEqual(ana.items.map(\.item.id), ["plan", "field-day", "otters-only", "one-reflection-1"])
        XCTAssertEqual(ana.items.map(\.due), [d("2027-03-02"), d("2027-03-04"), d("2027-03-05"), d("2027-03-05")],
                       "milestones move one meeting; the reflection stays with the class")
        XCTAssertEqual(ana.items[0].chosen?.id, "field")
        XCTAssertEqual(view.sections[0].cycles[0].items[0].options.map(\.id), ["field"])
        let ben = try XCTUnwrap(plan.plan.view(of: "s02")).student
        XCTAssertEqual(ben.items.map(\.item.id), ["plan", "one-reflection-1"])
    }

    func testPinnedCycleStart() throws {
        let (plan, _) = try schedule(project(calendar: "  start: 2027-03-01", cycles: """
              - {id: one, title: One, days: 2}
              - {id: two, title: Two, days: 2, start: 2027-03-15}
            """))
        XCTAssertEqual(plan.plan.sections[0].cycles.map(\.start), [d("2027-03-01"), d("2027-03-15")])
    }
}
