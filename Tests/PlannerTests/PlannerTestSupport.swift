import Foundation
import XCTest
@testable import Planner
@testable import PlannerCheck
@testable import PlannerDates
@testable import PlannerLoad
@testable import PlannerModel
@testable import PlannerResources
@testable import PlannerSchedule
import Diagnostics
import YAMLTree

/// Validates `text` as `project.yaml` in a fresh folder, with `files` beside it. Most tests'
/// projects have no students, so the `no-students` note is left out unless `keepingNoStudents`.
func validate(_ text: String, files: [String: String] = [:], name: String = "project.yaml", keepingNoStudents: Bool = false,
              file: StaticString = #filePath, line: UInt = #line) throws -> FileReport {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pbl-planner-\(UUID().uuidString)")
    // A repository of its own, so a templates/ folder among `files` is its template root; a
    // real one when a .gitignore is among them, so git's answer about it is real too.
    if files[".gitignore"] != nil {
        try git(["init", "-q"], in: directory)
    } else {
        try FileManager.default.createDirectory(at: directory.appendingPathComponent(".git"), withIntermediateDirectories: true)
    }
    defer { try? FileManager.default.removeItem(at: directory) }
    for (name, contents) in files {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: url)
    }
    let path = directory.appendingPathComponent(name).path
    try Data(text.utf8).write(to: path.asURL)
    var report = Validator().validate(path: path)
    // Paths relative to the folder, so messages compare across runs.
    if !keepingNoStudents { report.diagnostics.removeAll { $0.rule == Rules.noStudents.id } }
    report.diagnostics = report.diagnostics.map { diagnostic in
        var copy = diagnostic
        copy.file = copy.file.map { $0.replacingOccurrences(of: directory.path + "/", with: "") }
        return copy
    }
    return report
}

/// Runs git in `directory` (made if missing), quietly; fails the test when git fails.
func git(_ arguments: [String], in directory: URL, file: StaticString = #filePath, line: UInt = #line) throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "-c", "user.name=T", "-c", "user.email=t@example.org"] + arguments
    process.currentDirectoryURL = directory
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0, "git \(arguments)", file: file, line: line)
}

extension String {
    var asURL: URL { URL(fileURLWithPath: self) }
}

extension FileReport {
    func rules() -> [String] { diagnostics.compactMap(\.rule) }

    func having(_ rule: String) -> [Diagnostic] { diagnostics.filter { $0.rule == rule } }
}

/// The official code lists (test data, see its SOURCES.md): `../shared/data/standards` beside
/// the repository, or `/work/shared/data/standards`. Without them the test is skipped on a
/// developer's machine and fails in CI (`CI` set), where a missing folder is a broken setup.
func sharedStandardsFolder(file: StaticString = #filePath, line: UInt = #line) throws -> URL {
    let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // PlannerTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
    let candidates = [repository.appendingPathComponent("../shared/data/standards").standardized,
                      URL(fileURLWithPath: "/work/shared/data/standards")]
    for candidate in candidates where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("ccss-ela-literacy-codes.csv").path) {
        return candidate
    }
    let message = "the official code lists are not at \(candidates.map(\.path).joined(separator: " or "))"
    if ProcessInfo.processInfo.environment["CI"] != nil {
        XCTFail(message + " (CI is set: the shared folder must be there)", file: file, line: line)
        throw SharedDataMissing(message: message)
    }
    throw XCTSkip(message)
}

struct SharedDataMissing: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// The rows of one of the official lists, each a dictionary by header (no quoting in them).
func sharedStandardsRows(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> [[String: String]] {
    let url = try sharedStandardsFolder(file: file, line: line).appendingPathComponent(name)
    let lines = try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)
    guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init) else { return [] }
    return lines.dropFirst().map { line in
        let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return Dictionary(uniqueKeysWithValues: zip(header, fields + Array(repeating: "", count: max(0, header.count - fields.count))))
    }
}
