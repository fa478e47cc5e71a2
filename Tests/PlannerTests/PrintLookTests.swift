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

/// A department's look (`render/look.yaml`): read with positions, checked like any file,
/// found in the template roots; the words of standards and family names the printouts use.
final class PrintLookTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pbl-look-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("templates/render"), withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func write(_ text: String, _ name: String = "templates/render/look.yaml") throws -> String {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    private func writePNG(_ name: String, width: Int, height: Int, corruptData: Bool = false) throws {
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
        for value in [width, height] { bytes += [24, 16, 8, 0].map { UInt8((value >> $0) & 0xFF) } }
        bytes += [8, 6, 0, 0, 0, 0, 0, 0, 0]
        bytes += corruptData ? Array(repeating: 0xAB, count: 40) : []
        try Data(bytes).write(to: folder.appendingPathComponent("templates/render/" + name))
    }

    private var roots: TemplateRoots { TemplateRoots(directories: [folder.appendingPathComponent("templates").path]) }

    func testEverySettingIsReadWithItsLine() throws {
        try writePNG("crest.png", width: 240, height: 120)
        _ = try write("""
            school: Riverside Middle School
            department: Science department
            header: Bring this sheet to every lab session.
            footer: "Questions? Room 114"
            logo: {file: crest.png, description: Heron crest}
            signature: Family signature
            paper: a4
            font_size: 12.5
            reflection_lines: 6
            short_statements: false
            """)
        let loaded = LookLoader.load(roots: roots)
        XCTAssertEqual(loaded.diagnostics.map(\.message), [])
        let look = loaded.look
        XCTAssertEqual(look.organization, "Riverside Middle School · Science department")
        XCTAssertEqual(look.header, "Bring this sheet to every lab session.")
        XCTAssertEqual(look.footer, "Questions? Room 114")
        XCTAssertEqual(look.signature, "Family signature")
        XCTAssertEqual(look.paper, .a4)
        XCTAssertEqual(look.fontSize, 12.5)
        XCTAssertEqual(look.reflectionLines, 6)
        XCTAssertFalse(look.shortStatements)
        XCTAssertEqual(look.logo?.pixelWidth, 240)
        XCTAssertEqual(look.logo?.description, "Heron crest")
        XCTAssertEqual(look.logo?.printedSize.height, 36)
        XCTAssertEqual(look.logo?.printedSize.width, 72)
        XCTAssertEqual(look.givenSettings.map(\.line), Array(1...10))
        XCTAssertEqual(loaded.readFiles.count, 2, "the look and its logo are inputs (never written over)")
    }

    func testWithoutALookFilePrintoutsUsePBLsOwnReadableDefaults() {
        let look = LookLoader.load(roots: roots).look
        XCTAssertNil(look.file)
        XCTAssertGreaterThanOrEqual(look.fontSize, 10.5)
        XCTAssertGreaterThanOrEqual(look.reflectionLines, 4)
        XCTAssertTrue(look.shortStatements)
        XCTAssertEqual(look.paper, .letter)
    }

    func testMistakesAreFoundAtTheirLinesAndNothingIsHalfApplied() throws {
        _ = try write("""
            school: Riverside
            departmnt: Science
            font_size: 9
            reflection_lines: 40
            paper: a5
            short_statements: maybe
            """)
        let loaded = LookLoader.load(roots: roots)
        let found = loaded.diagnostics.map { "\($0.range!.start.line) \($0.rule!)" }
        XCTAssertEqual(found, ["2 unknown-key", "3 malformed-value", "4 malformed-value", "5 malformed-value", "6 wrong-type"])
        XCTAssertTrue(loaded.diagnostics[1].message.contains("10.5"), loaded.diagnostics[1].message)
        XCTAssertEqual(loaded.diagnostics[0].help, "did you mean `department`?")
        XCTAssertTrue(loaded.hasErrors)
        XCTAssertNil(loaded.look.school, "a look with errors is not applied in part")
    }

