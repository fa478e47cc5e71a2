import Foundation
import XCTest

/// Files that are not what they seem: another encoding, a NUL deep in a roster, a link in a
/// folder that leads out of it.
final class HostileFilesTests: XCTestCase {
    func testUTF32IsNamedAsSuchAndANULAnywhereIsRefused() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data([0xFF, 0xFE, 0x00, 0x00, 0x70, 0, 0, 0]).write(to: folder.appendingPathComponent("u32.yaml"))
        let u32 = try CLI.run(["validate", "u32.yaml"], in: folder)
        XCTAssertTrue(u32.stdout.hasPrefix("u32.yaml:1:1: error: file is encoded as UTF-32; pbl reads UTF-8"), u32.stdout)
        let project = try CLI.millCreekProject()
        try project.write(to: folder.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        var roster = "id,name\n" + (0..<600).map { "s\($0),Student number \($0)" }.joined(separator: "\n") + "\n"
        roster += "s999,Nul\u{0}Person\n"
        XCTAssertGreaterThan(roster.utf8.count, 8192)
        try roster.write(to: folder.appendingPathComponent("roster.csv"), atomically: true, encoding: .utf8)
        let nul = try CLI.run(["checklists", "p.yaml", "-o", "c.html"], in: folder)
        XCTAssertEqual(nul.status, 1, nul.stderr)
        XCTAssertTrue(nul.stderr.contains("roster.csv:1:1: error: the roster is not a text file (it has NUL bytes)"), nul.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("c.html").path))
    }

    func testALinkThatLeadsOutOfAFolderIsNotValidatedWithIt() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inside = folder.appendingPathComponent("plans")
        try FileManager.default.createDirectory(at: inside, withIntermediateDirectories: true)
        try "pbl: 1\nid: elsewhere\ntitle: [unclosed\n".write(to: folder.appendingPathComponent("elsewhere.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: inside.appendingPathComponent("link.yaml").path,
                                                   withDestinationPath: folder.appendingPathComponent("elsewhere.yaml").path)
        try "pbl: 1\nid: here\ntitle: [unclosed\n".write(to: inside.appendingPathComponent("here.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: inside.appendingPathComponent("same.yaml").path,
                                                   withDestinationPath: inside.appendingPathComponent("here.yaml").path)
        let run = try CLI.run(["validate", "--format", "json", "plans"], in: folder)
        let files = Set(((try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]]) ?? []).compactMap { $0["file"] as? String })
        XCTAssertEqual(files, ["plans/here.yaml", "plans/same.yaml"], "a link inside the folder is read; one out of it is not")
    }

    func testEveryStudentGetsAFileOfTheirOwnWithAShortName() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let project = try CLI.millCreekProject()
        try project.write(to: folder.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let long = "s" + String(repeating: "a", count: 249)
        try "id,name\n\(long),Ana\ns1,A B\ns1-a,B\n".write(to: folder.appendingPathComponent("roster.csv"), atomically: true, encoding: .utf8)
        let run = try CLI.run(["render", "p.yaml", "-o", "out"], in: folder)
        XCTAssertEqual(run.status, 0, run.stderr)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out/checklists").path).filter { $0.hasSuffix(".html") }
        XCTAssertEqual(files.count, 3, "three students, three checklists: \(files)")
        XCTAssertTrue(files.allSatisfy { $0.utf8.count < 100 }, "\(files)")
        let index = try String(contentsOf: folder.appendingPathComponent("out/index.html"), encoding: .utf8)
        for file in files { XCTAssertEqual(index.components(separatedBy: "checklists/\(file)").count, 2, "each linked once: \(file)") }
    }
}
