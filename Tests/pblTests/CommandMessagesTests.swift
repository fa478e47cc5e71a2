import Foundation
import XCTest

/// What the commands say when something is off: every id pbl prints can be explained, the
/// human output names each rule, and a usage error ends with the subcommand's own usage.
final class CommandMessagesTests: XCTestCase {
    private static let printedIDs = [
        "yaml-syntax", "yaml-tab-indentation", "yaml-duplicate-key", "yaml-undefined-alias", "yaml-invalid-merge",
        "yaml-depth-limit", "yaml-alias-limit", "yaml-input-size-limit", "yaml-scalar-size-limit",
        "yaml-invalid-utf8", "yaml-encoding", "yaml-binary", "empty-file", "template-syntax", "unknown-render-template",
    ]

    func testEveryIDPblPrintsCanBeExplained() throws {
        let list = try CLI.run(["explain"])
        XCTAssertEqual(list.status, 0)
        for id in Self.printedIDs {
            let run = try CLI.run(["explain", id])
            XCTAssertEqual(run.status, 0, "\(id): \(run.stderr)")
            XCTAssertTrue(run.stdout.hasPrefix("\(id) (error by default)") || run.stdout.hasPrefix("\(id) (warning by default)"), run.stdout)
            XCTAssertTrue(list.stdout.contains("\n\(id) ") || list.stdout.hasPrefix("\(id) "), "\(id) is listed")
        }
        let typo = try CLI.run(["explain", "yaml-syntx"])
        XCTAssertEqual(typo.status, 2)
        XCTAssertTrue(typo.stderr.hasPrefix("Error: no rule `yaml-syntx`; did you mean `yaml-syntax`?\nUsage: pbl explain [<rule>]\n"), typo.stderr)
    }

    func testTheHumanOutputNamesYAMLRulesToo() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "pbl: 1\ntitle: [unclosed\n".write(to: folder.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let run = try CLI.run(["validate", "p.yaml"], in: folder)
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stdout.contains("[yaml-syntax]"), run.stdout)
    }

    func testAUsageErrorInASubcommandEndsWithItsUsage() throws {
        let run = try CLI.run(["schedule", "examples/mill-creek/mill-creek.yaml", "--student", "nobody"])
        XCTAssertEqual(run.status, 2)
        let lines = run.stderr.split(separator: "\n").suffix(3).map(String.init)
        XCTAssertEqual(lines.first, "Error: no student `nobody`", run.stderr)
        XCTAssertTrue(lines.dropFirst().first?.hasPrefix("Usage: pbl schedule <file>") ?? false, run.stderr)
        XCTAssertEqual(lines.last, "  See 'pbl schedule --help' for more information.")
    }
}