    func testSizesInHalfPointsOnly() throws {
        for (text, expected) in [("10.5", 10.5), ("16", 16.0), ("11.0", 11.0)] {
            _ = try write("font_size: \(text)\n")
            let loaded = LookLoader.load(roots: roots)
            XCTAssertEqual(loaded.diagnostics.map(\.message), [], text)
            XCTAssertEqual(loaded.look.fontSize, expected, text)
        }
        for text in ["11.25", "1e1", "-11", "0x10", "\"eleven\""] {
            _ = try write("font_size: \(text)\n")
            XCTAssertEqual(LookLoader.load(roots: roots).diagnostics.map(\.rule), ["wrong-type"], text)
        }
        for text in ["16.5", "10"] {
            _ = try write("font_size: \(text)\n")
            XCTAssertEqual(LookLoader.load(roots: roots).diagnostics.map(\.rule), ["malformed-value"], text)
        }
    }

    func testALogoMustBeAPNGOfAPrintableSizeInsideTheRoot() throws {
        try writePNG("huge.png", width: 100_000, height: 100_000)
        try Data("GIF89a not a png".utf8).write(to: folder.appendingPathComponent("templates/render/crest.gif"))
        try writePNG("outside.png", width: 10, height: 10)
        try FileManager.default.moveItem(at: folder.appendingPathComponent("templates/render/outside.png"),
                                         to: folder.appendingPathComponent("outside.png"))
        let cases: [(String, String, String)] = [
            ("huge.png", "malformed-value", "100000 × 100000 pixels"),
            ("crest.gif", "malformed-value", "not a PNG"),
            ("missing.png", "malformed-value", "is not there"),
            ("../../outside.png", "path-outside-project", "outside the template root"),
        ]
        for (name, rule, words) in cases {
            _ = try write("logo: \(name)\n")
            let loaded = LookLoader.load(roots: roots)
            XCTAssertEqual(loaded.diagnostics.map(\.rule), [rule], name)
            XCTAssertTrue(loaded.diagnostics.first?.message.contains(words) == true, loaded.diagnostics.first?.message ?? name)
            XCTAssertEqual(loaded.diagnostics.first?.range?.start.line, 1)
            XCTAssertEqual(loaded.diagnostics.first?.range?.start.column, 7)
        }
    }

