import Foundation
import XCTest
@testable import Planner
@testable import PlannerCheck
@testable import PlannerDates
@testable import PlannerLoad
@testable import PlannerModel
@testable import PlannerResources
@testable import PlannerSchedule

/// The shipped examples are clean, the committed schema is what `pbl schema` prints, and a
/// real JSON Schema validator (check-jsonschema, installed by scripts/bootstrap) accepts both.
final class SchemaAndExamplesTests: XCTestCase {
    static let examples = ["examples/mill-creek/mill-creek.yaml", "examples/op-ed-workshop/op-ed-workshop.yaml",
                           "examples/playground-design/playground-design.yaml"]

    func testCommittedSchemasAreWhatPBLPrints() throws {
        for (arguments, file) in [(["schema"], "schema/project.schema.json"), (["schema", "--catalog"], "schema/catalog.schema.json"),
                                  (["schema", "--look"], "schema/look.schema.json"),
                                  (["schema"], "examples/department/schema/project.schema.json"),
                                  (["schema", "--look"], "examples/department/schema/look.schema.json")] {
            let run = try CLI.run(arguments)
            XCTAssertEqual(run.status, 0)
            let committed = try String(contentsOf: CLI.packageRoot.appendingPathComponent(file), encoding: .utf8)
            XCTAssertEqual(run.stdout, committed, "\(file) is stale: run `pbl \(arguments.joined(separator: " ")) > \(file)`")
        }
    }

    func testExamplesValidateCleanWithPBL() throws {
        let run = try CLI.run(["validate", "--strict"] + Self.examples)
        XCTAssertEqual(run.status, 0, run.stdout)
        XCTAssertEqual(run.stdout, "3 files: no problems\n")
    }

    func testExamplesHaveTheSchemaModeline() throws {
        for example in Self.examples {
            let text = try String(contentsOf: CLI.packageRoot.appendingPathComponent(example), encoding: .utf8)
            XCTAssertTrue(text.hasPrefix("# yaml-language-server: $schema=../../schema/project.schema.json\n"), example)
        }
    }

    func testSchemasAreValidAndAcceptTheExamples() throws {
        let tool = try XCTUnwrap(Self.which("check-jsonschema"), "check-jsonschema is missing: run scripts/bootstrap")
        let meta = try Self.run(tool, ["--check-metaschema", "schema/project.schema.json", "schema/catalog.schema.json", "schema/look.schema.json"])
        XCTAssertEqual(meta.status, 0, meta.output)
        let projects = try Self.run(tool, ["--schemafile", "schema/project.schema.json"] + Self.examples + Self.department + Self.builtinTemplates)
        XCTAssertEqual(projects.status, 0, projects.output)
        // A project that extends a template leaves out what the template gives, but not its ids.
        let overlay = FileManager.default.temporaryDirectory.appendingPathComponent("pbl-overlay-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: overlay) }
        try Data("pbl: 1\nid: x\nextends: inquiry-week\ncycles:\n  - {days: 6}\n".utf8).write(to: overlay)
        XCTAssertNotEqual(try Self.run(tool, ["--schemafile", "schema/project.schema.json", overlay.path]).status, 0)
        let catalogs = try FileManager.default.contentsOfDirectory(atPath: CLI.packageRoot.appendingPathComponent("templates/standards").path)
            .filter { $0.hasSuffix(".yaml") }.map { "templates/standards/" + $0 }
        let checked = try Self.run(tool, ["--schemafile", "schema/catalog.schema.json"] + catalogs)
        XCTAssertEqual(checked.status, 0, checked.output)
        let look = try Self.run(tool, ["--schemafile", "schema/look.schema.json", "examples/department/templates/render/look.yaml"])
        XCTAssertEqual(look.status, 0, look.output)
        let tooSmall = FileManager.default.temporaryDirectory.appendingPathComponent("pbl-look-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: tooSmall) }
        try Data("font_size: 9\n".utf8).write(to: tooSmall)
        XCTAssertNotEqual(try Self.run(tool, ["--schemafile", "schema/look.schema.json", tooSmall.path]).status, 0)
        // The validator is not a rubber stamp: a broken example fails it.
        let broken = try Self.run(tool, ["--schemafile", "schema/project.schema.json", "examples/broken/unknown-key/project.yaml"])
        XCTAssertNotEqual(broken.status, 0, broken.output)
    }

    static let department = ["examples/department/grade7/rivera/creek-study.yaml", "examples/department/grade7/chen/insulation-challenge.yaml",
                             "examples/department/templates/projects/field-study.yaml", "examples/department/templates/projects/lab-design.yaml"]

    static var builtinTemplates: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: CLI.packageRoot.appendingPathComponent("templates/projects").path)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted().map { "templates/projects/" + $0 }
    }

    static func which(_ tool: String) -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(directory)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    static func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.currentDirectoryURL = CLI.packageRoot
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// SARIF output read back by a SARIF 2.1.0 object model (sarif-pydantic, installed by scripts/bootstrap).
final class SARIFPeerTests: XCTestCase {
    func testSARIFIsAcceptedBySARIFObjectModel() throws {
        let run = try CLI.run(["validate", "--format", "sarif", "examples/broken/duplicate-id/project.yaml",
                               "examples/broken/cycle-too-long/project.yaml"])
        XCTAssertEqual(run.status, 1)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pbl-\(UUID().uuidString).sarif")
        try Data(run.stdout.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let python = try XCTUnwrap(SchemaAndExamplesTests.which("python3"))
        let script = """
            import json, sys
            from sarif_pydantic import Sarif
            log = Sarif.model_validate(json.load(open(sys.argv[1])))
            run = log.runs[0]
            print(log.version, run.tool.driver.name, len(run.results),
                  ",".join(f"{r.rule_id}:{r.level.value}:{r.locations[0].physical_location.region.start_line}" for r in run.results))
            """
        let checked = try SchemaAndExamplesTests.run(python, ["-c", script, file.path])
        XCTAssertEqual(checked.status, 0, checked.output)
        XCTAssertEqual(checked.output.trimmingCharacters(in: .whitespacesAndNewlines),
                       "2.1.0 pbl 2 duplicate-id:error:12,cycle-too-long:warning:7")
    }
}
