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

/// pbl's table of the slots the CCSS leave empty (`CCSSGaps`) against the official list, and
/// pbl's code spellings against every official CCSS math and NGSS code.
final class CCSSGapsTests: XCTestCase {
    /// `http://corestandards.org/ELA-Literacy/RL/7/8/` -> `RL.7.8`.
    private func slot(_ uri: String) -> String? {
        guard let range = uri.range(of: "/ELA-Literacy/") else { return nil }
        return uri[range.upperBound...].split(separator: "/").joined(separator: ".")
    }

    func testTheTableIsTheOfficialListsEmptySlots() throws {
        let rows = try sharedStandardsRows("ccss-ela-literacy-codes.csv")
        XCTAssertEqual(rows.count, 1045)
        let empty = rows.filter { $0["code"]?.isEmpty ?? true }.compactMap { $0["ref_uri"].flatMap(slot) }
        XCTAssertEqual(empty.count, 26)
        XCTAssertEqual(Set(CCSSGaps.all.map(\.code)), Set(empty))
        XCTAssertEqual(CCSSGaps.all.count, empty.count)
        let codes = Set(rows.compactMap { $0["code"] }.filter { !$0.isEmpty }.map { String($0.dropFirst("CCSS.ELA-Literacy.".count)) })
        for code in codes { XCTAssertNil(CCSSGaps.gap(code), "\(code) is a standard") }
        for gap in CCSSGaps.all {
            XCTAssertEqual(CCSSGaps.gap("CCSS.ELA-Literacy." + gap.code.lowercased())?.code, gap.code)
            let parts = gap.code.split(separator: ".").map(String.init)
            switch gap.reason {
            case .notApplicable(let instead, _):
                XCTAssertTrue(codes.contains(instead), "\(gap.code): \(instead) is not a standard")
                XCTAssertEqual(instead.split(separator: ".")[1], parts[1][...], "\(gap.code): the alternative is for the same grades")
            case .beginsIn(let grade, let first):
                // The first grade that has the number is the one named, and every grade before it has none.
                XCTAssertEqual(first, "\(parts[0]).\(grade).\(parts[2])")
                XCTAssertTrue(codes.contains(first), "\(gap.code): \(first) is not a standard")
                let grades = ["K"] + (1...12).map(String.init)
                for earlier in grades.prefix(while: { $0 != grade }) {
                    XCTAssertFalse(codes.contains("\(parts[0]).\(earlier).\(parts[2])"), "\(gap.code): begins before grade \(grade)")
                }
            }
        }
    }

    /// The built-in catalogs list their grades' slots as data; pbl's table has every one.
    func testTheBuiltInCatalogsSlotsAreInTheTable() throws {
        let store = CatalogStore(roots: TemplateRoots())
        let slots = store.everyCatalog.catalogs.flatMap(\.notApplicable).map(\.value)
        XCTAssertGreaterThanOrEqual(slots.count, 8, "RL.6.8 to RL.11-12.8 and WHST.6-8.3 to WHST.11-12.3")
        for slot in slots { XCTAssertEqual(CCSSGaps.gap(slot)?.code, slot) }
    }

    /// Every official math code, written as the 2010 documents do (no cluster letter; no `HS`
    /// in high school) and in the CCSS dot notation, names it and only it among all 517.
    func testEveryOfficialMathCodeResolvesFromItsShortForms() throws {
        let rows = try sharedStandardsRows("ccss-math-codes.csv")
        XCTAssertEqual(rows.count, 517)
        let official = rows.compactMap { $0["code"] }.map {
            $0.replacingOccurrences(of: "CCSS.Math.Content.", with: "").replacingOccurrences(of: "CCSS.Math.Practice.", with: "")
        }
        let yaml = "catalog: ccss-math-official\ntitle: All of it\nstandards:\n" + official.map { "  - {code: \($0), text: T}\n" }.joined()
        let root = try XCTUnwrap(try YAMLReader(bytes: Array(yaml.utf8)).singleDocument()?.root)
        let (catalog, diagnostics) = CatalogLoader.load(root, file: "official.yaml")
        XCTAssertEqual(diagnostics.map(\.message), [])
        let index = StandardsIndex(catalogs: [catalog])
        var checked = 0
        for code in official where !code.hasPrefix("MP") {
            var spellings = ["CCSS.Math.Content." + code, code.lowercased()]
            // 8.G.B.7 -> 8.G.7; HSA-SSE.A.1a -> A-SSE.1a and A.SSE.1a.
            if let short = code.firstMatch(of: /^([K1-8])\.([A-Z]+)\.[A-Z]\.([0-9]+[a-z]?)$/) {
                spellings.append("\(short.1).\(short.2).\(short.3)")
            } else if let short = code.firstMatch(of: /^HS([NAFGS])-([A-Z]+)\.[A-Z]\.([0-9]+[a-z]?)$/) {
                spellings += ["\(short.1)-\(short.2).\(short.3)", "\(short.1).\(short.2).\(short.3)",
                              "HS\(short.1).\(short.2).\(short.3)", code.replacingOccurrences(of: "-", with: ".")]
            } else {
                XCTFail("\(code) has neither shape")
            }
            for spelling in spellings {
                guard case .found(let entry) = index.resolve(spelling) else { XCTFail("\(spelling) does not name \(code)"); continue }
                XCTAssertEqual(entry.code, code, spelling)
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 1500)
    }

    /// Every NGSS performance expectation, dotted, spaced or in lower case, is the same code.
    func testEveryNGSSCodeMatchesDottedAndSpaced() throws {
        let codes = try sharedStandardsRows("ngss-pe-codes.csv").compactMap { $0["code"] }
        XCTAssertEqual(codes.count, 208)
        for code in codes {
            let key = StandardCode.normalize(code)
            XCTAssertEqual(key, code.lowercased(), "the official form is already normal")
            // K-2-ETS1-1 -> K-2.ETS1.1: the band keeps its hyphen.
            let dotted = code.replacing(/-((?:PS|LS|ESS|ETS)[0-9])-/) { ".\($0.1)." }
            XCTAssertNotEqual(dotted, code)
            for spelling in [dotted, code.replacing(/-([0-9]+)$/) { " -\($0.1)" }, code.lowercased(), "NGSS." + dotted] {
                XCTAssertEqual(StandardCode.normalize(spelling), key, spelling)
            }
        }
    }
}
