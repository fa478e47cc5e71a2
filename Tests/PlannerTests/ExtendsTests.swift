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

/// `extends:`: templates from the roots laid under a project, chains of them, and the errors
/// of a name that does not lead to a usable template.
final class ExtendsTests: XCTestCase {
    private static let template = """
        pbl: 1
        id: unit
        title: A unit
        driving_question: What makes a test fair?
        product: {title: A lab report, audience: The science fair}
        calendar: {start: 2027-01-04}
        cycles:
          - id: lab
            title: Run the lab
            days: 5
            milestones:
              - {id: plan, title: Plan, day: 1, kind: launch, choices: [{id: a, title: A}, {id: b, title: B}]}
              - {id: review, title: Peer review, day: 3, kind: critique}
            reflection: [{prompt: What would you change?}]

        """

    private static let project = """
        pbl: 1
        id: mine
        title: My unit
        extends: unit
        calendar: {start: 2027-03-01}
        students: [{id: s01, name: Ana López}]

        """

    func testAProjectGetsItsTemplatesPlanAndKeepsItsOwnValues() throws {
        let report = try validate(Self.project, files: ["templates/projects/unit.yaml": Self.template])
        XCTAssertEqual(report.diagnostics.map(\.message), [])
        let project = try XCTUnwrap(report.project)
        XCTAssertEqual(project.title?.value, "My unit")
        XCTAssertEqual(project.calendar?.start?.value.description, "2027-03-01")
        XCTAssertEqual(project.cycles.first?.milestones.map { $0.id?.value }, ["plan", "review"])
        XCTAssertTrue(project.cycles.first?.title?.file.hasSuffix("templates/projects/unit.yaml") ?? false)
        XCTAssertEqual(project.title?.file.hasSuffix("project.yaml"), true)
    }

    func testFindingsOnATemplatesValuesPointIntoTheTemplate() throws {
        let project = Self.project + "cycles:\n  - id: lab\n    days: 2\n"
        let report = try validate(project, files: ["templates/projects/unit.yaml": Self.template])
        let outside = try XCTUnwrap(report.having("day-outside-cycle").first)
        XCTAssertEqual(outside.file, "templates/projects/unit.yaml", "the day that is now too late is the template's line")
        XCTAssertEqual(outside.range?.start.line, 13)
        XCTAssertTrue(report.sources.keys.contains { $0.hasSuffix("templates/projects/unit.yaml") }, "the template's text is there for snippets")
    }

    func testAChainOfTemplates() throws {
        let middle = "pbl: 1\nid: middle\nextends: unit\ntitle: The middle\ndriving_question: Which design holds the most weight?\n"
        let report = try validate(Self.project.replacingOccurrences(of: "extends: unit", with: "extends: middle"),
                                  files: ["templates/projects/unit.yaml": Self.template, "templates/projects/middle.yaml": middle])
        XCTAssertEqual(report.diagnostics.map(\.message), [])
        XCTAssertEqual(report.project?.drivingQuestion?.value, "Which design holds the most weight?")
        XCTAssertEqual(report.project?.drivingQuestion?.file, report.project?.drivingQuestion?.file)
        XCTAssertEqual(report.project?.cycles.count, 1)
    }

    func testAnUnknownTemplateIsOneErrorWithTheNearestName() throws {
        let report = try validate(Self.project.replacingOccurrences(of: "extends: unit", with: "extends: unti"),
                                  files: ["templates/projects/unit.yaml": Self.template])
        XCTAssertEqual(report.rules(), ["extends-unresolved"], "the rest of the plan is the template's to give")
        XCTAssertEqual(report.diagnostics.first?.message, "no project template `unti` in the template roots")
        XCTAssertEqual(report.diagnostics.first?.help, "did you mean `unit`?")
        XCTAssertEqual(report.diagnostics.first?.range?.start.line, 4)
    }

    func testALoopOfExtendsIsAnError() throws {
        let a = "pbl: 1\nid: a\nextends: b\n", b = "pbl: 1\nid: b\nextends: a\n"
        let report = try validate(Self.project.replacingOccurrences(of: "extends: unit", with: "extends: a"),
                                  files: ["templates/projects/a.yaml": a, "templates/projects/b.yaml": b])
        let loop = try XCTUnwrap(report.having("extends-unresolved").first)
        XCTAssertEqual(loop.message, "templates extend each other in a loop: a → b → a")
        XCTAssertEqual(loop.file, "templates/projects/b.yaml")
    }

    func testNamesThatWouldLeaveTheRootAreRefused() throws {
        for name in ["../secret", "/etc/passwd", "a/../../x", ".hidden", "unit.yaml"] {
            let report = try validate(Self.project.replacingOccurrences(of: "extends: unit", with: "extends: \"\(name)\""),
                                      files: ["templates/projects/unit.yaml": Self.template, "secret.yaml": Self.template])
            XCTAssertEqual(report.rules(), ["extends-unresolved"], name)
            XCTAssertEqual(report.diagnostics.first?.message, "`\(name)` is not a template name", name)
        }
    }

