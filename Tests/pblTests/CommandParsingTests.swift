import ArgumentParser
import Foundation
import XCTest
@testable import PBLCommands

/// The commands parsed, checked and run in process, as swift-argument-parser's own examples
/// test theirs: no binary, no pipes. The other CLI tests run the built binary end to end.
final class CommandParsingTests: XCTestCase {
    private func parse<Command: ParsableCommand>(_ arguments: [String], as type: Command.Type,
                                                 file: StaticString = #filePath, line: UInt = #line) throws -> Command {
        let parsed = try PBL.parseAsRoot(arguments)
        return try XCTUnwrap(parsed as? Command, "`pbl \(arguments.joined(separator: " "))` parsed as \(Swift.type(of: parsed))",
                             file: file, line: line)
    }

    /// The message and the exit status pbl's `main` would give a usage error.
    private func usageError(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) -> (message: String, code: ExitCode)? {
        do {
            _ = try PBL.parseAsRoot(arguments)
            XCTFail("`pbl \(arguments.joined(separator: " "))` parsed", file: file, line: line)
            return nil
        } catch {
            return (PBL.message(for: error), PBL.exitCode(for: error))
        }
    }

    func testEverySubcommandParsesItsArgumentsAndOptions() throws {
        let validate = try parse(["validate", "a.yaml", "b/", "--format", "sarif", "--strict", "--jobs", "2", "--templates", "t"],
                                 as: PBL.Validate.self)
        XCTAssertEqual(validate.paths, ["a.yaml", "b/"])
        XCTAssertEqual(validate.format, .sarif)
        XCTAssertTrue(validate.strict)
        XCTAssertEqual(validate.jobs, 2)
        XCTAssertEqual(validate.templates.directories, ["t"])

        let schedule = try parse(["schedule", "p.yaml", "--format", "ics", "--section", "p2", "--student", "ana", "-o", "out.ics"],
                                 as: PBL.ScheduleCommand.self)
        XCTAssertEqual(schedule.file, "p.yaml")
        XCTAssertEqual(schedule.format, .ics)
        XCTAssertEqual(schedule.section, "p2")
        XCTAssertEqual(schedule.student, "ana")
        XCTAssertEqual(schedule.output, "out.ics")

        let checklists = try parse(["checklists", "p.yaml", "--format", "pdf", "--student", "a", "--student", "b", "--teacher",
                                    "--paper", "a4", "-o", "out/"], as: PBL.Checklists.self)
        XCTAssertEqual(checklists.format, .pdf)
        XCTAssertEqual(checklists.student, ["a", "b"])
        XCTAssertTrue(checklists.teacher)
        XCTAssertEqual(checklists.paper, .a4)
        XCTAssertEqual(checklists.output, "out/")

        let calendar = try parse(["calendar", "p.yaml", "--output", "c.txt"], as: PBL.CalendarCommand.self)
        XCTAssertEqual(calendar.output, "c.txt")

        let new = try parse(["new", "--template", "inquiry-week", "-o", "p.yaml", "--set", "title=Rivers", "--set", "grade=7",
                             "--extends"], as: PBL.New.self)
        XCTAssertEqual(new.template, "inquiry-week")
        XCTAssertEqual(new.settings, ["title=Rivers", "grade=7"])
        XCTAssertTrue(new.extends)

        let render = try parse(["render", "p.yaml", "-o", "site", "--paper", "letter"], as: PBL.RenderAll.self)
        XCTAssertEqual(render.output, "site")
        XCTAssertEqual(render.paper, .letter)

        XCTAssertEqual(try parse(["explain", "unknown-key"], as: PBL.Explain.self).rule, "unknown-key")
        XCTAssertTrue(try parse(["schema", "--look"], as: PBL.Schema.self).look)
        XCTAssertEqual(try parse(["standards", "search", "ratio", "rates", "--limit", "5"], as: PBL.Standards.Search.self).text,
                       ["ratio", "rates"])
        XCTAssertEqual(try parse(["standards", "show", "W.7.1a", "examples/"], as: PBL.Standards.Show.self).paths, ["examples/"])
        _ = try parse(["templates", "list"], as: PBL.Templates.List.self)
    }

