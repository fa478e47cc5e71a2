import Foundation
import XCTest
@testable import Planner
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