    func testASymlinkOutOfTheRootIsRefused() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = folder.appendingPathComponent("root")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("projects"), withIntermediateDirectories: true)
        try Data(Self.template.utf8).write(to: folder.appendingPathComponent("outside.yaml"))
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("projects/unit.yaml").path,
                                                   withDestinationPath: folder.appendingPathComponent("outside.yaml").path)
        let projectPath = folder.appendingPathComponent("project.yaml").path
        try Data(Self.project.utf8).write(to: URL(fileURLWithPath: projectPath))
        let report = Validator(roots: TemplateRoots(directories: [root.path])).validate(path: projectPath)
        XCTAssertEqual(report.rules(), ["extends-unresolved"])
        XCTAssertTrue(report.diagnostics.first?.message.contains("leads outside its template root") ?? false,
                      report.diagnostics.first?.message ?? "")

        // A link that stays inside the root is fine.
        try FileManager.default.moveItem(at: folder.appendingPathComponent("outside.yaml"), to: root.appendingPathComponent("real.yaml"))
        try FileManager.default.removeItem(at: root.appendingPathComponent("projects/unit.yaml"))
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("projects/unit.yaml").path, withDestinationPath: "../real.yaml")
        XCTAssertEqual(Validator(roots: TemplateRoots(directories: [root.path])).validate(path: projectPath).diagnostics.map(\.message), [])
    }

    func testATemplateThatIsNotYAMLOrNotAProject() throws {
        let broken = try validate(Self.project, files: ["templates/projects/unit.yaml": "pbl: 1\ntitle: [unclosed\n"])
        XCTAssertEqual(Set(broken.rules()), ["extends-unresolved", "yaml-syntax"])
        XCTAssertEqual(broken.having("yaml-syntax").first?.file, "templates/projects/unit.yaml")
        let notProject = try validate(Self.project, files: ["templates/projects/unit.yaml": "catalog: x\n"])
        XCTAssertEqual(notProject.rules(), ["extends-unresolved"])
    }

    func testTheBuiltInTemplatesAreFoundWithNoRoots() throws {
        let report = try validate("pbl: 1\nid: x\ntitle: X\nextends: inquiry-week\ncalendar: {start: 2027-03-01}\n")
        XCTAssertEqual(Set(report.rules()), ["todo-placeholder"])
        XCTAssertTrue(report.diagnostics.allSatisfy { $0.file == "<built-in>/projects/inquiry-week.yaml" })
    }

    func testStudentsInATemplateAreFlaggedWhereverTheTemplateIsUsed() throws {
        let withStudents = Self.template + "students:\n  - {id: s1, name: Ana}\n"
        let report = try validate(Self.project, files: ["templates/projects/unit.yaml": withStudents])
        let flagged = try XCTUnwrap(report.having("student-data-in-template").first)
        XCTAssertEqual(flagged.file, "templates/projects/unit.yaml")
        XCTAssertEqual(flagged.range?.start.line, 15)
    }

    func testATemplatesOwnPlaceholdersAreNotFindingsButAProjectsAre() throws {
        let template = Self.template.replacingOccurrences(of: "What makes a test fair?", with: "\"TODO: your question\"")
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("templates/projects"), withIntermediateDirectories: true)
        let templatePath = folder.appendingPathComponent("templates/projects/unit.yaml").path
        try Data(template.utf8).write(to: URL(fileURLWithPath: templatePath))
        let projectPath = folder.appendingPathComponent("project.yaml").path
        try Data(Self.project.utf8).write(to: URL(fileURLWithPath: projectPath))
        let validator = Validator()
        XCTAssertEqual(validator.validate(path: templatePath).diagnostics.map(\.message), [])
        XCTAssertTrue(validator.validate(path: templatePath).isTemplate)
        let project = validator.validate(path: projectPath)
        XCTAssertEqual(project.rules(), ["todo-placeholder"])
        XCTAssertEqual(project.diagnostics.first?.help, "write this field in \(projectPath); it takes the template's place")
    }

    func testTheRepositoryRootIsTheNearestTemplatesFolderUpToTheGitTop() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manager = FileManager.default
        try manager.removeItem(at: folder.appendingPathComponent(".git"))
        try manager.createDirectory(at: folder.appendingPathComponent("repo/.git"), withIntermediateDirectories: true)
        try manager.createDirectory(at: folder.appendingPathComponent("repo/templates/standards"), withIntermediateDirectories: true)
        try manager.createDirectory(at: folder.appendingPathComponent("repo/a/b"), withIntermediateDirectories: true)
        try manager.createDirectory(at: folder.appendingPathComponent("templates/projects"), withIntermediateDirectories: true)
        let found = TemplateRoots.repositoryRoot(for: folder.appendingPathComponent("repo/a/b/p.yaml").path)
        XCTAssertEqual(found.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path },
                       folder.appendingPathComponent("repo/templates").resolvingSymlinksInPath().path)
        try manager.removeItem(at: folder.appendingPathComponent("repo/templates"))
        XCTAssertNil(TemplateRoots.repositoryRoot(for: folder.appendingPathComponent("repo/a/b/p.yaml").path),
                     "the search stops at the top of the repository")
        try manager.createDirectory(at: folder.appendingPathComponent("elsewhere/x"), withIntermediateDirectories: true)
        try manager.createDirectory(at: folder.appendingPathComponent("elsewhere/templates/projects"), withIntermediateDirectories: true)
        XCTAssertNil(TemplateRoots.repositoryRoot(for: folder.appendingPathComponent("elsewhere/x/p.yaml").path),
                     "outside a git repository a templates/ folder (say in /tmp) is not a root")
    }

    func testATemplateThatCannotBeReadIsReportedNotReplacedByABuiltInOne() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let projects = folder.appendingPathComponent("templates/projects")
        try FileManager.default.createDirectory(at: projects, withIntermediateDirectories: true)
        // A FIFO would block a reader forever; a file over the size limit is refused unread.
        XCTAssertEqual(mkfifo(projects.appendingPathComponent("inquiry-week.yaml").path, 0o644), 0)
        let projectPath = folder.appendingPathComponent("project.yaml").path
        try Data(Self.project.replacingOccurrences(of: "extends: unit", with: "extends: inquiry-week").utf8).write(to: URL(fileURLWithPath: projectPath))
        let report = Validator().validate(path: projectPath)
        XCTAssertEqual(report.rules(), ["extends-unresolved"])
        XCTAssertTrue(report.diagnostics.first?.message.contains("cannot be read: ") ?? false, report.diagnostics.first?.message ?? "")
        try FileManager.default.removeItem(at: projects.appendingPathComponent("inquiry-week.yaml"))
        try Data(repeating: UInt8(ascii: "#"), count: 17 << 20).write(to: projects.appendingPathComponent("inquiry-week.yaml"))
        XCTAssertEqual(Validator().validate(path: projectPath).rules(), ["extends-unresolved"])
    }

    func testExtendsMustBeOneName() throws {
        for value in ["[unit]", "{a: b}", "", "\"\""] {
            let report = try validate(Self.project.replacingOccurrences(of: "extends: unit", with: "extends: \(value)"),
                                      files: ["templates/projects/unit.yaml": Self.template])
            XCTAssertTrue(report.rules().contains("extends-unresolved"), "\(value): \(report.rules())")
            XCTAssertFalse(report.rules().contains("missing-field"), value)
        }
    }

    func testAPolicyCannotSilenceStudentDataInATemplate() throws {
        let template = Self.template + "policy: {rules: {student-data-in-template: off}}\nstudents:\n  - {id: s1, name: Ana}\n"
        let report = try validate(Self.project.replacingOccurrences(of: "calendar:", with: "policy: {rules: {extends-unresolved: off}}\ncalendar:"),
                                  files: ["templates/projects/unit.yaml": template])
        XCTAssertEqual(report.having("student-data-in-template").count, 1)
        XCTAssertEqual(report.diagnostics.filter { $0.message.contains("cannot be changed by a policy") }.count, 2)
    }

    func testTemplatesInSubfoldersOfProjectsAreTemplates() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let science = folder.appendingPathComponent("templates/projects/science")
        try FileManager.default.createDirectory(at: science, withIntermediateDirectories: true)
        let path = science.appendingPathComponent("lab.yaml").path
        try Data(Self.template.replacingOccurrences(of: "What makes a test fair?", with: "\"TODO: a question\"").utf8).write(to: URL(fileURLWithPath: path))
        let report = Validator().validate(path: path)
        XCTAssertTrue(report.isTemplate)
        XCTAssertEqual(report.diagnostics.map(\.message), [])
        let projectPath = folder.appendingPathComponent("p.yaml").path
        try Data(Self.project.replacingOccurrences(of: "extends: unit", with: "extends: science/lab").utf8).write(to: URL(fileURLWithPath: projectPath))
        XCTAssertEqual(Validator().validate(path: projectPath).rules(), ["todo-placeholder"])
    }

    func testARepositorysRootComesAfterTemplatesOptionsAndBeforeTheEnvironment() {
        let roots = TemplateRoots.standard(options: ["named"], environment: ["PBL_TEMPLATES": "env1:env2"]).adding(repository: "repo")
        XCTAssertEqual(roots.roots, [.directory("named"), .directory("repo"), .directory("env1"), .directory("env2"), .builtin])
        XCTAssertNil(roots.find("render/../../etc/passwd"), "no name climbs out of a root")
        XCTAssertNil(roots.find("/etc/passwd"))
    }

    private func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pbl-extends-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url.appendingPathComponent(".git"), withIntermediateDirectories: true)
        return url
    }
}