    func testUsageErrorsAreFoundBeforeAnythingRuns() throws {
        let badFormat = try XCTUnwrap(usageError(["schedule", "p.yaml", "--format", "pdf"]))
        XCTAssertEqual(badFormat.code, .validationFailure)
        XCTAssertTrue(badFormat.message.contains("'pdf'"), badFormat.message)
        for format in ["text", "md", "html", "csv", "ics", "json"] {
            XCTAssertTrue(badFormat.message.contains(format), "the message lists `\(format)`: \(badFormat.message)")
        }

        let noPaths = try XCTUnwrap(usageError(["validate"]))
        XCTAssertEqual(noPaths.code, .validationFailure)
        XCTAssertEqual(noPaths.message, "Missing expected argument '<paths> ...'")

        XCTAssertEqual(usageError(["validate", "a.yaml", "--jobs", "0"])?.message, "--jobs must be at least 1")
        XCTAssertEqual(usageError(["schema", "--catalog", "--look"])?.message,
                       "--catalog and --look each print one schema: give one of them")
        XCTAssertEqual(usageError(["checklists", "p.yaml", "--blank", "501"])?.message, "--blank takes a number from 0 to 500, not 501")
        XCTAssertEqual(usageError(["frobnicate"])?.code, .validationFailure)
    }

    /// A usage error found while a subcommand runs ends with that subcommand's usage line.
    func testAUsageErrorNamesTheSubcommandItCameFrom() {
        let message = Main.usageMessage(for: ValidationError("no section `p9` in this plan"), in: PBL.ScheduleCommand.self)
        XCTAssertTrue(message.hasPrefix("Error: no section `p9` in this plan\nUsage: pbl schedule "), message)
        XCTAssertTrue(message.hasSuffix("See 'pbl schedule --help' for more information."), message)
        XCTAssertTrue(Main.usageMessage(for: ValidationError("x"), in: PBL.self).contains("pbl <subcommand>"))
    }

    func testHelpListsEverySubcommandAndEachOneItsOptions() {
        let root = PBL.helpMessage()
        for name in ["validate", "schedule", "calendar", "checklists", "render", "new", "standards", "templates", "explain", "schema"] {
            XCTAssertTrue(root.contains("  \(name) "), "`pbl --help` lists `\(name)`:\n\(root)")
        }
        XCTAssertTrue(root.contains("Exit status: 0 clean"), root)

        let checklists = PBL.helpMessage(for: PBL.Checklists.self)
        for option in ["--format <format>", "--student <student>", "--section <section>", "--teacher", "--paper <paper>",
                       "-o, --output <output>", "--templates <dir>"] {
            XCTAssertTrue(checklists.contains(option), "`pbl checklists --help` shows `\(option)`:\n\(checklists)")
        }
        XCTAssertTrue(PBL.helpMessage(for: PBL.New.self).contains("--set <key=value>"))
    }

    /// Commands that write a file run in process: parse, run, read what they wrote.
    func testCommandsRunInProcess() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pbl-in-process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let project = folder.appendingPathComponent("rivers.yaml").path

        var new = try PBL.parseAsRoot(["new", "--template", "inquiry-week", "-o", project, "--set", "title=Rivers",
                                       "--set", "calendar.start=2027-03-01"])
        try new.run()
        let written = try String(contentsOfFile: project, encoding: .utf8)
        XCTAssertTrue(written.contains("title: Rivers"), written)

        let calendarFile = folder.appendingPathComponent("calendar.txt").path
        var calendar = try PBL.parseAsRoot(["calendar", project, "-o", calendarFile])
        try calendar.run()
        XCTAssertTrue(try String(contentsOfFile: calendarFile, encoding: .utf8).contains("2027-03-01"))

        let icsFile = folder.appendingPathComponent("plan.ics").path
        var schedule = try PBL.parseAsRoot(["schedule", project, "--format", "ics", "-o", icsFile])
        try schedule.run()
        let ics = try String(contentsOfFile: icsFile, encoding: .utf8)
        XCTAssertTrue(ics.hasPrefix("BEGIN:VCALENDAR\r\n"), String(ics.prefix(80)))
    }
}
