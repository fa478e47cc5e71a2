import Foundation
import XCTest
@testable import Planner
@testable import PlannerCheck
@testable import PlannerDates
@testable import PlannerLoad
@testable import PlannerModel
@testable import PlannerResources
@testable import PlannerSchedule
import YAMLTree

/// A project file can name files of its own repository only: never `/etc`, a home folder, or
/// a link out. Rosters kept elsewhere are named by the person running pbl, in PBL_ROSTERS.
final class ProjectFoldersTests: XCTestCase {
    private static let project = """
        pbl: 1
        id: creek
        title: Is our creek safe?
        driving_question: How can we find out whether Mill Creek is safe to swim in?
        product: {title: A water-safety report, audience: The town council}
        calendar: {start: 2027-03-01}
        cycles:
          - id: explore
            title: Explore
            days: 5
            milestones:
              - {id: plan, title: Sampling plan, day: 1, choices: [{id: lab, title: In the lab}, {id: field, title: In the field}]}
              - {id: walk, title: Gallery walk, day: 3, kind: critique}
            reflection: [{prompt: What did you notice first?}]

        """

    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pbl-folders-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("repo/.git"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("outside"), withIntermediateDirectories: true)
        try Data("id,name\ns01,Secret Person\n".utf8).write(to: folder.appendingPathComponent("outside/roster.csv"))
        try Data("id,name\ns01,Ana López\n".utf8).write(to: folder.appendingPathComponent("repo/roster.csv"))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func validate(roster: String, folders: ProjectFolders = ProjectFolders(named: [])) throws -> FileReport {
        let path = folder.appendingPathComponent("repo/project.yaml").path
        try Data((Self.project + "roster: \(roster)\n").utf8).write(to: URL(fileURLWithPath: path))
        return Validator(folders: folders).validate(path: path)
    }

    func testAPathOutsideTheRepositoryIsRefusedUnread() throws {
        for roster in ["/etc/passwd", "../outside/roster.csv", "\"\(folder.appendingPathComponent("outside/roster.csv").path)\""] {
            let report = try validate(roster: roster)
            XCTAssertEqual(report.rules(), ["path-outside-project"], roster)
            XCTAssertEqual(report.diagnostics.first?.range?.start.line, 15)
            XCTAssertFalse(report.diagnostics.contains { $0.message.contains("root:") || $0.message.contains("Secret") }, "nothing of it quoted")
            XCTAssertNil(report.sources.keys.first { $0.contains("passwd") || $0.contains("outside") }, "never read")
        }
    }

    func testALinkThatLeadsOutIsOutside() throws {
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("repo/linked.csv").path,
                                                   withDestinationPath: folder.appendingPathComponent("outside/roster.csv").path)
        XCTAssertEqual(try validate(roster: "linked.csv").rules(), ["path-outside-project"])
    }

    func testInsideTheRepositoryAndInANamedFolderAreRead() throws {
        XCTAssertEqual(try validate(roster: "roster.csv").diagnostics.map(\.message), [])
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("repo/rosters"), withIntermediateDirectories: true)
        XCTAssertEqual(try validate(roster: "rosters/missing.csv").rules(), ["roster-not-found"], "missing inside: not found")
        let named = try validate(roster: "../outside/roster.csv", folders: ProjectFolders(named: [folder.appendingPathComponent("outside").path]))
        XCTAssertEqual(named.diagnostics.map(\.message), [])
        XCTAssertEqual(named.project?.students.first?.name?.value, "Secret Person")
    }

    func testACatalogGivenByPathIsConfinedToo() throws {
        try Data("catalog: x\ntitle: X\nstandards: [{code: X.1, text: One}]\n".utf8).write(to: folder.appendingPathComponent("outside/x.yaml"))
        let path = folder.appendingPathComponent("repo/project.yaml").path
        try Data((Self.project + "roster: roster.csv\nstandards: {catalogs: [../outside/x.yaml], targets: [X.1]}\n").utf8).write(to: URL(fileURLWithPath: path))
        let report = Validator(folders: ProjectFolders(named: [])).validate(path: path)
        XCTAssertTrue(report.rules().contains("path-outside-project"), "\(report.rules())")
    }
}
