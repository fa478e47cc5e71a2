import Foundation
import XCTest
import Diagnostics
import Planner

/// Every fix pbl offers does what its help says: applied to the broken examples, the finding
/// it was made for is gone and nothing new is wrong.
final class FixTests: XCTestCase {
    /// The rules whose examples must come with a fix: a did-you-mean, a quote, a tab, a missing block.
    private let mustOfferFixes: Set<String> = [
        "unknown-key", "dangling-reference", "unknown-standard", "yaml-tab-indentation", "missing-reflection",
        "comment-cuts-text", "quoted-number", "extends-unresolved",
    ]

    func testEveryFixOfTheBrokenExamplesClearsItsFinding() throws {
        let broken = CLI.packageRoot.appendingPathComponent("examples/broken")
        var offered = Set<String>()
        for rule in try FileManager.default.contentsOfDirectory(atPath: broken.path).sorted() {
            let folder = broken.appendingPathComponent(rule)
            let project = folder.appendingPathComponent("project.yaml").path
            guard FileManager.default.fileExists(atPath: project) else { continue }
            let workspace = Workspace(templateOptions: [], environment: [:])
            let before = workspace.validate(path: project)
            for diagnostic in before.diagnostics {
                for fix in diagnostic.fixes {
                    offered.insert(diagnostic.rule ?? "")
                    let after = try apply(fix, of: diagnostic, project: project, workspace: workspace)
                    let remaining = after.diagnostics.filter {
                        $0.rule == diagnostic.rule && $0.file == diagnostic.file && $0.range?.start.line == diagnostic.range?.start.line
                    }
                    XCTAssertTrue(remaining.isEmpty, "\(rule): `\(fix.title)` left \(remaining.map(\.message))")
                    let known = Set(before.diagnostics.filter { $0.severity == .error }.compactMap(\.rule))
                    let new = after.diagnostics.filter { $0.severity == .error && !known.contains($0.rule ?? "") }
                    XCTAssertTrue(new.isEmpty, "\(rule): `\(fix.title)` made \(new.map { "\($0.rule ?? ""): \($0.message)" })")
                }
            }
        }
        XCTAssertEqual(mustOfferFixes.subtracting(offered), [], "rules whose examples offer no fix")
    }

    /// The fix's edits made to the files they name (the project as a buffer, any other file as
    /// an open buffer), and the project checked again.
    private func apply(_ fix: Diagnostic.Fix, of diagnostic: Diagnostic, project: String, workspace: Workspace) throws -> FileReport {
        var files: [String: [UInt8]] = [:]
        for edit in fix.edits {
            let file = edit.file ?? diagnostic.file ?? project
            var bytes = try files[file] ?? Array(Data(contentsOf: URL(fileURLWithPath: file)))
            XCTAssertLessThanOrEqual(edit.range.start.offset, edit.range.end.offset)
            bytes.replaceSubrange(edit.range.start.offset..<edit.range.end.offset, with: Array(edit.replacement.utf8))
            files[file] = bytes
        }
        var buffers = OpenBuffers()
        for (file, bytes) in files where OpenBuffers.key(file) != OpenBuffers.key(project) { buffers.set(file, bytes) }
        let text = try files.first { OpenBuffers.key($0.key) == OpenBuffers.key(project) }.map { String(decoding: $0.value, as: UTF8.self) }
            ?? String(contentsOfFile: project, encoding: .utf8)
        return workspace.validate(path: project, text: text, buffers: buffers)
    }

    /// A tab fix indents at the width with which the file reads; the quote fix keeps the value
    /// whole; a catalog's did-you-mean.
    func testFixesBeyondTheExamples() throws {
        let workspace = Workspace(templateOptions: [], environment: [:])
        let tabbed = "pbl: 1\nid: x\ntitle: X\ncycles:\n  - id: c\n    days: 5\n    reflection:\n\t  - prompt: What now?\n"
        let report = workspace.validate(path: "/tmp/pbl-fix-tab.yaml", text: tabbed)
        let tab = try XCTUnwrap(report.diagnostics.first { $0.rule == "yaml-tab-indentation" })
        let edit = try XCTUnwrap(tab.fixes.first?.edits.first)
        var bytes = Array(tabbed.utf8)
        bytes.replaceSubrange(edit.range.start.offset..<edit.range.end.offset, with: Array(edit.replacement.utf8))
        let fixed = String(decoding: bytes, as: UTF8.self)
        XCTAssertFalse(fixed.contains("\t"))
        XCTAssertFalse(workspace.validate(path: "/tmp/pbl-fix-tab.yaml", text: fixed).diagnostics.contains { $0.rule?.hasPrefix("yaml-") ?? false })

        let colon = "pbl: 1\nid: x\ntitle: Checkpoint: first data\n"
        let syntax = try XCTUnwrap(workspace.validate(path: "/tmp/pbl-fix-quote.yaml", text: colon).diagnostics.first { $0.rule == "yaml-syntax" })
        let quote = try XCTUnwrap(syntax.fixes.first?.edits.first)
        var quoted = Array(colon.utf8)
        quoted.replaceSubrange(quote.range.start.offset..<quote.range.end.offset, with: Array(quote.replacement.utf8))
        XCTAssertEqual(String(decoding: quoted, as: UTF8.self), "pbl: 1\nid: x\ntitle: \"Checkpoint: first data\"\n")

        // A catalog id one letter off (the example's is too far from any to guess).
        let catalog = "pbl: 1\nid: x\ntitle: X\nstandards: {catalogs: [ngss-mss]}\n"
        let missing = try XCTUnwrap(workspace.validate(path: "/tmp/pbl-fix-catalog.yaml", text: catalog).diagnostics.first { $0.rule == "catalog-not-found" })
        XCTAssertEqual(missing.fixes.first?.edits.first?.replacement, "ngss-ms")
        XCTAssertEqual(missing.fixes.first?.edits.first?.range.start.column, 24)
    }
}
