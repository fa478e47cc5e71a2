import Foundation
import XCTest
@testable import Planner
@testable import PlannerCheck
@testable import PlannerDates
@testable import PlannerLoad
@testable import PlannerModel
@testable import PlannerResources
@testable import PlannerSchedule

/// `examples/broken/<rule>/`: each rule's failing example, a project a person can run
/// `pbl validate` on, with the exact human and JSON output beside it.
///
/// Run with `PBL_UPDATE_GOLDENS=1` to rewrite them after a deliberate change, then read the diff.
final class BrokenExamplesGoldenTests: XCTestCase {
    private var updating: Bool { ProcessInfo.processInfo.environment["PBL_UPDATE_GOLDENS"] == "1" }

    func testEveryRuleHasABrokenExampleWithGoldenOutput() throws {
        let broken = CLI.packageRoot.appendingPathComponent("examples/broken")
        for rule in Rules.all {
            let folder = broken.appendingPathComponent(rule.id)
            let project = folder.appendingPathComponent("project.yaml")
            let relative = "examples/broken/\(rule.id)/project.yaml"
            XCTAssertEqual(try? String(contentsOf: project, encoding: .utf8), rule.failingExample,
                           "\(relative) differs from the copy built into pbl; run scripts/embed-files")
            let human = try CLI.run(["validate", relative], environment: ["NO_COLOR": "1"])
            let json = try CLI.run(["validate", "--format", "json", relative])
            XCTAssertEqual(human.status, rule.severity == .error ? 1 : 0, "\(rule.id): \(human.stdout)")
            try compare(human.stdout, folder.appendingPathComponent("expected.txt"), rule.id)
            try compare(json.stdout, folder.appendingPathComponent("expected.json"), rule.id)
        }
    }

    /// The fixed example on disk is the one built in, and the command finds it clean of its rule.
    func testEveryFixedExampleValidatesWithoutItsRule() throws {
        let broken = CLI.packageRoot.appendingPathComponent("examples/broken")
        for rule in Rules.all {
            let relative = "examples/broken/\(rule.id)/fixed.yaml"
            let onDisk = try? String(contentsOf: broken.appendingPathComponent(rule.id).appendingPathComponent("fixed.yaml"), encoding: .utf8)
            XCTAssertEqual(onDisk, rule.passingExample, "\(relative) differs from the copy built into pbl; run scripts/embed-files")
            let run = try CLI.run(["validate", "--format", "json", relative])
            XCTAssertEqual(run.status, 0, "\(relative): \(run.stdout)\(run.stderr)")
            XCTAssertFalse(run.stdout.contains("\"rule\": \"\(rule.id)\""), "\(relative) still has \(rule.id): \(run.stdout)")
        }
    }

    /// Everything built into pbl (templates/, examples/broken/) is what the checkout holds, so the
    /// tests that run in the checkout exercise what an installed pbl ships.
    func testBuiltInFilesAreTheCheckouts() throws {
        let script = Process()
        script.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        script.arguments = ["python3", CLI.packageRoot.appendingPathComponent("scripts/embed-files").path, "--check"]
        let errors = Pipe()
        script.standardError = errors
        try script.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        script.waitUntilExit()
        XCTAssertEqual(script.terminationStatus, 0, message)
    }

    private func compare(_ output: String, _ golden: URL, _ rule: String) throws {
        if updating { try Data(output.utf8).write(to: golden) }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        XCTAssertEqual(output, expected, "\(rule): output differs from \(golden.lastPathComponent)")
    }
}
