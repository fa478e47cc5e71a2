import Foundation
import XCTest

/// `pbl validate` as a teacher and a CI job use it: output, exit status, colour.
final class ValidateCommandTests: XCTestCase {
    func testCleanExampleExitsZero() throws {
        let run = try CLI.run(["validate", "examples/mill-creek/mill-creek.yaml"])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        XCTAssertEqual(run.stdout, "1 file: no problems\n")
    }

    func testSyntaxErrorPrintsTheLineAndExitsOne() throws {
        let run = try CLI.run(["validate", "Tests/pblTests/Fixtures/syntax-error.yaml"])
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.stdout, """
            Tests/pblTests/Fixtures/syntax-error.yaml:5:20: error: mapping values are not allowed here [yaml-syntax]
                5 |     title: Sampling: lab or field?
                  |                    ^
            help: quote the value: "Sampling: lab or field?"

            1 file: 1 error

            """)
        XCTAssertFalse(run.stdout.contains("\u{1B}["), "no colour when not on a terminal")
    }

    func testDuplicateKeyNamesBothPlaces() throws {
        let run = try CLI.run(["validate", "Tests/pblTests/Fixtures/duplicate-key.yaml"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stdout.contains("duplicate-key.yaml:3:1: error: duplicate key `title` in this mapping"), run.stdout)
        XCTAssertTrue(run.stdout.contains("duplicate-key.yaml:2:1: note: `title` was first defined here"), run.stdout)
    }

    func testFolderIsSearchedRecursivelyAndCounted() throws {
        let run = try CLI.run(["validate", "Tests/pblTests/Fixtures"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stdout.hasSuffix("3 files: 3 errors\n"), run.stdout)
        XCTAssertTrue(run.stdout.contains("empty.yaml:1:1: error: file is empty"), run.stdout)
    }

    func testMissingFileIsAnIOFailure() throws {
        let run = try CLI.run(["validate", "no/such/file.yaml"])
        XCTAssertEqual(run.status, 3)
        XCTAssertEqual(run.stderr, "pbl: error: cannot read no/such/file.yaml: no such file\n")
    }

    func testHostileFilesGetOneLineAndExitOne() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cases: [(String, Data, String)] = [
            ("bomb.yaml", Data(Self.billionLaughs.utf8), "alias expansion limit"),
            ("deep.yaml", Data(String(repeating: "[", count: 100_000).utf8), "nesting is deeper than the limit"),
            ("binary.yaml", Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x01]), "not a text file"),
            ("latin1.yaml", Data([0x61, 0x3A, 0x20, 0xE9, 0x0A]), "invalid UTF-8"),
            ("big.yaml", Data(repeating: 0x61, count: 50 << 20), "over the input size limit"),
        ]
        for (name, data, expected) in cases {
            let url = directory.appendingPathComponent(name)
            try data.write(to: url)
            let run = try CLI.run(["validate", url.path])
            XCTAssertEqual(run.status, 1, name)
            XCTAssertTrue(run.stdout.contains(expected), "\(name): \(run.stdout)")
            XCTAssertTrue(run.stderr.isEmpty, run.stderr)
        }
    }

    func testHostileRosterGetsOneErrorAndExitOne() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let project = try String(contentsOf: CLI.packageRoot.appendingPathComponent("examples/mill-creek/mill-creek.yaml"), encoding: .utf8)
        try Data(project.utf8).write(to: directory.appendingPathComponent("project.yaml"))
        for roster in ["id,name\ns01,\"" + String(repeating: "x", count: 10 << 20) + "\"\n",
                       "id,name,group\ns01,Ana\ns02,Ben,otters,x\ns03\n"] {
            try Data(roster.utf8).write(to: directory.appendingPathComponent("roster.csv"))
            let run = try CLI.run(["validate", directory.appendingPathComponent("project.yaml").path])
            XCTAssertEqual(run.status, 1)
            XCTAssertEqual(run.stdout.components(separatedBy: "[roster-malformed]").count, 2, run.stdout)
        }
    }

    func testFolderWithoutYAMLSaysSo() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try CLI.run(["validate", directory.path])
        XCTAssertEqual(run.status, 0)
        XCTAssertEqual(run.stderr, "pbl: note: no .yaml or .yml files in \(directory.path)\n")
    }

    func testUsageErrorsExitTwo() throws {
        XCTAssertEqual(try CLI.run(["validate"]).status, 2)
        XCTAssertEqual(try CLI.run(["validate", "--format", "xml", "x.yaml"]).status, 2)
        XCTAssertEqual(try CLI.run(["no-such-command"]).status, 2)
    }

    func testVersionAndHelp() throws {
        let version = try CLI.run(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertTrue(version.stdout.hasPrefix("0."), version.stdout)
        let help = try CLI.run(["--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("validate"))
    }

    static let billionLaughs: String = {
        var text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        var previous = "a"
        for name in "bcdefghi" {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
            previous = String(name)
        }
        return text
    }()
}