    func testALogoLargerThanTwoMegabytesIsRefusedBeforeItIsRead() throws {
        try writePNG("big.png", width: 10, height: 10)
        let handle = try FileHandle(forWritingTo: folder.appendingPathComponent("templates/render/big.png"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(count: 3 << 20))
        try handle.close()
        _ = try write("logo: big.png\n")
        let loaded = LookLoader.load(roots: roots)
        XCTAssertTrue(loaded.diagnostics.first?.message.contains("larger than 2 MB") == true, "\(loaded.diagnostics)")
    }

    func testTheNearestRootWithALookGivesIt() throws {
        let near = folder.appendingPathComponent("near")
        try FileManager.default.createDirectory(at: near.appendingPathComponent("render"), withIntermediateDirectories: true)
        try Data("school: Near\n".utf8).write(to: near.appendingPathComponent("render/look.yaml"))
        _ = try write("school: Far\n")
        let both = TemplateRoots(directories: [near.path, folder.appendingPathComponent("templates").path])
        XCTAssertEqual(LookLoader.load(roots: both).look.school, "Near")
        XCTAssertEqual(LookLoader.load(roots: roots).look.school, "Far")
    }

    func testValidateChecksALookFileInARepository() throws {
        let path = try write("school: Riverside\nfont_size: 20\n")
        let report = Validator().validate(path: path, explicitlyNamed: false)
        XCTAssertEqual(report.kind, .repositoryFile)
        XCTAssertEqual(report.diagnostics.map { "\($0.range!.start.line):\($0.range!.start.column)" }, ["2:12"])
    }

    func testPrintedPlansCarryStandardsInStudentsWordsAndFamilyNames() throws {
        let project = """
            pbl: 1
            id: creek
            title: Creek
            standards: {catalogs: [local], targets: [LOC-1, LOC-2]}
            calendar: {start: 2027-03-01}
            students:
              - {id: s1, name: Ana Zapata, family_name: Zapata}
              - {id: s2, name: Ben Adams}
            cycles:
              - id: explore
                title: Explore
                days: 5
                reflection: [{prompt: What did you learn?}]
                milestones:
                  - {id: plan, title: Plan, day: 2, standards: [LOC-1, LOC-2]}
                  - {id: share, title: Share, day: 5, kind: presentation, standards: [LOC-1]}
            """
        let catalog = """
            catalog: local
            title: Local
            standards:
              - {code: LOC-1, text: Plan a fair investigation., student_text: I can plan a fair test.}
              - {code: LOC-2, text: Keep a notebook.}
            """
        let directory = folder.appendingPathComponent("project")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(project.utf8).write(to: directory.appendingPathComponent("project.yaml"))
        try Data(catalog.utf8).write(to: directory.appendingPathComponent("local.yaml"))
        var text = project
        text = text.replacingOccurrences(of: "catalogs: [local]", with: "catalogs: [local.yaml]")
        try Data(text.utf8).write(to: directory.appendingPathComponent("project.yaml"))
        let report = Validator().validate(path: directory.appendingPathComponent("project.yaml").path)
        XCTAssertEqual(report.diagnostics.filter { $0.severity == .error }.map(\.message), [])
        let plan = try XCTUnwrap(report.printableSchedule()?.plan)
        XCTAssertEqual(plan.standardStatements["LOC-1"]?.forStudents, "I can plan a fair test.")
        XCTAssertEqual(plan.standardStatements["LOC-2"]?.forStudents, "Keep a notebook.", "the summary where the catalog has no student wording")
        let students = plan.sections[0].students
        XCTAssertEqual(students.map(\.familyName), ["Zapata", nil])
        XCTAssertEqual(students.map(\.sortName), ["Zapata Ana Zapata", "Ben Adams"])
    }

    func testARosterColumnGivesTheFamilyName() throws {
        let report = try validate("""
            pbl: 1
            id: creek
            title: Creek
            roster: roster.csv
            cycles:
              - {id: explore, title: Explore, days: 5, reflection: [{prompt: What?}], milestones: [{id: plan, title: Plan, day: 2}]}
            """, files: ["roster.csv": "id,name,family_name\ns1,José Martínez Ruiz,Martínez Ruiz\ns2,Nguyen Van An,Nguyen\n"])
        XCTAssertEqual(report.project?.students.map { $0.familyName?.value }, ["Martínez Ruiz", "Nguyen"])
        XCTAssertEqual(report.having("roster-malformed"), [])
    }

    /// The built-in example (`pbl templates show render/look.yaml`) names every setting, each
    /// with pbl's own value, and says nothing that the loader would refuse.
    func testTheBuiltInExampleListsEverySettingWithItsDefault() throws {
        let example = try XCTUnwrap(EmbeddedFiles.files["templates/render/look.yaml"])
        var seen: Set<String> = []
        var uncommented = ""
        for line in example.split(separator: "\n") where line.hasPrefix("# ") {
            let body = line.dropFirst(2)
            guard let colon = body.firstIndex(of: ":"), let key = PrintLook.Setting(rawValue: String(body[..<colon])),
                  seen.insert(key.rawValue).inserted else { continue }
            uncommented += body + "\n"
        }
        XCTAssertEqual(seen, Set(PrintLook.Setting.allCases.map(\.rawValue)))
        _ = try write(uncommented.replacingOccurrences(of: "logo: logo.png", with: "logo: crest.png"))
        try writePNG("crest.png", width: 10, height: 10)
        let loaded = LookLoader.load(roots: roots)
        XCTAssertEqual(loaded.diagnostics.map(\.message), [])
        XCTAssertEqual(loaded.look.fontSize, PrintLook.standard.fontSize)
        XCTAssertEqual(loaded.look.reflectionLines, PrintLook.standard.reflectionLines)
        XCTAssertEqual(loaded.look.paper, PrintLook.standard.paper)
        XCTAssertEqual(loaded.look.shortStatements, PrintLook.standard.shortStatements)
        // Commented out, it is pbl's own look.
        _ = try write(example)
        XCTAssertEqual(LookLoader.load(roots: roots).look.school, nil)
        XCTAssertEqual(LookLoader.load(roots: roots).diagnostics.count, 0)
    }
}
