import Foundation
import XCTest
@testable import Planner
import YAMLTree

/// Validates `text` as `project.yaml` in a fresh folder, with `files` beside it. Most tests'
/// projects have no students, so the `no-students` note is left out unless `keepingNoStudents`.
func validate(_ text: String, files: [String: String] = [:], name: String = "project.yaml", keepingNoStudents: Bool = false,
              file: StaticString = #filePath, line: UInt = #line) throws -> FileReport {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pbl-planner-\(UUID().uuidString)")
    // A repository of its own, so a templates/ folder among `files` is its template root.
    try FileManager.default.createDirectory(at: directory.appendingPathComponent(".git"), withIntermediateDirectories: true)
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

extension String {
    var asURL: URL { URL(fileURLWithPath: self) }
}

extension FileReport {
    func rules() -> [String] { diagnostics.compactMap(\.rule) }

    func having(_ rule: String) -> [Diagnostic] { diagnostics.filter { $0.rule == rule } }
}
