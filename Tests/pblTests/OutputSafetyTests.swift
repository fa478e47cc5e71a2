import Foundation
import XCTest

/// `-o` and `pbl render` write what they are asked to, where they are asked to, and nothing
/// else: a file keeps its mode, a device or FIFO is written into and never replaced, a link is
/// not followed, a signal leaves no temporary file, and a render folder is pbl's while it writes.
final class OutputSafetyTests: XCTestCase {
    private static let project = CLI.packageRoot.appendingPathComponent("examples/mill-creek/mill-creek.yaml").path
    private var folder: URL!

    override func setUpWithError() throws { folder = try CLI.temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    func testAFileKeepsItsModeAndALinkIsNotFollowed() throws {
        let secret = folder.appendingPathComponent("schedule.txt").path
        try "old".write(toFile: secret, atomically: true, encoding: .utf8)
        chmod(secret, 0o600)
        let run = try CLI.run(["schedule", Self.project, "-o", secret])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try mode(secret), 0o600, "student data stays private")
        XCTAssertTrue(try String(contentsOfFile: secret, encoding: .utf8).hasPrefix("Is Mill Creek safe"))

        let link = folder.appendingPathComponent("link.txt").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: secret)
        try "kept".write(toFile: secret, atomically: false, encoding: .utf8)
        let linked = try CLI.run(["schedule", Self.project, "-o", link])
        XCTAssertEqual(linked.status, 3)
        XCTAssertTrue(linked.stderr.contains("is a symbolic link"), linked.stderr)
        XCTAssertEqual(try String(contentsOfFile: secret, encoding: .utf8), "kept", "the link's target is untouched")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), secret, "and the link stays a link")
    }

    func testDevicesAndFIFOsAreWrittenIntoNeverReplaced() throws {
        let null = try CLI.run(["schedule", Self.project, "-o", "/dev/null"])
        XCTAssertEqual(null.status, 0, null.stderr)
        var info = stat()
        XCTAssertEqual(lstat("/dev/null", &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFCHR, "/dev/null is still a device")
        let full = try CLI.run(["schedule", Self.project, "-o", "/dev/full"])
        XCTAssertEqual(full.status, 3)
        XCTAssertTrue(full.stderr.contains("No space left on device"), full.stderr)

        let fifo = folder.appendingPathComponent("pipe").path
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/sh")
        reader.arguments = ["-c", "cat '\(fifo)' > '\(fifo).out'"]
        try reader.run()
        let written = try CLI.run(["schedule", Self.project, "-o", fifo])
        reader.waitUntilExit()
        XCTAssertEqual(written.status, 0, written.stderr)
        XCTAssertEqual(lstat(fifo, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO, "the FIFO is still a FIFO")
        XCTAssertTrue(try String(contentsOfFile: fifo + ".out", encoding: .utf8).hasPrefix("Is Mill Creek safe"))
    }

    func testAFullStandardOutputIsAnErrorNotACrash() throws {
        for command in [["validate", Self.project], ["schema"], ["standards", "list"], ["templates", "show", "inquiry-week"]] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "'\(CLI.binary.path)' " + command.map { "'\($0)'" }.joined(separator: " ") + " > /dev/full"]
            let err = Pipe()
            process.standardError = err
            try process.run()
            let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 3, "\(command): \(message)")
            XCTAssertTrue(message.contains("cannot write to standard output"), message)
        }
    }

    func testARenderFolderIsPblsWhileItWrites() throws {
        let class2 = folder.appendingPathComponent("class")
        try FileManager.default.createDirectory(at: class2, withIntermediateDirectories: true)
        let text = try CLI.millCreekProject()
        try text.write(to: class2.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let roster = try String(contentsOf: CLI.packageRoot.appendingPathComponent("examples/mill-creek/roster.csv"), encoding: .utf8)
        try roster.write(to: class2.appendingPathComponent("roster.csv"), atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        XCTAssertEqual(try CLI.run(["render", "class/p.yaml", "-o", "out"], in: folder).status, 0)
        let before = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("checklists").path).count
        try "keep me".write(to: out.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        // A smaller roster: the students who left lose their files; a file pbl did not write stays.
        let lines = roster.split(separator: "\n")
        try (lines.prefix(2).joined(separator: "\n") + "\n").write(to: class2.appendingPathComponent("roster.csv"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try CLI.run(["render", "class/p.yaml", "-o", "out"], in: folder).status, 0)
        let after = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("checklists").path)
        XCTAssertLessThan(after.count, before)
        XCTAssertEqual(after.count, 3, "one student: html, md and pdf: \(after)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("notes.txt").path))

        // While one render holds the folder, another is refused.
        let lock = open(out.appendingPathComponent(".pbl-render.lock").path, O_RDWR)
        XCTAssertGreaterThanOrEqual(lock, 0)
        XCTAssertEqual(flock(lock, LOCK_EX | LOCK_NB), 0)
        let busy = try CLI.run(["render", "class/p.yaml", "-o", "out"], in: folder)
        close(lock)
        XCTAssertEqual(busy.status, 3)
        XCTAssertTrue(busy.stderr.contains("another pbl render is writing to \(out.path)"), busy.stderr)
    }

    func testASignalLeavesNoTemporaryFile() throws {
        let class2 = folder.appendingPathComponent("big")
        try FileManager.default.createDirectory(at: class2, withIntermediateDirectories: true)
        try CLI.millCreekProject().write(to: class2.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let rows = (0..<3000).map { "s\($0),Student \($0),otters" }.joined(separator: "\n")
        try ("id,name,group\n" + rows + "\n").write(to: class2.appendingPathComponent("roster.csv"), atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["render", class2.appendingPathComponent("p.yaml").path, "-o", out.path]
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until a temporary file is being written, then interrupt.
        var sawTemporary = false
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline && !sawTemporary {
            sawTemporary = temporaryFiles(in: out).isEmpty == false
            if !sawTemporary { usleep(2_000) }
        }
        process.terminate()
        process.waitUntilExit()
        XCTAssertTrue(sawTemporary, "the render was caught while writing")
        XCTAssertEqual(temporaryFiles(in: out), [], "no hidden copy of students' data is left behind")
    }

    private func temporaryFiles(in folder: URL) -> [String] {
        let all = (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String]) ?? []
        return all.filter { $0.contains(".pbl-") && $0.hasSuffix(".tmp") }
    }
}
