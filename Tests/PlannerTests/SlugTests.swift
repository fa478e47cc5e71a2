import Planner
import XCTest

/// One slug spelling for suggested ids, safe student names, file names and catalog ids.
final class SlugTests: XCTestCase {
    func testLettersAndDigitsKeptEverythingElseOneHyphen() {
        XCTAssertEqual(Slug.of("S-2027-001"), "s-2027-001")
        XCTAssertEqual(Slug.of("  Ab.12__x  "), "ab-12-x")
        XCTAssertEqual(Slug.of("Grade 5 · Math"), "grade-5-math")
        XCTAssertEqual(Slug.of("Ana López"), "ana-l-pez", "letters outside ASCII are separators; FileName transliterates first")
        XCTAssertNil(Slug.of("🙂 — ·"))
    }

    func testACharacterLimitNeverEndsInAHyphen() {
        XCTAssertEqual(Slug.of("abcd efgh", limit: .characters(5)), "abcd")
        XCTAssertEqual(Slug.of("abcd efgh", limit: .characters(6)), "abcd-e")
        XCTAssertEqual(Slug.of(String(repeating: "a", count: 39) + " b", limit: .characters(40)), String(repeating: "a", count: 39))
        XCTAssertEqual(Slug.of(String(repeating: "x", count: 100), limit: .characters(40))?.count, 40)
    }

    func testAWordLimitCutsBetweenWordsWhenThatKeepsEnough() {
        let title = "Next Generation Science Standards for middle school physical science"
        XCTAssertEqual(Slug.of(title, limit: .words(60, keeping: 20)), "next-generation-science-standards-for-middle-school")
        XCTAssertEqual(Slug.of("a-" + String(repeating: "b", count: 70), limit: .words(60, keeping: 20)),
                       "a-" + String(repeating: "b", count: 58), "no hyphen late enough: a plain cut")
    }

}
