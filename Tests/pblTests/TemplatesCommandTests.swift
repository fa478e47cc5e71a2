import Foundation
import XCTest

/// `pbl new` and `pbl templates`: every built-in template makes a project that validates with
/// only its placeholders left, and an installed binary needs no checkout beside it.
final class TemplatesCommandTests: XCTestCase {
    static let builtin = ["community-exhibition", "design-sprint", "inquiry-week", "writing-workshop"]

    func testTemplatesListShowsEachBuiltInTemplateWithItsTitleGradesAndRoot() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try CLI.run(["templates", "list"], in: folder)
        XCTAssertEqual(run.status, 0, run.stderr)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first?.split(separator: " ", omittingEmptySubsequences: true),
                       ["PROJECT", "TEMPLATE", "TITLE", "GRADES", "SUBJECTS", "ROOT"])
        for name in Self.builtin {
            XCTAssertTrue(lines.contains { $0.hasPrefix(name + " ") && $0.hasSuffix("(built in)") }, "\(name) in\n\(run.stdout)")
        }
        XCTAssertTrue(lines.contains { $0.hasPrefix("inquiry-week") && $0.contains("A one-week inquiry") && $0.contains("K-12") })
        XCTAssertTrue(lines.contains { $0.hasPrefix("render/checklist.html") })
        let show = try CLI.run(["templates", "show", "design-sprint"], in: folder)
        XCTAssertTrue(show.stdout.contains("id: design-sprint\n"), show.stdout)
        let unknown = try CLI.run(["templates", "show", "design-sprnt"], in: folder)
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("did you mean `design-sprint`?"), unknown.stderr)
    }

    func testNewFromEachTemplateValidatesWithOnlyPlaceholdersAndRenders() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in Self.builtin {
            for extends in [false, true] {
                let file = "\(name)\(extends ? "-thin" : "").yaml"
                let made = try CLI.run(["new", "--template", name, "-o", file] + (extends ? ["--extends"] : []), in: folder)
                XCTAssertEqual(made.status, 0, made.stderr)
                XCTAssertTrue(made.stderr.contains("`TODO:` placeholders to fill in"), made.stderr)
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                XCTAssertTrue(text.hasPrefix("# yaml-language-server: $schema=project.schema.json\n"), text)
                XCTAssertEqual(text.contains("extends: \(name)\n"), extends, file)
                let checked = try CLI.run(["validate", "--format", "json", file], in: folder)
                XCTAssertEqual(checked.status, 0, checked.stdout)
                let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(checked.stdout.utf8)) as? [[String: Any]])
                let rules = json.compactMap { $0["rule"] as? String }
                XCTAssertFalse(rules.isEmpty, "\(file): the placeholders are reported")
                XCTAssertEqual(Set(rules), ["todo-placeholder", "no-students"], "\(file): \(checked.stdout)")
                let rendered = try CLI.run(["render", file, "-o", "out-\(file)"], in: folder)
                XCTAssertEqual(rendered.status, 0, rendered.stderr)
                XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out-\(file)/index.html").path))
            }
        }
        // The schema the modeline names was written once, beside the projects.
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("project.schema.json").path))
    }

    func testNewExtendsKeepsTheTemplatesStartUnlessSetChangesIt() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let projects = folder.appendingPathComponent("dept/projects")
        try FileManager.default.createDirectory(at: projects, withIntermediateDirectories: true)
        let template = try String(contentsOf: CLI.packageRoot.appendingPathComponent("templates/projects/inquiry-week.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "  start: 2027-01-04\n",
                                  with: "  start: 2027-03-01\n  rotation: [A, B]\n  rotation_anchor: {date: 2027-03-01, day: A}\n  meets_on: [B]\n")
        try template.write(to: projects.appendingPathComponent("ab-week.yaml"), atomically: true, encoding: .utf8)
        let made = try CLI.run(["new", "--templates", "dept", "--template", "ab-week", "--extends", "-o", "mine.yaml"], in: folder)
        XCTAssertEqual(made.status, 0, made.stderr)
        let text = try String(contentsOf: folder.appendingPathComponent("mine.yaml"), encoding: .utf8)
        XCTAssertFalse(text.contains("\n  start:"), "the template's start stays the plan's: \(text)")
        XCTAssertTrue(text.contains("# The template's calendar starts on 2027-03-01"), text)
        let schedule = try CLI.run(["schedule", "--templates", "dept", "--format", "csv", "mine.yaml"], in: folder)
        XCTAssertEqual(schedule.status, 0, schedule.stderr)
        XCTAssertTrue(schedule.stdout.contains(",need-to-know-list,2027-03-02,") || schedule.stdout.contains(",2027-03-02,1,launch,"),
                      "Tue Mar 2 is the first B day: \(schedule.stdout)")

        let moved = try CLI.run(["new", "--templates", "dept", "--template", "ab-week", "--extends", "-o", "moved.yaml",
                                 "--set", "calendar.start=2027-03-08"], in: folder)
        XCTAssertEqual(moved.status, 0, moved.stderr)
        let movedText = try String(contentsOf: folder.appendingPathComponent("moved.yaml"), encoding: .utf8)
        XCTAssertTrue(movedText.contains("start: 2027-03-08"), movedText)
        let movedSchedule = try CLI.run(["schedule", "--templates", "dept", "--format", "csv", "moved.yaml"], in: folder)
        // The anchor keeps the rotation: Mon Mar 8 is five school days after Mon Mar 1 (A), so a B day.
        XCTAssertTrue(movedSchedule.stdout.contains(",2027-03-08,1,launch,"), movedSchedule.stdout)
    }

    func testNewSetsValuesRefusesBadOnesAndNeverOverwrites() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let made = try CLI.run(["new", "--template", "inquiry-week", "-o", "Creek Study.yaml", "--set", "title=Is our creek safe?",
                                "--set", "calendar.start=2027-03-01", "--set", "calendar.exhibition=2027-04-30",
                                "--set", "product.audience=The town council: at its April meeting", "--set", "subjects=[science, ela]"], in: folder)
        XCTAssertEqual(made.status, 0, made.stderr)
        let text = try String(contentsOf: folder.appendingPathComponent("Creek Study.yaml"), encoding: .utf8)
        XCTAssertTrue(text.contains("\nid: creek-study\n"), text)
        XCTAssertTrue(text.contains("\ntitle: Is our creek safe?\n"), text)
        XCTAssertTrue(text.contains("  start: 2027-03-01\n  exhibition: 2027-04-30\n"), text)
        XCTAssertTrue(text.contains("  audience: \"The town council: at its April meeting\"\n"), text)
        XCTAssertTrue(text.contains("# Replace every `TODO:` with your own text"), "the template's comments stay")
        let checked = try CLI.run(["validate", "Creek Study.yaml"], in: folder)
        XCTAssertTrue(checked.stdout.hasSuffix("1 file: 3 warnings, 1 note\n"), checked.stdout)

        let again = try CLI.run(["new", "--template", "design-sprint", "-o", "Creek Study.yaml"], in: folder)
        XCTAssertEqual(again.status, 3)
        XCTAssertTrue(again.stderr.contains("already exists"), again.stderr)
        XCTAssertEqual(try String(contentsOf: folder.appendingPathComponent("Creek Study.yaml"), encoding: .utf8), text)

        let bad = try CLI.run(["new", "--template", "inquiry-week", "-o", "bad.yaml", "--set", "calendar.start=tomorrow"], in: folder)
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("`tomorrow` is not a date"), bad.stderr)
        for arguments in [["--set", "cycles=3"], ["--set", "noequals"], ["--template", "../inquiry-week"]] {
            var full = ["new", "-o", "bad.yaml"] + arguments
            if !arguments.contains("--template") { full += ["--template", "inquiry-week"] }
            XCTAssertEqual(try CLI.run(full, in: folder).status, 2, "\(arguments)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("bad.yaml").path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
        XCTAssertEqual(leftovers, [], "no temporary files left behind")
    }

    /// The acceptance test of an install: the binary alone, copied to a folder outside the
    /// checkout and run from another one, still has its templates, catalogs and examples.
    func testAnInstalledBinaryWorksFromAnyFolder() throws {
        let install = try CLI.temporaryDirectory(), work = try CLI.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: install)
            try? FileManager.default.removeItem(at: work)
        }
        let binary = install.appendingPathComponent("pbl")
        // scripts/test (CI) builds the release binary for this; a plain `swift test` uses the debug one.
        let built = ProcessInfo.processInfo.environment["PBL_RELEASE_BINARY"].map { URL(fileURLWithPath: $0) } ?? CLI.binary
        try FileManager.default.copyItem(at: built, to: binary)
        let environment = ["PBL_TEMPLATES": ""]
        func run(_ arguments: [String]) throws -> PBLRun {
            try CLI.run(arguments, environment: environment, in: work, executable: binary)
        }
        XCTAssertTrue(try run(["templates", "list"]).stdout.contains("writing-workshop"))
        XCTAssertEqual(try run(["new", "--template", "writing-workshop", "-o", "essays.yaml", "--set", "title=Essays"]).status, 0)
        let validated = try run(["validate", "essays.yaml"])
        XCTAssertEqual(validated.status, 0, validated.stdout)
        XCTAssertTrue(validated.stdout.contains("[todo-placeholder]"))
        XCTAssertEqual(try run(["render", "essays.yaml", "-o", "out"]).status, 0)
        XCTAssertTrue(try run(["standards", "show", "MS-ESS3-3"]).stdout.contains("MS-ESS3-3"))
        XCTAssertTrue(try run(["explain", "todo-placeholder"]).stdout.contains("examples/broken/todo-placeholder/project.yaml"))
        XCTAssertTrue(try run(["templates", "show", "render/checklist.html"]).stdout.contains("{{#students}}"))
    }

    func testTheDepartmentRepositoryValidatesCleanForCI() throws {
        // The roster is not in this checkout either: the department's .gitignore keeps it out.
        let github = try CLI.run(["validate", "--strict", "--format", "github", "examples/department"])
        XCTAssertEqual(github.status, 0, github.stdout)
        XCTAssertTrue(github.stdout.hasPrefix("::notice file=examples/department/grade7/chen/insulation-challenge.yaml,line=30,"), github.stdout)
        XCTAssertTrue(github.stdout.contains("\n::notice file=examples/department/grade7/rivera/creek-study.yaml,line=30,"), github.stdout)
        XCTAssertEqual(github.stdout.split(separator: "\n").count, 2, github.stdout)
        XCTAssertTrue(github.stdout.contains("title=pbl roster-ignored::"), github.stdout)
        let human = try CLI.run(["validate", "."], in: CLI.packageRoot.appendingPathComponent("examples/department"))
        XCTAssertTrue(human.stdout.hasSuffix("7 files: no problems (2 notes)\n"), human.stdout)
        let workflow = try String(contentsOf: CLI.packageRoot.appendingPathComponent("examples/department/.github/workflows/pbl.yml"), encoding: .utf8)
        XCTAssertTrue(workflow.contains("pbl validate . --format github"))
        XCTAssertTrue(workflow.contains("pbl standards coverage"))
    }

    func testRepositoryChecksFindRostersAndBrokenRenderTemplatesInATemplateRoot() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let repository = folder.appendingPathComponent("department")
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("examples/department"), to: repository)
        try FileManager.default.createDirectory(at: repository.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try Data("id,name,group\ns1,Ana López,otters\n".utf8).write(to: repository.appendingPathComponent("templates/projects/roster.csv"))
        try Data("{{#students}}\n{{name}\n{{/students}}\n".utf8).write(to: repository.appendingPathComponent("templates/render/checklist.txt.mustache"))
        try Data("x".utf8).write(to: repository.appendingPathComponent("templates/render/checklst.html.mustache"))
        // A CSV beside a teacher's project is where a roster belongs: not flagged.
        try Data("id,name\ns1,Ana\n".utf8).write(to: repository.appendingPathComponent("grade7/rivera/roster.csv"))
        try Data("id,name\ns1,Mei\n".utf8).write(to: repository.appendingPathComponent("grade7/chen/roster.csv"))
        // A mistake in a template that a project extends: checked twice, reported once.
        let template = repository.appendingPathComponent("templates/projects/field-study.yaml")
        try Data((try String(contentsOf: template, encoding: .utf8) + "colour: red\n").utf8).write(to: template)
        let run = try CLI.run(["validate", "--format", "github", "."], in: repository)
        XCTAssertEqual(run.status, 1)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 4, run.stdout)
        XCTAssertEqual(lines.filter { $0.contains("unknown key `colour`") }.count, 1, run.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("::error file=templates/projects/roster.csv,line=1,") && $0.contains("student-data-in-template") }, run.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("::error file=templates/render/checklist.txt.mustache,line=2,") }, run.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("::warning file=templates/render/checklst.html.mustache,line=1,") && $0.contains("checklist.html.mustache") }, run.stdout)
    }

    func testADepartmentsProjectsUseItsRenderTemplatesAndCatalogsWithNoOptions() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let repository = folder.appendingPathComponent("department")
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("examples/department"), to: repository)
        try FileManager.default.createDirectory(at: repository.appendingPathComponent(".git"), withIntermediateDirectories: true)
        // The project names `roster: roster.csv`; here, as on the teacher's machine, it is there.
        try Data("id,name\ns1,Ana López\n".utf8).write(to: repository.appendingPathComponent("grade7/rivera/roster.csv"))
        let markdown = try CLI.run(["checklists", "rivera/creek-study.yaml", "--format", "md"], in: repository.appendingPathComponent("grade7"))
        XCTAssertEqual(markdown.status, 0, markdown.stderr)
        XCTAssertTrue(markdown.stdout.contains("Project: **Is Mill Creek safe for swimming?** (creek-study)  \nRiverside Middle School · Science department: Bring this sheet to every lab session.\n"),
                      "the department's checklist.md, with the look's names: \(markdown.stdout)")
        XCTAssertTrue(markdown.stdout.contains("  - I can plan a fair test: change one thing and keep the rest the same. (RSD-SCI-1)\n"), markdown.stdout)
        let html = try CLI.run(["checklists", "grade7/rivera/creek-study.yaml"], in: repository)
        XCTAssertTrue(html.stdout.contains("<p class=\"meta\">Project: <strong>Is Mill Creek safe for swimming?</strong></p>"), "other formats keep the built-in template")
        XCTAssertTrue(html.stdout.contains("<p class=\"organization\">Riverside Middle School · Science department</p>"), "with the department's look")
        let catalogs = try CLI.run(["standards", "show", "RSD-SCI-3"], in: repository)
        XCTAssertEqual(catalogs.status, 0, catalogs.stderr)
    }
}
