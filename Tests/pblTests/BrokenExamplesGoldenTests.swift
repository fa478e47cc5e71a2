import Foundation
import XCTest
@testable import Planner

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

    private func compare(_ output: String, _ golden: URL, _ rule: String) throws {
        if updating { try Data(output.utf8).write(to: golden) }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        XCTAssertEqual(output, expected, "\(rule): output differs from \(golden.lastPathComponent)")
    }
}
