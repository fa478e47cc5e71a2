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

/// Catalogs are files `pbl validate` checks: duplicate codes, missing summaries, codes that
/// break the framework's grammar; and every built-in catalog passes.
final class CatalogValidationTests: XCTestCase {
    func testCatalogMistakes() throws {
        let report = try validate("""
            catalog: t
            title: T
            code_pattern: '^MS-[A-Z]+[0-9]-[0-9]$'
            standards:
              - {code: MS-ESS3-3, text: Fine}
              - {code: MS-ESS3.3, text: The same code dotted}
              - {code: ms-ess3-3, text: The same code again}
              - {code: MS-LS1-1}
            """, name: "t.yaml")
        XCTAssertEqual(report.kind, .catalog)
        XCTAssertEqual(report.diagnostics.map { "\($0.range!.start.line) \($0.rule!)" },
                       ["6 duplicate-id", "6 malformed-value", "7 duplicate-id", "7 malformed-value", "8 missing-field"],
                       "a code written another way is the same code, and breaks the pattern too")
    }

    func testMarksAndNotApplicableSlotsAreReadAndChecked() throws {
        let report = try validate("""
            catalog: t
            title: T
            code_pattern: '^RL\\.11-12\\.[0-9]+$'
            not_applicable: [RL.11-12.8, RL.11-12.1, RL-11-12-9]
            standards:
              - {code: RL.11-12.1, text: Fine, plus: true, modeling: false}
              - {code: RL.11-12.2, text: A mark is true or false, modeling: yes}
            """, name: "t.yaml")
        XCTAssertEqual(report.diagnostics.map { "\($0.range!.start.line) \($0.rule!)" },
                       ["4 duplicate-id", "4 malformed-value", "7 wrong-type"], "a slot that is also a standard, a slot off the grammar, a mark that is not a boolean")
        let root = try XCTUnwrap(try YAMLReader.document("""
            catalog: t
            title: T
            not_applicable: [RL.11-12.8]
            standards: [{code: A.1, text: X, plus: true}, {code: A.2, text: Y, modeling: true}]
            """)?.root)
        let (catalog, problems) = CatalogLoader.load(root, file: "t.yaml")
        XCTAssertEqual(problems.map(\.message), [])
        XCTAssertEqual(catalog.notApplicable.map(\.value), ["RL.11-12.8"])
        XCTAssertEqual(catalog.standards.map { [$0.plus?.value, $0.modeling?.value] }, [[true, nil], [nil, true]])
    }

    func testABrokenPatternIsReported() throws {
        let report = try validate("catalog: t\ntitle: T\ncode_pattern: '(['\nstandards: [{code: A, text: B}]\n", name: "t.yaml")
        XCTAssertEqual(report.having("malformed-value").first?.range?.start.line, 3)
    }

    func testEveryBuiltInCatalogIsClean() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = root.appendingPathComponent("templates/standards")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
        XCTAssertEqual(files.count, 8)
        for file in files {
            let report = Validator().validate(path: folder.appendingPathComponent(file).path)
            XCTAssertEqual(report.kind, .catalog, file)
            XCTAssertEqual(report.diagnostics.map(\.message), [], file)
        }
    }
}
