import Foundation
import XCTest

/// Templates a department cannot break by accident: `pbl templates show` never prints a
/// template into itself, an empty template is an error, and a syntax error is told in words.
final class TemplateSafetyTests: XCTestCase {
    private static let builtinChecklist = CLI.packageRoot.appendingPathComponent("templates/render/checklist.html.mustache")

    /// A git repository with its own template root (`templates/render/`) and a project.
    private func repository() throws -> URL {
        let folder = try CLI.temporaryDirectory()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("templates/render"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("templates/projects"), withIntermediateDirectories: true)
        try CLI.millCreekProject().write(to: folder.appendingPathComponent("mill-creek.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("examples/mill-creek/roster.csv"),
                                         to: folder.appendingPathComponent("roster.csv"))
        return folder
    }

    /// `command` run by the shell, with `$PBL` the binary under test.
    private func shell(_ command: String, in folder: URL) throws -> PBLRun {
        try CLI.run(["-c", command], environment: ["PBL": CLI.binary.path], in: folder, executable: URL(fileURLWithPath: "/bin/sh"))
    }

    private func read(_ folder: URL, _ path: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
    }

    func testTheRecipeWithAShellRedirectCopiesTheTemplateItReplaces() throws {
        let folder = try repository()
        defer { try? FileManager.default.removeItem(at: folder) }
        let builtin = try String(contentsOf: Self.builtinChecklist, encoding: .utf8)
        let file = "templates/render/checklist.html.mustache"
        // The shell makes the (empty) file before pbl runs: it is then the copy pbl would print.
        let run = try shell("\"$PBL\" templates show render/checklist.html > \(file)", in: folder)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try read(folder, file), builtin)
        XCTAssertTrue(run.stderr.contains("standard output is \(file), the copy of `render/checklist.html` pbl uses, and it is empty: printed the one it replaces, from (built in)"), run.stderr)
        // Once it is the department's, showing it prints it; showing it into itself does not.
        try Data("custom {{title}}\n".utf8).write(to: folder.appendingPathComponent(file))
        XCTAssertEqual(try CLI.run(["templates", "show", "render/checklist.html"], in: folder).stdout, "custom {{title}}\n")
        let appended = try shell("\"$PBL\" templates show render/checklist.html >> \(file)", in: folder)
        XCTAssertEqual(appended.status, 3, appended.stderr)
        XCTAssertTrue(appended.stderr.contains("pbl does not write a template over itself"), appended.stderr)
        XCTAssertTrue(appended.stderr.contains("`pbl templates show render/checklist.html -o FILE`"), appended.stderr)
        XCTAssertEqual(try read(folder, file), "custom {{title}}\n")
        // A project template the same way.
        let project = try shell("\"$PBL\" templates show inquiry-week > templates/projects/inquiry-week.yaml", in: folder)
        XCTAssertEqual(project.status, 0, project.stderr)
        XCTAssertEqual(try read(folder, "templates/projects/inquiry-week.yaml"),
                       try String(contentsOf: CLI.packageRoot.appendingPathComponent("templates/projects/inquiry-week.yaml"), encoding: .utf8))
        // An empty copy that nothing else has cannot be shown into itself.
        let only = try shell("\"$PBL\" templates show department-only > templates/projects/department-only.yaml", in: folder)
        XCTAssertEqual(only.status, 1, only.stderr)
        XCTAssertTrue(only.stderr.contains("the only copy of `department-only`, and it is empty"), only.stderr)
    }

