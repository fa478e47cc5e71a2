import Foundation
@testable import Planner
@testable import PlannerCheck
@testable import PlannerDates
@testable import PlannerLoad
@testable import PlannerModel
@testable import PlannerResources
@testable import PlannerSchedule
import XCTest

/// A small dated plan with the awkward cases in it, built by hand so renderer tests do not
/// depend on the calendar code.
enum SamplePlan {
    static func date(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    /// A checkpoint title with everything a renderer must not mangle or execute: a spreadsheet
    /// formula, HTML, a comma, a semicolon, a backslash, a newline and non-ASCII text, long
    /// enough that its SUMMARY line has to fold.
    static let hostileTitle = "=cmd|' /C calc'!A0 <script>alert(1)</script>, data; check \\ first\nAna López 山田 checks the first data set"

    /// Two sections (p1, p2; p2 a day later) of two cycles: `investigate` (launch, a milestone
    /// with options, the hostile checkpoint, a reflection) and `argue` (a work milestone, an
    /// optional presentation, a reflection). The launch and the presentation are class events.
    /// Section p2 has one student with one extra day (their due work a day later, class events
    /// and reflections on the class's dates) who chose the field option and does not see the
    /// optional presentation. No school on 2027-03-15..19 and 2027-03-26, the exhibition on
    /// 2027-04-30; p2 on an A/B rotation counted from the start.
    static func plan() -> DatedPlan {
        DatedPlan(projectID: "mill-creek", title: "Is Mill Creek safe for swimming?",
                  drivingQuestion: "How can we find out whether Mill Creek is safe to swim in?",
                  productTitle: "A water-safety report", audience: "Town council", exhibition: date("2027-04-30"),
                  sections: [section("p1", shift: 0, students: false), section("p2", shift: 1, students: true)])
    }

    static let options = [DatedItem.Option(id: "lab", title: "Test samples in the lab"),
                          DatedItem.Option(id: "field", title: "Survey the banks, in the field")]

    static func section(_ id: String, shift: Int, students withStudent: Bool) -> SectionPlan {
        func day(_ text: String) -> CivilDate { date(text).adding(days: shift) }
        let investigate = DatedCycle(
            id: "investigate", title: "Investigate the creek", goal: "Collect and make sense of water-quality data.",
            start: day("2027-03-01"), end: day("2027-03-05"), days: 5,
            items: [
                DatedItem(id: "need-to-know", cycleID: "investigate", kind: .milestone(.launch), title: "Need-to-know list",
                          date: day("2027-03-01"), day: 1, deliverable: "A list of at least ten questions",
                          standards: ["MS-ESS3-3"], isClassEvent: true),
                DatedItem(id: "sampling-plan", cycleID: "investigate", kind: .milestone(.inquiry), title: "Sampling plan",
                          date: day("2027-03-02"), day: 2, options: options),
                DatedItem(id: "data-check", cycleID: "investigate", kind: .milestone(.checkpoint), title: hostileTitle,
                          date: day("2027-03-04"), day: 4, evidence: "Data table with three sites",
                          standards: ["MS-ESS3-3", "W.7.1"]),
                DatedItem(id: "investigate-reflection-1", cycleID: "investigate", kind: .reflection,
                          title: "What surprised you in the data?", date: day("2027-03-05"), day: 5),
            ])
        let argue = DatedCycle(
            id: "argue", title: "Make the case", goal: nil,
            start: day("2027-03-08"), end: day("2027-03-12"), days: 5,
            items: [
                DatedItem(id: "claim-draft", cycleID: "argue", kind: .milestone(.work), title: "Draft claim",
                          date: day("2027-03-09"), day: 2, deliverable: "One page, citing our data", standards: ["W.7.1"]),
                DatedItem(id: "rehearsal", cycleID: "argue", kind: .milestone(.presentation), title: "Rehearse for the council",
                          date: day("2027-03-11"), day: 4, optional: true, isClassEvent: true),
                DatedItem(id: "argue-reflection-1", cycleID: "argue", kind: .reflection,
                          title: "Which evidence convinced you most?", date: day("2027-03-12"), day: 5),
            ])
        var students: [StudentPlan] = []
        if withStudent {
            let items = investigate.items + argue.items.filter { !$0.optional }
            students.append(StudentPlan(
                id: "s01", name: "Ana López 山田", group: "otters", groupTitle: "Otters", section: id, extraDays: 1,
                goals: ["Lead the field team"],
                items: items.map { item in
                    StudentPlan.Item(item: item, due: item.isClassEvent || item.isReflection ? item.date : item.date.adding(days: 1),
                                     chosen: item.id == "sampling-plan" ? options[1] : nil)
                }))
        }
        let rotation = RotationFacts(days: ["A", "B"], meetsOn: ["A"], anchor: .calendarStart(date: date("2027-03-01"), day: "A"))
        return SectionPlan(id: id, cycles: [investigate, argue], students: students,
                           noSchool: [NoSchoolDays(dates: DateRange(first: date("2027-03-15"), last: date("2027-03-19")), reason: "Spring break"),
                                      NoSchoolDays(dates: DateRange(first: date("2027-03-26"), last: date("2027-03-26")))],
                           rotation: withStudent ? rotation : nil)
    }

    /// One cycle with one milestone and one reflection, no sections: small enough for exact
    /// expected output.
    static func tiny() -> DatedPlan {
        let cycle = DatedCycle(
            id: "build", title: "Build it", goal: "Make a model", start: date("2027-02-25"), end: date("2027-03-01"),
            days: 3,
            items: [
                DatedItem(id: "model", cycleID: "build", kind: .milestone(.checkpoint), title: "Model, v1; \"rough\"",
                          date: date("2027-02-26"), day: 2, deliverable: "A model", options: [
                              .init(id: "clay", title: "Clay"), .init(id: "card", title: "Card"),
                          ]),
                DatedItem(id: "build-reflection-1", cycleID: "build", kind: .reflection, title: "What broke?",
                          date: date("2027-03-01"), day: 3),
            ])
        return DatedPlan(projectID: "bridge", title: "Bridges", drivingQuestion: nil, productTitle: nil, audience: nil,
                         exhibition: nil, sections: [SectionPlan(id: nil, cycles: [cycle], students: [])])
    }
}

/// Runs python3 (found on PATH) on a script, with the text to check written to a temp file
/// whose path is the script's first argument. Returns the script's stdout.
enum Python {
    static func run(_ script: String, on text: String, suffix: String,
                    file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let python = try XCTUnwrap(which("python3"), "python3 is not on PATH", file: file, line: line)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pbl-render-\(UUID().uuidString).\(suffix)")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script, url.path]
        // stderr goes to a file, so neither stream can fill a pipe and block the child.
        let errorURL = url.appendingPathExtension("stderr")
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let errorHandle = try FileHandle(forWritingTo: errorURL)
        defer { try? FileManager.default.removeItem(at: errorURL) }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errorHandle
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errorHandle.close()
        let stderr = (try? String(contentsOf: errorURL, encoding: .utf8)) ?? ""
        XCTAssertEqual(process.terminationStatus, 0, "python3 failed: \(stderr)", file: file, line: line)
        return String(decoding: data, as: UTF8.self)
    }

    /// The JSON the script printed.
    static func json(_ script: String, on text: String, suffix: String,
                     file: StaticString = #filePath, line: UInt = #line) throws -> Any {
        let output = try run(script, on: text, suffix: suffix, file: file, line: line)
        return try JSONSerialization.jsonObject(with: Data(output.utf8))
    }

    static func which(_ tool: String) -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(directory)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}
