import Foundation
import XCTest
@testable import PBLCommands

/// The one-way flow, as `Package.swift` declares it (SwiftPM's own reading of the manifest):
/// the build's import check makes every import follow a declared edge, and this test keeps the
/// declared edges themselves one way.
final class ModuleGraphTests: XCTestCase {
    /// Target name -> the targets and products it depends on directly.
    private func declaredDependencies() throws -> [String: Set<String>] {
        let swift = ProcessInfo.processInfo.environment["PATH"].flatMap { path in
            path.split(separator: ":").map { "\($0)/swift" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        }
        let executable = try XCTUnwrap(swift, "swift is not on PATH")
        // --ignore-lock: `swift test` holds the build folder's lock while the tests run.
        let result = try ChildProcess(executable: URL(fileURLWithPath: executable),
                                      arguments: ["package", "--ignore-lock", "dump-package"],
                                      directory: CLI.packageRoot, environment: nil).run()
        XCTAssertEqual(result.status, 0, String(decoding: result.errors, as: UTF8.self))
        struct Manifest: Decodable {
            struct Target: Decodable {
                var name: String
                var dependencies: [[String: [String?]]]
            }
            var targets: [Target]
        }
        let manifest = try JSONDecoder().decode(Manifest.self, from: result.output)
        return Dictionary(uniqueKeysWithValues: manifest.targets.map { target in
            (target.name, Set(target.dependencies.compactMap { $0.values.first?.first ?? nil }))
        })
    }

    /// Everything `target` can reach through declared edges.
    private func reach(_ target: String, in graph: [String: Set<String>]) -> Set<String> {
        var seen: Set<String> = []
        var queue = Array(graph[target] ?? [])
        while let next = queue.popLast() {
            guard seen.insert(next).inserted else { continue }
            queue += graph[next] ?? []
        }
        return seen
    }

    func testTheStagesDependOneWay() throws {
        let graph = try declaredDependencies()
        let forbidden: [String: Set<String>] = [
            // The YAML reader and the diagnostics know nothing of pbl's planner.
            "YAMLTree": ["Diagnostics", "PlannerModel", "PlannerLoad", "PlannerDates", "PlannerSchedule", "PlannerCheck", "Planner"],
            "Diagnostics": ["PlannerModel", "PlannerLoad", "PlannerDates", "PlannerSchedule", "PlannerCheck", "Planner", "Render"],
            "PlannerModel": ["PlannerLoad", "PlannerDates", "PlannerSchedule", "PlannerCheck", "Planner", "Render"],
            // Loading cannot import the checks, nor make a dated plan.
            "PlannerLoad": ["PlannerDates", "PlannerSchedule", "PlannerCheck", "Planner", "Render"],
            "PlannerDates": ["PlannerLoad", "PlannerSchedule", "PlannerCheck", "Planner", "Render"],
            "PlannerSchedule": ["PlannerLoad", "PlannerCheck", "Planner", "Render"],
            // Checks read a dated plan they are given: they cannot schedule, nor read files.
            "PlannerCheck": ["PlannerLoad", "PlannerSchedule", "Planner", "Render"],
            // Progress reads a dated plan and the records it is given: it loads, schedules and checks nothing.
            "PlannerProgress": ["PlannerLoad", "PlannerSchedule", "PlannerCheck", "Planner", "Render"],
            // Rendering cannot load files, schedule or validate.
            "Render": ["PlannerLoad", "PlannerSchedule", "Planner", "PBLCommands"],
            "Planner": ["Render", "PBLCommands", "LanguageServer"],
            // The language server runs the pipeline; it prints nothing a renderer makes.
            "LanguageServer": ["Render", "PBLCommands"],
        ]
        for (target, banned) in forbidden.sorted(by: { $0.key < $1.key }) {
            XCTAssertNotNil(graph[target], "no target \(target) in Package.swift")
            let reached = reach(target, in: graph)
            XCTAssertEqual(reached.intersection(banned), [], "\(target) reaches \(reached.intersection(banned).sorted())")
        }
        // The executable is only a main: every command is in the library the tests import.
        XCTAssertEqual(graph["pbl"], ["PBLCommands"])
        let mainFolder = CLI.packageRoot.appendingPathComponent("Sources/pbl")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: mainFolder.path), ["main.swift"])
    }
}