    func testShowOutputWritesTheCopyAtomicallyAndNeverOverTheTemplateInUse() throws {
        let folder = try repository()
        defer { try? FileManager.default.removeItem(at: folder) }
        let builtin = try String(contentsOf: Self.builtinChecklist, encoding: .utf8)
        let file = "templates/render/checklist.html.mustache"
        let written = try CLI.run(["templates", "show", "render/checklist.html", "-o", file], in: folder)
        XCTAssertEqual(written.status, 0, written.stderr)
        XCTAssertEqual(written.stdout, "")
        XCTAssertEqual(try read(folder, file), builtin)
        // The department's copy is now the one in use: -o onto it (by any name) is refused.
        try Data("custom {{title}}\n".utf8).write(to: folder.appendingPathComponent(file))
        try FileManager.default.linkItem(at: folder.appendingPathComponent(file), to: folder.appendingPathComponent("alias.mustache"))
        for target in [file, "./" + file, "alias.mustache"] {
            let refused = try CLI.run(["templates", "show", "render/checklist.html", "-o", target], in: folder)
            XCTAssertEqual(refused.status, 3, refused.stderr)
            XCTAssertTrue(refused.stderr.contains("\(target) is the template pbl uses for `render/checklist.html`, and it is not empty"), refused.stderr)
            XCTAssertEqual(try read(folder, file), "custom {{title}}\n")
        }
        // Elsewhere, the department's copy is written.
        XCTAssertEqual(try CLI.run(["templates", "show", "render/checklist.html", "-o", "mine.mustache"], in: folder).status, 0)
        XCTAssertEqual(try read(folder, "mine.mustache"), "custom {{title}}\n")
        // An emptied copy (whitespace only) is put back from the one it replaces.
        try Data(" \n\n".utf8).write(to: folder.appendingPathComponent(file))
        let restored = try CLI.run(["templates", "show", "render/checklist.html", "-o", file], in: folder)
        XCTAssertEqual(restored.status, 0, restored.stderr)
        XCTAssertTrue(restored.stderr.contains("\(file) is the copy of `render/checklist.html` pbl uses, and it is empty: wrote the one it replaces"), restored.stderr)
        XCTAssertEqual(try read(folder, file), builtin)
        // A --templates root's copy in use is not written over either, and no temporary file stays.
        let other = folder.appendingPathComponent("other/render")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try Data("other {{title}}\n".utf8).write(to: other.appendingPathComponent("teacher.md.mustache"))
        let input = try CLI.run(["templates", "show", "--templates", "other", "render/teacher.md", "-o", "other/render/teacher.md.mustache"], in: folder)
        XCTAssertEqual(input.status, 3, input.stderr)
        XCTAssertEqual(try read(folder, "other/render/teacher.md.mustache"), "other {{title}}\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: other.path), ["teacher.md.mustache"])
    }

    func testAnEmptyRenderTemplateIsAnErrorInValidateAndWhenRendering() throws {
        let folder = try repository()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data().write(to: folder.appendingPathComponent("templates/render/checklist.md.mustache"))
        try Data(" \n\t\r\n".utf8).write(to: folder.appendingPathComponent("templates/render/schedule.html.mustache"))
        let validated = try CLI.run(["validate", "--format", "github", "templates"], in: folder)
        XCTAssertEqual(validated.status, 1, validated.stdout)
        for name in ["checklist.md", "schedule.html"] {
            XCTAssertTrue(validated.stdout.contains("::error file=templates/render/\(name).mustache,line=1,col=1,endLine=1,endColumn=1,title=pbl template-empty::the template is empty"),
                          validated.stdout)
        }
        for arguments in [["checklists", "mill-creek.yaml", "--format", "md"], ["checklists", "mill-creek.yaml", "--format", "md", "-o", "each/"],
                          ["schedule", "mill-creek.yaml", "--format", "html"], ["render", "mill-creek.yaml", "-o", "out"]] {
            let run = try CLI.run(arguments, in: folder)
            XCTAssertEqual(run.status, 1, "\(arguments): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains("error: the template is empty: pbl would print empty pages from it\nhelp: "), "\(arguments): \(run.stderr)")
            XCTAssertEqual(run.stdout, "", "\(arguments)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("each").path + "/s01-ana-lopez.md"))
    }

    func testASyntaxErrorIsToldInWordsAtItsLineAndColumn() throws {
        let folder = try repository()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = "templates/render/checklist.txt.mustache"
        try Data("{{#students}}\n{{#cycles}}\n  {{#items}}\n  {{title}}\n  {{/cycles}}\n{{/students}}\n".utf8).write(to: folder.appendingPathComponent(file))
        let validated = try CLI.run(["validate", "templates"], in: folder)
        XCTAssertEqual(validated.status, 1)
        XCTAssertTrue(validated.stdout.hasPrefix("""
            \(file):5:3: error: `{{/cycles}}` closes a section, but the open one is `{{#items}}` (line 3) [template-syntax]
                5 |   {{/cycles}}
                  |   ^~~~~~~~~~~
            \(file):3:3: note: the open section starts here
            """), validated.stdout)
        XCTAssertTrue(validated.stdout.contains("help: close `{{#items}}` first, with `{{/items}}`\n"), validated.stdout)
        XCTAssertFalse(validated.stdout.contains("sectionCloseNameIncorrect"))
        let rendered = try CLI.run(["checklists", "mill-creek.yaml", "--format", "text"], in: folder)
        XCTAssertEqual(rendered.status, 1)
        XCTAssertEqual(rendered.stderr, """
            pbl: \(file):5:3: error: `{{/cycles}}` closes a section, but the open one is `{{#items}}` (line 3)
            help: close `{{#items}}` first, with `{{/items}}`

            """)
    }
}
