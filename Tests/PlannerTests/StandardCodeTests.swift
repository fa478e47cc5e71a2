import XCTest
@testable import Planner
@testable import PlannerCheck
@testable import PlannerDates
@testable import PlannerLoad
@testable import PlannerModel
@testable import PlannerResources
@testable import PlannerSchedule

final class StandardCodeTests: XCTestCase {
    func testSpellingsOfOneCodeMatch() {
        let forms = ["W.7.1a", "W.7.1.a", "w.7.1A", "CCSS.ELA-Literacy.W.7.1.a", " W.7.1a "]
        XCTAssertEqual(Set(forms.map(StandardCode.normalize)), ["w.7.1a"])
        XCTAssertEqual(Set(["MP.1", "MP1", "CCSS.Math.Practice.MP1"].map(StandardCode.normalize)), ["mp1"])
        XCTAssertEqual(StandardCode.normalize("CCSS.Math.Content.6.RP.A.3a"), StandardCode.normalize("6.RP.A.3.a"))
    }

    func testGradeBandsKeepTheirHyphens() {
        XCTAssertEqual(StandardCode.normalize("RL.9-10.1"), "rl.9-10.1")
        XCTAssertEqual(StandardCode.normalize("K-2-ETS1-1"), "k-2-ets1-1")
        XCTAssertNotEqual(StandardCode.normalize("RL.9-10.1"), StandardCode.normalize("RL.9.10.1"))
        XCTAssertNotEqual(StandardCode.normalize("W.7.1"), StandardCode.normalize("W.7.1a"))
    }

    func testBuiltInCatalogsResolveTheExamplesCodes() {
        let store = CatalogStore(roots: TemplateRoots())
        guard case .loaded(let catalog) = store.catalog(named: "ngss-ms", relativeTo: ".") else { return XCTFail("ngss-ms") }
        XCTAssertEqual(catalog.standards.count, 59)
        let index = StandardsIndex(catalogs: [catalog])
        XCTAssertEqual(index.lookup("ms-ess3-3")?.standard.code?.value, "MS-ESS3-3")
        XCTAssertEqual(index.nearest(to: "MS-ESS3-33").first, "MS-ESS3-3")
    }
}

/// The spellings `StandardCode` folds together, and the short forms only a catalog resolves.
final class StandardCodeSpellingTests: XCTestCase {
    func testNGSSDotsSpacesAndCase() {
        let forms = ["MS-ESS3-3", "MS.ESS3.3", "MS-ESS3.3", "MS-ESS3 -3", "ms-ess3-3", "NGSS.MS.ESS3.3", " ms . ess3 . 3 "]
        XCTAssertEqual(Set(forms.map(StandardCode.normalize)), ["ms-ess3-3"])
        XCTAssertEqual(StandardCode.normalize("K-2.ETS1.1"), "k-2-ets1-1")
        XCTAssertEqual(StandardCode.normalize("HS.ETS1.1"), "hs-ets1-1")
        XCTAssertEqual(StandardCode.normalize("3.LS1.1"), "3-ls1-1")
        // Not NGSS: left as they are.
        XCTAssertEqual(StandardCode.normalize("W.7.1"), "w.7.1")
        XCTAssertEqual(StandardCode.normalize("8.G.B.7"), "8.g.b.7")
    }

    func testHighSchoolMathCategoryAndDots() {
        let full = ["HSA-SSE.A.1", "HSA.SSE.A.1", "A-SSE.A.1", "A.SSE.A.1", "CCSS.Math.Content.HSA.SSE.A.1", "hsa-sse.a.1"]
        XCTAssertEqual(Set(full.map(StandardCode.normalize)), ["hsa-sse.a.1"])
        XCTAssertEqual(Set(["A-SSE.1", "A.SSE.1", "HSA-SSE.1", "HSA.SSE.1"].map(StandardCode.normalize)), ["hsa-sse.1"])
        XCTAssertEqual(StandardCode.normalize("N-Q.2"), "hsn-q.2")
        XCTAssertEqual(StandardCode.normalize("F-IF.7.b"), "hsf-if.7b")
        // English language arts strands are never a category letter alone.
        XCTAssertEqual(StandardCode.normalize("L.7.1"), "l.7.1")
        XCTAssertEqual(StandardCode.normalize("SL.K.1"), "sl.k.1")
    }

    func testOnlyMathCodesHaveAShortForm() {
        XCTAssertEqual(StandardCode.withoutCluster("8.g.b.7"), "8.g.7")
        XCTAssertEqual(StandardCode.withoutCluster("7.rp.a.2a"), "7.rp.2a")
        XCTAssertEqual(StandardCode.withoutCluster("k.cc.a.1"), "k.cc.1")
        XCTAssertEqual(StandardCode.withoutCluster("hsa-sse.a.1"), "hsa-sse.1")
        for key in ["rl.k.1", "w.7.1a", "rh.9-10.1", "ms-ess3-3", "mp1", "8.g.7", "ccra.r.1", "hsa-sse.1"] {
            XCTAssertNil(StandardCode.withoutCluster(key), key)
        }
    }

    func testShortFormsResolveInTheBuiltInCatalogs() throws {
        let store = CatalogStore(roots: TemplateRoots())
        let index = store.everyCatalog
        XCTAssertEqual(index.lookup("8.G.7")?.code, "8.G.B.7")
        XCTAssertEqual(index.lookup("7.RP.2a")?.code, "7.RP.A.2a")
        XCTAssertEqual(index.lookup("3.NF.3.d")?.code, "3.NF.A.3d")
        XCTAssertEqual(index.lookup("MS.ESS3.3")?.code, "MS-ESS3-3")
        XCTAssertNil(index.lookup("8.G.A.7"), "a wrong cluster letter is a typo, not a short form")
        XCTAssertNil(index.lookup("RL.7.8"))
        // Every code with a cluster letter, written without it, is itself in every built-in catalog.
        for catalog in index.catalogs {
            for code in catalog.standards.compactMap(\.code?.value) {
                guard let short = StandardCode.withoutCluster(StandardCode.normalize(code)) else { continue }
                XCTAssertEqual(index.lookup(short)?.code, code, short)
            }
        }
    }

    func testGradeVariants() {
        let pairs = [("hs-ets1-1", "ms-ets1-1"), ("rh.11-12.1", "rh.9-10.1"), ("4.oa.a.1", "3.oa.a.1"), ("k-2-ets1-1", "3-5-ets1-1"),
                     ("rl.7.1", "rl.8.1")]
        for (a, b) in pairs { XCTAssertTrue(StandardCode.differsOnlyInGrade(a, b), "\(a) \(b)") }
        let others = [("ms-ess3-33", "ms-ess3-3"), ("rl.7.1", "ri.7.1"), ("w.7.1a", "w.7.1b"), ("rl.7.1", "rl.7.1"), ("rl.7.1", "rl.7.2")]
        for (a, b) in others { XCTAssertFalse(StandardCode.differsOnlyInGrade(a, b), "\(a) \(b)") }
    }
}
