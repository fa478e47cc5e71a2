import Foundation
import XCTest

/// `pbl calendar`: the school calendar a project ends up with, templates merged in, each
/// entry with the file and line that wrote it.
final class CalendarCommandTests: XCTestCase {
    private static let template = """
        pbl: 1
        id: school-year
        title: The school's year
        driving_question: What makes a test fair?
        product: {title: A lab report, audience: The science fair}
        calendar:
          start: 2027-03-01
          rotation: [A, B]
          rotation_anchor: {date: 2027-03-01, day: A}
          no_school:
            - {dates: 2027-03-15..2027-03-19, reason: Spring break}
            - {dates: 2027-03-26, reason: PD day}
        cycles:
          - id: lab
            title: Run the lab
            days: 5
            milestones:
              - {id: plan, title: Plan, day: 1, kind: launch, choices: [{id: a, title: A}, {id: b, title: B}]}
              - {id: review, title: Peer review, day: 3, kind: critique}
            reflection: [{prompt: What would you change?}]

        """

    private static let project = """
        pbl: 1
        id: mine
        title: Mine
        extends: school-year
        calendar:
          start: 2027-03-08
          no_school:
            - {dates: 2027-03-10, reason: "Field trip \\u001b[31m"}
        students: [{id: ana, name: Ana López}]

        """

    func testTheMergedCalendarShowsTheTemplatesHolidaysAndTheProjectsAdditions() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("templates/projects"), withIntermediateDirectories: true)
        try Self.template.write(to: folder.appendingPathComponent("templates/projects/school-year.yaml"), atomically: true, encoding: .utf8)
        try Self.project.write(to: folder.appendingPathComponent("mine.yaml"), atomically: true, encoding: .utf8)
        let run = try CLI.run(["calendar", "mine.yaml"], in: folder)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, """
            School calendar of mine, laid over template `school-year`

            start     Mon 2027-03-08                                       mine.yaml:6
            end       Mon 2028-03-06 (one year after the start)
            meets     mon to fri
            rotation  A/B rotation; 2027-03-01 is day A (rotation_anchor)  templates/projects/school-year.yaml:9

            No school (3 entries)
              2027-03-10              Wed         1 school day   Field trip  [31m  mine.yaml:8
              2027-03-15..2027-03-19  Mon to Fri  5 school days  Spring break      templates/projects/school-year.yaml:11
              2027-03-26              Fri         1 school day   PD day            templates/projects/school-year.yaml:12

            """)
        XCTAssertFalse(run.stdout.contains("\u{1B}"), "a reason cannot send escapes to the terminal")
        let bad = try CLI.run(["calendar", "nothing.yaml"], in: folder)
        XCTAssertNotEqual(bad.status, 0)
    }
}
