import Foundation
import XCTest
import Diagnostics
import YAMLTree
@testable import Planner

/// The reading rules' examples (`examples/broken/<rule>/` of the yaml-*, empty-file and
/// template rules) run as a person runs them, `pbl validate` on the file or the template's
/// repository, with the exact human and JSON output beside them, as `BrokenExamplesGoldenTests`
/// does for the project rules. The size limits' failing files are not shipped: they are made
/// in a temporary folder, at the same relative path, the way `pbl explain` says.
///
/// Run with `PBL_UPDATE_GOLDENS=1` to rewrite the goldens after a deliberate change, then read the diff.
final class ReadingExamplesGoldenTests: XCTestCase {
    private var updating: Bool { ProcessInfo.processInfo.environment["PBL_UPDATE_GOLDENS"] == "1" }

    func testEveryReadingRuleHasAFailingExampleWithGoldenOutput() throws {
        for rule in ReadingRules.all {
            let example = try XCTUnwrap(rule.readingExample, rule.id)
            let folder = CLI.packageRoot.appendingPathComponent("examples/broken/\(rule.id)")
            var directory = CLI.packageRoot
            if example.isShipped {
                let onDisk = try Data(contentsOf: CLI.packageRoot.appendingPathComponent(example.failingFile))
                if example.making == nil || example.failingText != nil {
                    XCTAssertEqual(String(decoding: onDisk, as: UTF8.self), example.failingText,
                                   "\(example.failingFile) differs from the copy built into pbl; run scripts/embed-files")
                }
            } else {
                directory = try Self.makeUnshipped(rule, example)
            }
            defer { if directory != CLI.packageRoot { try? FileManager.default.removeItem(at: directory) } }
            let human = try CLI.run(["validate", example.failingTarget], environment: ["NO_COLOR": "1"], in: directory)
            let json = try CLI.run(["validate", "--format", "json", example.failingTarget], in: directory)
            XCTAssertEqual(human.status, rule.severity == .error ? 1 : 0, "\(rule.id): \(human.stdout)\(human.stderr)")
            let found = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]], json.stdout)
            XCTAssertEqual(found.compactMap { $0["rule"] as? String }, [rule.id], "\(rule.id): \(json.stdout)")
            XCTAssertEqual(found.compactMap { $0["severity"] as? String }, [rule.severity.rawValue], rule.id)
            try compare(human.stdout, folder.appendingPathComponent("expected.txt"), rule.id)
            try compare(json.stdout, folder.appendingPathComponent("expected.json"), rule.id)
        }
    }

    /// The fixed example on disk is the one built in, and `pbl validate` finds nothing in it.
    func testEveryFixedReadingExampleIsClean() throws {
        for rule in ReadingRules.all {
            let example = try XCTUnwrap(rule.readingExample, rule.id)
            let onDisk = try String(contentsOf: CLI.packageRoot.appendingPathComponent(example.fixedFile), encoding: .utf8)
            XCTAssertEqual(onDisk, example.fixedText, "\(example.fixedFile) differs from the copy built into pbl; run scripts/embed-files")
            let run = try CLI.run(["validate", "--format", "json", example.fixedTarget])
            XCTAssertEqual(run.status, 0, "\(example.fixedTarget): \(run.stdout)\(run.stderr)")
            XCTAssertEqual(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "[]", "\(example.fixedTarget) is not clean")
            if example.fixedTarget != example.fixedFile {
                // The repository is checked for its template: one file, no problems.
                let human = try CLI.run(["validate", example.fixedTarget])
                XCTAssertEqual(human.stdout, "1 file: no problems\n", example.fixedTarget)
            }
        }
    }

    /// `pbl explain` shows each example (or says how it is made) and offers no policy for it.
    func testExplainShowsTheReadingExamples() throws {
        for rule in ReadingRules.all {
            let example = try XCTUnwrap(rule.readingExample, rule.id)
            let run = try CLI.run(["explain", rule.id])
            XCTAssertEqual(run.status, 0, rule.id)
            XCTAssertTrue(run.stdout.contains("This triggers it (" + (example.isShipped ? "" : "not in the checkout: ") + example.failingFile),
                          "\(rule.id): \(run.stdout)")
            let firstFixedLine = try XCTUnwrap(example.fixedText.split(separator: "\n").first, rule.id)
            XCTAssertTrue(run.stdout.contains("\n    " + firstFixedLine + "\n"), "\(rule.id): \(run.stdout)")
            if let making = example.making {
                XCTAssertTrue(run.stdout.contains(String(making.split(separator: "\n")[0])), "\(rule.id): \(run.stdout)")
            } else {
                let firstFailingLine = try XCTUnwrap(example.failingText?.split(separator: "\n").first, rule.id)
                XCTAssertTrue(run.stdout.contains("\n    " + firstFailingLine + "\n"), "\(rule.id): \(run.stdout)")
            }
            XCTAssertFalse(run.stdout.contains("policy:\n"), "\(rule.id): a policy cannot change a reading rule")
        }
    }

    /// The command `pbl explain yaml-input-size-limit` gives makes the file the test makes.
    func testTheInputSizeExampleIsMadeByTheCommandExplainGives() throws {
        let example = try XCTUnwrap(ReadingRules.yamlInputSizeLimit.readingExample)
        let making = try XCTUnwrap(example.making)
        let start = try XCTUnwrap(making.range(of: "\n`")).upperBound
        let command = String(making[start...].dropLast())
        XCTAssertTrue(command.hasPrefix("{ cat fixed.yaml;"), command)
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(example.fixedText.utf8).write(to: folder.appendingPathComponent("fixed.yaml"))
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", command]
        shell.currentDirectoryURL = folder
        try shell.run()
        shell.waitUntilExit()
        XCTAssertEqual(shell.terminationStatus, 0, command)
        let made = try Data(contentsOf: folder.appendingPathComponent("project.yaml"))
        XCTAssertEqual(made, Data(Self.made(ReadingRules.yamlInputSizeLimit, fixed: example.fixedText)))
    }

    /// The size limits' failing files, made as `pbl explain` says (ReadingRuleExampleTests makes
    /// them the same way in memory), in a temporary folder at the path the example names.
    static func made(_ rule: RuleInfo, fixed: String) -> [UInt8] {
        let limits = YAMLLimits.default
        if rule.id == ReadingRules.yamlInputSizeLimit.id {
            return Array(fixed.utf8) + [UInt8](repeating: UInt8(ascii: "#"), count: limits.maxInputBytes + 1 - fixed.utf8.count)
        }
        precondition(rule.id == ReadingRules.yamlScalarSizeLimit.id, rule.id)
        let question = "How can we find out whether Mill Creek is safe to swim in?"
        let pasted = String(String(repeating: question + " ", count: limits.maxScalarBytes / question.utf8.count + 1)
            .utf8.prefix(limits.maxScalarBytes + 1))!
        return Array(fixed.replacingOccurrences(of: "driving_question: \(question)\n", with: "driving_question: \(pasted)\n").utf8)
    }

    private static func makeUnshipped(_ rule: RuleInfo, _ example: ReadingRuleExample) throws -> URL {
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent(example.failingFile)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(made(rule, fixed: example.fixedText)).write(to: file)
        return folder
    }

    private static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pbl-reading-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    private func compare(_ output: String, _ golden: URL, _ rule: String) throws {
        if updating { try Data(output.utf8).write(to: golden) }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        XCTAssertEqual(output, expected, "\(rule): output differs from \(golden.lastPathComponent)")
    }
}
