import Foundation
import XCTest

/// What the commands say when something is off: every id pbl prints can be explained, the
/// human output names each rule, and a usage error ends with the subcommand's own usage.
final class CommandMessagesTests: XCTestCase {
    private static let printedIDs = [
        "yaml-syntax", "yaml-tab-indentation", "yaml-duplicate-key", "yaml-undefined-alias", "yaml-invalid-merge",
        "yaml-depth-limit", "yaml-alias-limit", "yaml-input-size-limit", "yaml-scalar-size-limit",
        "yaml-invalid-utf8", "yaml-encoding", "yaml-binary", "empty-file", "template-syntax", "template-empty", "unknown-render-template",
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
        XCTAssertEqual(lines.first, "Error: no student `nobody` (by id or name)", run.stderr)
        XCTAssertTrue(lines.dropFirst().first?.hasPrefix("Usage: pbl schedule <file>") ?? false, run.stderr)
        XCTAssertEqual(lines.last, "  See 'pbl schedule --help' for more information.")
    }

    func testStudentsAreNamedByIDOrUniqueNameAndTheirSectionIsSaid() throws {
        let opEd = "examples/op-ed-workshop/op-ed-workshop.yaml"
        let byName = try CLI.run(["schedule", opEd, "--student", "luis  ORTEGA"])
        XCTAssertEqual(byName.status, 0, byName.stderr)
        XCTAssertTrue(byName.stdout.hasPrefix("Whose voice counts? Op-eds for the local paper: Luis Ortega  (section p2)\n"), byName.stdout)
        let checklist = try CLI.run(["checklists", opEd, "--student", "Amara Nwosu", "--format", "text"])
        XCTAssertEqual(checklist.status, 0, checklist.stderr)
        XCTAssertTrue(checklist.stdout.hasPrefix("Amara Nwosu\n"), checklist.stdout)
        let elsewhere = try CLI.run(["schedule", opEd, "--section", "p6", "--student", "s01"])
        XCTAssertEqual(elsewhere.status, 2)
        XCTAssertTrue(elsewhere.stderr.hasPrefix("Error: student `s01` (Amara Nwosu) is in section `p2`, not `p6`\n"), elsewhere.stderr)
        let unknown = try CLI.run(["checklists", opEd, "--student", "s99"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.hasPrefix("Error: no student `s99` (by id or name); did you mean"), unknown.stderr)

        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try String(contentsOf: CLI.packageRoot.appendingPathComponent(opEd), encoding: .utf8)
        try text.write(to: folder.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        try "id,name,section\na1,Sam Lee,p2\na2,Sam Lee,p6\n".write(to: folder.appendingPathComponent("roster.csv"), atomically: true, encoding: .utf8)
        let twice = try CLI.run(["schedule", "p.yaml", "--student", "Sam Lee"], in: folder)
        XCTAssertEqual(twice.status, 2)
        XCTAssertTrue(twice.stderr.hasPrefix("Error: 2 students are named `Sam Lee`: `a1` (section `p2`), `a2` (section `p6`); name one by id\n"), twice.stderr)
    }
}
