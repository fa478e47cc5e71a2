import XCTest
@testable import Planner
@testable import PlannerCheck
@testable import PlannerDates
@testable import PlannerLoad
@testable import PlannerModel
@testable import PlannerResources
@testable import PlannerSchedule
import YAMLTree

/// The cases that used to give silently wrong dates: extra days moving class events, a
/// project's `no_school` dropping its template's, a rotation that flipped with the start, and
/// students or labels that fell back without a word. Each new error is checked at its line.
final class TrustedDatesTests: XCTestCase {
    private func d(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    private static let head = """
        pbl: 1
        id: creek
        title: Is our creek safe?
        driving_question: How can we find out whether Mill Creek is safe to swim in?
        product: {title: A water-safety report, audience: The town council}

        """

    private static let investigate = """
        cycles:
          - id: investigate
            title: Investigate the creek
            days: 5
            milestones:
              - {id: need-to-know, title: Need-to-know list, day: 1, kind: launch}
              - {id: plan, title: Sampling plan, day: 2, choices: [{id: lab, title: In the lab}, {id: field, title: In the field}]}
              - {id: data-check, title: First data set, day: 3, kind: checkpoint}
              - {id: gallery-walk, title: Gallery walk on the data tables, day: 4, kind: critique}
              - {id: visit, title: Historical society visit, day: 4, class_event: true}
              - {id: recorded-talk, title: Recorded talk, day: 4, kind: presentation, class_event: false}
            reflection: [{prompt: What surprised you?}]

        """

    private func plan(_ text: String, files: [String: String] = [:]) throws -> (DatedPlan, FileReport) {
        let report = try validate(text, files: files)
        let project = try XCTUnwrap(report.project)
        return (try XCTUnwrap(Scheduler.schedule(project)).plan, report)
    }

    // MARK: class events and due work

    func testExtraDaysMoveDueWorkOnlyClassEventsKeepTheClassDate() throws {
        let text = Self.head + "calendar: {start: 2027-03-01}\n" + Self.investigate
            + "students:\n  - {id: ana, name: Ana López, support: {extra_days: 1}}\n"
        let (plan, report) = try plan(text)
        XCTAssertEqual(report.diagnostics.map(\.message), [])
        let ana = try XCTUnwrap(plan.sections.first?.students.first)
        let due = Dictionary(uniqueKeysWithValues: ana.items.map { ($0.item.id, $0.due) })
        XCTAssertEqual(due["need-to-know"], d("2027-03-01"), "a launch is held on its day")
        XCTAssertEqual(due["gallery-walk"], d("2027-03-04"), "the class holds the gallery walk on Thu Mar 4")
        XCTAssertEqual(due["visit"], d("2027-03-04"), "`class_event: true` keeps a visit on its day")
        XCTAssertEqual(due["data-check"], d("2027-03-04"), "a checkpoint is due work: one day later")
        XCTAssertEqual(due["recorded-talk"], d("2027-03-05"), "`class_event: false` makes a presentation due work")
        XCTAssertEqual(due["investigate-reflection-1"], d("2027-03-05"), "reflections keep the class date")
        let items = Dictionary(uniqueKeysWithValues: ana.items.map { ($0.item.id, $0.item.isClassEvent) })
        XCTAssertEqual(items["gallery-walk"], true)
        XCTAssertEqual(items["data-check"], false)
    }

    func testDueWorkThatLandsAfterTheEventNeedingItIsAWarningAtTheStudent() throws {
        let text = Self.head + "calendar: {start: 2027-03-01}\n" + """
            cycles:
              - id: argue
                title: Make the case
                days: 5
                milestones:
                  - {id: draft, title: Draft, day: 2}
                  - {id: critique, title: Feedback round, day: 3, kind: critique, after: [draft]}
                reflection: [{prompt: What changed?}]
            students:
              - {id: ana, name: Ana López, support: {extra_days: 1}}
              - {id: ben, name: Ben Okafor, support: {extra_days: 2}}

            """
        let report = try validate(text)
        let late = report.having("due-after-event")
        XCTAssertEqual(late.count, 1, "one day late is the day of the critique: bring it; two is after it")
        XCTAssertEqual(late.first?.message, "student `ben`'s extra days make `draft` due 2027-03-04, after the class holds `critique` on 2027-03-03")
        XCTAssertEqual(late.first?.range?.start.line, 17, "at Ben's `extra_days`")
        XCTAssertEqual(late.first?.range?.start.column, 55)
        XCTAssertEqual(late.first?.severity, .warning)
    }

    // MARK: merging with templates

    private static let template = """
        pbl: 1
        id: school-year
        title: The school's year
        driving_question: What makes a test fair?
        product: {title: A lab report, audience: The science fair}
        subjects: [science, ela]
        calendar:
          start: 2027-03-01
          no_school:
            - {dates: 2027-03-15..2027-03-19, reason: Spring break}
            - {dates: 2027-03-03, reason: PD day}
        cycles:
          - id: lab
            title: Run the lab
            days: 5
            milestones:
              - {id: plan, title: Plan, day: 1, kind: launch, choices: [{id: a, title: A}, {id: b, title: B}]}
              - {id: review, title: Peer review, day: 3, kind: critique}
            reflection: [{prompt: What would you change?}]

        """

    private func extending(_ body: String) throws -> (DatedPlan, FileReport) {
        try plan("pbl: 1\nid: mine\ntitle: Mine\nextends: school-year\nstudents: [{id: ana, name: Ana López}]\n" + body,
                 files: ["templates/projects/school-year.yaml": Self.template])
    }

    func testAProjectsNoSchoolAddsToItsTemplates() throws {
        let (plan, report) = try extending("calendar:\n  no_school: [{dates: 2027-03-02, reason: Field trip}]\n")
        XCTAssertEqual(report.diagnostics.map(\.message), [])
        let project = try XCTUnwrap(report.project)
        XCTAssertEqual(project.calendar?.noSchool.map(\.dates.value.description), ["2027-03-15..2027-03-19", "2027-03-03", "2027-03-02"])
        XCTAssertTrue(project.calendar?.noSchool[0].dates.file.hasSuffix("school-year.yaml") ?? false, "each entry keeps its file")
        let items = try XCTUnwrap(plan.sections.first?.cycles.first?.items)
        // Mon 1 meets; Tue 2 (trip) and Wed 3 (PD day) do not; Thu 4, Fri 5, Mon 8, Tue 9.
        XCTAssertEqual(items.map(\.date), [d("2027-03-01"), d("2027-03-05"), d("2027-03-09")])
        XCTAssertEqual(plan.sections.first?.noSchool.map(\.reason), ["Field trip", "PD day"],
                       "the plan's span (to Tue Mar 9) holds the trip and the PD day, not spring break")
    }

    func testOverrideReplacesATemplatesListOnPurpose() throws {
        let (plan, report) = try extending("calendar:\n  no_school: !override [2027-03-02]\n")
        XCTAssertEqual(report.diagnostics.map(\.message), [])
        XCTAssertEqual(report.project?.calendar?.noSchool.map(\.dates.value.description), ["2027-03-02"])
        XCTAssertEqual(plan.sections.first?.cycles.first?.items.first { $0.id == "review" }?.date, d("2027-03-04"))
    }

    func testAnEmptyAppendingListAndADroppingReplacementAreNotes() throws {
        let (_, report) = try extending("subjects: [math]\ncalendar:\n  no_school: []\n")
        let notes = report.having("template-list-replaced")
        XCTAssertEqual(notes.map(\.message), [
            "`subjects` replaces template `school-year`'s list, leaving out 2 of its 2 items",
            "an empty `no_school` adds nothing: template `school-year`'s 2 entries stay",
        ])
        XCTAssertEqual(notes.map { $0.range?.start.line }, [6, 8])
        XCTAssertEqual(notes.first?.notes.first?.range?.start.line, 6, "the template's list is shown")
        XCTAssertEqual(report.project?.calendar?.noSchool.count, 2)
        let (_, superset) = try extending("subjects: [science, ela, math]\n")
        XCTAssertEqual(superset.having("template-list-replaced").count, 0, "nothing left out, nothing to say")
    }

    // MARK: anchored rotations

    private func rotation(start: String, anchor: String?) -> String {
        Self.head + """
            calendar:
              start: \(start)
              rotation: [A, B]
            \(anchor.map { "  rotation_anchor: {date: \($0), day: A}\n" } ?? "")  meets_on: [A]
              no_school: [2027-03-10]
            cycles:
              - id: lab
                title: Lab
                days: 3
                milestones: [{id: go, title: Go, day: 1, kind: launch, choices: [{id: a, title: A}, {id: b, title: B}]},
                             {id: review, title: Review, day: 2, kind: critique}]
                reflection: [{prompt: What changed?}]
            students: [{id: ana, name: Ana López}]

            """
    }

    func testAnAnchoredRotationStaysPutWhenTheStartMoves() throws {
        let (onFirst, clean) = try plan(rotation(start: "2027-03-01", anchor: "2027-03-01"))
        XCTAssertEqual(clean.diagnostics.map(\.message), [])
        let (moved, _) = try plan(rotation(start: "2027-03-02", anchor: "2027-03-01"))
        // A days by the anchor: Mon 1, Wed 3, Fri 5, Tue 9.
        XCTAssertEqual(onFirst.sections[0].cycles[0].start, d("2027-03-01"))
        XCTAssertEqual(moved.sections[0].cycles[0].items.map(\.date), [d("2027-03-03"), d("2027-03-05"), d("2027-03-09")],
                       "Tue Mar 2 is a B day by the school's calendar: the class starts on Wed Mar 3")
        XCTAssertEqual(moved.sections[0].rotation?.anchor, .pinned(date: d("2027-03-01"), day: "A"))
        let (unanchored, report) = try plan(rotation(start: "2027-03-02", anchor: nil))
        XCTAssertEqual(unanchored.sections[0].cycles[0].items.map(\.date), [d("2027-03-02"), d("2027-03-04"), d("2027-03-08")],
                       "without an anchor the start's day is A")
        XCTAssertEqual(unanchored.sections[0].rotation?.anchor, .calendarStart(date: d("2027-03-02"), day: "A"))
        let note = try XCTUnwrap(report.having("rotation-not-anchored").first)
        XCTAssertEqual(note.severity, .note)
        XCTAssertEqual(note.range?.start.line, 8)
        XCTAssertTrue(note.help?.contains("rotation_anchor: {date: 2027-03-02, day: A}") ?? false)
    }

    func testAnAnchorAfterTheStartAndAcrossHolidaysAndYearsCounts() throws {
        // Anchored a week after the start: Mon Mar 8 is A, so Fri Mar 5 is B and Thu Mar 4 is A.
        let (later, _) = try plan(rotation(start: "2027-03-04", anchor: "2027-03-08"))
        XCTAssertEqual(later.sections[0].cycles[0].start, d("2027-03-04"))
        // Anchored decades away: counted, not walked, and the same answer as a near anchor of
        // the same parity (9,000+ school days later, with Wed Mar 10 closed in between).
        let far = rotation(start: "2027-03-01", anchor: "1990-01-01").replacingOccurrences(of: "no_school: [2027-03-10]", with: "no_school: []")
        let (farPlan, farReport) = try plan(far)
        XCTAssertEqual(farReport.having("rotation-mismatch").count, 0)
        let school = SchoolCalendar(start: d("1990-01-01"), end: d("2027-03-01"), meets: [], rotation: ["A", "B"], meetsOn: [], noSchool: [])
        XCTAssertEqual(farPlan.sections[0].rotation?.anchor, .pinned(date: d("1990-01-01"), day: "A"))
        let expected = school.rotationDay(of: d("2027-03-01"))
        XCTAssertEqual(farPlan.sections[0].cycles[0].start, expected == "A" ? d("2027-03-01") : d("2027-03-02"))
    }

    // MARK: no silent fallbacks

    func testRotationMistakesAreErrorsAtTheirLabel() throws {
        let noRotation = try validate(Self.head + "calendar:\n  start: 2027-03-01\n  meets_on: [A]\n" + Self.investigate)
        let first = try XCTUnwrap(noRotation.having("rotation-mismatch").first)
        XCTAssertEqual(first.message, "calendar has `meets_on` but the calendar has no `rotation`: without one every school day is alike")
        XCTAssertEqual([first.range?.start.line, first.range?.start.column], [8, 14])
        XCTAssertEqual(noRotation.having("calendar-runs-out").count, 0)

        let text = Self.head + """
            calendar:
              start: 2027-03-01
              end: 2027-06-18
              rotation: [A, B]
              rotation_anchor: {date: 2027-03-06, day: C}
              sections:
                - {id: p2, meets_on: [A]}
                - {id: p5, meets_on: [b]}

            """ + Self.investigate
        let report = try validate(text)
        XCTAssertEqual(report.having("rotation-mismatch").map(\.message), [
            "the rotation anchor 2027-03-06 (a Saturday) is not a school day",
            "`C` is not a day of the rotation [A, B]",
            "`b` is not a day of the rotation [A, B]",
        ])
        XCTAssertEqual(report.having("rotation-mismatch").map { $0.range?.start.line }, [10, 10, 13])
        XCTAssertEqual(report.having("rotation-mismatch").last?.help, "did you mean `B`? the rotation's days: A, B")
        XCTAssertEqual(report.having("calendar-runs-out").count, 0, "the label is the mistake, not the calendar's end")
    }

    func testAStudentWithoutASectionIsAnErrorAtTheirRow() throws {
        let sections = Self.head + """
            calendar:
              start: 2027-03-01
              sections: [{id: p2, meets: [mon, wed, fri]}, {id: p5, meets: [tue, thu]}]

            """ + Self.investigate
        let inline = try validate(sections + "students:\n  - {id: ana, name: Ana López, section: p2}\n  - {id: ben, name: Ben Okafor}\n")
        let error = try XCTUnwrap(inline.having("student-without-section").first)
        XCTAssertEqual(error.message, "student `ben` has no section, and the calendar has 2 (`p2`, `p5`)")
        XCTAssertEqual([error.range?.start.line, error.range?.start.column], [23, 10])

        let roster = try validate(sections + "roster: roster.csv\n", files: ["roster.csv": "id,name\nana,Ana López\nben,Ben Okafor\n"])
        let once = roster.having("student-without-section")
        XCTAssertEqual(once.count, 1, "a roster without the column is one mistake")
        XCTAssertEqual(once.first?.file, "roster.csv")
        XCTAssertEqual([once.first?.range?.start.line, once.first?.range?.start.column], [2, 1])
        XCTAssertEqual(once.first?.help, "add a `section` column to the roster, with one of `p2`, `p5` for each student")

        let single = try validate(Self.head + "calendar:\n  start: 2027-03-01\n  sections: [{id: p2}]\n" + Self.investigate
            + "students: [{id: ana, name: Ana López}]\n")
        XCTAssertEqual(single.having("student-without-section").count, 0, "with one section there is nothing to guess")
    }

    func testAProjectWithoutStudentsGetsANote() throws {
        let report = try validate(Self.head + "calendar: {start: 2027-03-01}\n" + Self.investigate, keepingNoStudents: true)
        let note = try XCTUnwrap(report.having("no-students").first)
        XCTAssertEqual(note.severity, .note)
        XCTAssertEqual([note.range?.start.line, note.range?.start.column], [2, 5])
        let empty = try validate(Self.head + "calendar: {start: 2027-03-01}\nroster: roster.csv\n" + Self.investigate,
                                 files: ["roster.csv": "id,name\n"], keepingNoStudents: true)
        XCTAssertEqual(empty.having("no-students").map(\.message), ["the roster has no students"])
        let missing = try validate(Self.head + "calendar: {start: 2027-03-01}\nroster: gone.csv\n" + Self.investigate, keepingNoStudents: true)
        XCTAssertEqual(missing.having("no-students").count, 0, "a roster that cannot be read has its own error")
    }

    func testAPlanMayReachAsFarAsItsCyclesNeedButNoFurther() throws {
        let cycles = (1...200).map { "  - {id: c\($0), title: C, days: 5, milestones: [{id: m\($0), title: M, day: 1, kind: critique, choices: [{id: a, title: A}, {id: b, title: B}]}], reflection: [{prompt: P}]}" }
        let text = Self.head + "calendar: {start: 2027-03-01, end: 2032-06-30}\ncycles:\n" + cycles.joined(separator: "\n")
            + "\nstudents: [{id: ana, name: Ana López}]\n"
        let report = try validate(text)
        XCTAssertEqual(report.having("calendar-out-of-range").count, 0, "1,000 class days reach five years: allowed")
        XCTAssertEqual(report.having("calendar-runs-out").count, 0)
        let far = try validate(text.replacingOccurrences(of: "end: 2032-06-30", with: "end: 2099-06-30"))
        XCTAssertEqual(far.having("calendar-out-of-range").count, 1, "four calendar days per class day, not seventy years")
    }
}
