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

/// A run's workspace decides which roots a file sees, once per repository, and checks a
/// buffer in memory exactly as the same text on disk.
final class WorkspaceTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pbl-workspace-\(UUID().uuidString)")
        let files = [
            "repo/.git/HEAD": "ref: refs/heads/main\n",
            "repo/templates/projects/unit.yaml": "pbl: 1\ncycles:\n  - {id: c1, title: Explore, days: 5, milestones: [{id: m1, title: Plan, day: 2}], reflection: [{prompt: What did you notice?}]}\n",
            "repo/projects/roster.csv": "id,name\ns1,Ana López\n",
        ]
        for (name, text) in files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func testFilesOfOneRepositoryShareOneSetupAndAFolderFindsItsRepository() {
        let workspace = Workspace(folders: ProjectFolders(named: []))
        let a = workspace.roots(for: folder.appendingPathComponent("repo/projects/a.yaml").path)
        let fromFolder = workspace.roots(for: folder.appendingPathComponent("repo/projects").path)
        XCTAssertEqual(a.roots.count, workspace.baseRoots.roots.count + 1, "the repository's own root is added")
        XCTAssertEqual(fromFolder.roots.count, a.roots.count, "a folder inside the repository gets the same roots")
        XCTAssertTrue(workspace.catalogs(for: folder.appendingPathComponent("repo/projects/a.yaml").path)
                      === workspace.catalogs(for: folder.appendingPathComponent("repo/b.yaml").path), "made once per repository")
        XCTAssertEqual(workspace.roots(for: "/nonexistent/p.yaml").roots.count, workspace.baseRoots.roots.count)
    }

    func testABufferIsCheckedAsTheFileWouldBe() throws {
        let path = folder.appendingPathComponent("repo/projects/unsaved.yaml").path
        let text = "pbl: 1\nid: creek\ntitle: Creek\nextends: unit\nroster: roster.csv\ncalendar: {start: 2027-03-01, meets_on: [mon, tue, wed, thu, fri]}\ncycles:\n  - {id: c1, milestones: [{id: m1, title: Plan, day: 9}]}\n"
        let workspace = Workspace(folders: ProjectFolders(named: []))
        let report = workspace.validate(path: path, text: text)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path), "nothing is written")
        XCTAssertEqual(report.project?.students.map(\.name?.value), ["Ana López"], "the roster beside the path is read")
        let outside = try XCTUnwrap(report.diagnostics.first { $0.rule == "day-outside-cycle" }, "\(report.diagnostics.map(\.message))")
        XCTAssertEqual(outside.file, path)
        XCTAssertEqual(outside.range?.start.line, 8, "positions are the buffer's")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(workspace.validate(path: path).diagnostics, report.diagnostics, "the same findings once saved")
    }
}
