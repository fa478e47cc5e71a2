import XCTest
@testable import Planner

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
