import Foundation
import XCTest

/// One value in a file must not size pbl's work: each input here used to crash, hang or take
/// gigabytes. Every command stops with an error at the value, quickly.
final class HostileNumbersTests: XCTestCase {
    private static let base = """
        pbl: 1
        id: creek
        title: Is our creek safe?
        driving_question: How can we find out whether Mill Creek is safe to swim in?
        product: {title: A water-safety report, audience: The town council}
        calendar:
          start: 2027-03-01
        cycles:
          - id: explore
            title: Explore
            days: 5
            milestones:
              - {id: plan, title: Sampling plan, day: 1, choices: [{id: lab, title: In the lab}, {id: field, title: In the field}]}
              - {id: walk, title: Gallery walk, day: 3, kind: critique}
            reflection: [{prompt: What did you notice first?}]
        students: [{id: ana, name: Ana López}]

        """

    /// Runs `pbl` under `timeout`, so a hang fails the test instead of stalling the suite.
    private func run(_ arguments: [String], in folder: URL) throws -> (status: Int32, stdout: String, stderr: String) {
        let result = try CLI.run(["20", CLI.binary.path] + arguments, in: folder, executable: URL(fileURLWithPath: "/usr/bin/timeout"))
        return (result.status, result.stdout, result.stderr)
    }

    private func expectOneErrorEverywhere(_ text: String, rule: String, line: Int, file: StaticString = #filePath, at: UInt = #line) throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try text.write(to: folder.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let validate = try run(["validate", "--format", "json", "p.yaml"], in: folder)
        XCTAssertEqual(validate.status, 1, validate.stdout + validate.stderr, file: file, line: at)
        let findings = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(validate.stdout.utf8)) as? [[String: Any]], file: file, line: at)
        XCTAssertEqual(findings.compactMap { $0["rule"] as? String }, [rule], validate.stdout, file: file, line: at)
        XCTAssertEqual(findings.first?["line"] as? Int, line, validate.stdout, file: file, line: at)
        for command in [["schedule", "p.yaml"], ["checklists", "p.yaml"], ["render", "p.yaml", "-o", "out"], ["calendar", "p.yaml"]] {
            let result = try run(command, in: folder)
            XCTAssertEqual(result.status, 1, "\(command): \(result.stderr)", file: file, line: at)
            XCTAssertTrue(result.stderr.contains("fix them first"), result.stderr, file: file, line: at)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path), file: file, line: at)
    }

    func testHugeCycleLengthsAreOneErrorNotAnOverflow() throws {
        try expectOneErrorEverywhere(Self.base.replacingOccurrences(of: "days: 5", with: "days: 9223372036854775807"),
                                     rule: "malformed-value", line: 11)
        try expectOneErrorEverywhere(Self.base.replacingOccurrences(of: "days: 5", with: "days: 5000000000000000000"),
                                     rule: "malformed-value", line: 11)
    }

    func testExtraDaysOutOfRangeStopEveryCommand() throws {
        for value in ["-1", "100000000", "1000000000", "9223372036854775807"] {
            try expectOneErrorEverywhere(Self.base.replacingOccurrences(of: "{id: ana, name: Ana López}",
                                                                        with: "{id: ana, name: Ana López, support: {extra_days: \(value)}}"),
                                         rule: "malformed-value", line: 16)
        }
    }

    func testDatesCenturiesAwayAreOneError() throws {
        let sections = (0..<1000).map { "    - {id: s\($0), start: 1900-01-0\(1 + $0 % 9)}" }.joined(separator: "\n")
        let thousand = Self.base.replacingOccurrences(of: "  start: 2027-03-01", with: "  start: 1900-01-01\n  exhibition: 2999-06-01\n  sections:\n" + sections)
            .replacingOccurrences(of: "{id: ana, name: Ana López}", with: "{id: ana, name: Ana López, section: s0}")
        try expectOneErrorEverywhere(thousand, rule: "calendar-out-of-range", line: 8)
        try expectOneErrorEverywhere(Self.base.replacingOccurrences(of: "  start: 2027-03-01", with: "  start: 2027-03-01\n  end: 9999-12-31"),
                                     rule: "calendar-out-of-range", line: 8)
        try expectOneErrorEverywhere(Self.base.replacingOccurrences(of: "    days: 5", with: "    days: 5\n    start: 9999-06-01"),
                                     rule: "calendar-out-of-range", line: 12)
        try expectOneErrorEverywhere(Self.base.replacingOccurrences(of: "start: 2027-03-01", with: "start: 9999-11-01"),
                                     rule: "calendar-out-of-range", line: 7)
    }
}
