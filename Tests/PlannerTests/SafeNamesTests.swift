import XCTest
@testable import Planner
@testable import PlannerCheck
@testable import PlannerDates
@testable import PlannerLoad
@testable import PlannerModel
@testable import PlannerResources
@testable import PlannerSchedule

/// Student ids in file names and calendar UIDs: safe, stable, and never two students' one.
final class SafeNamesTests: XCTestCase {
    func testSchoolIDsAreSpelledSafely() {
        let names = SafeStudentNames(ids: ["S-2027-001", "10249", "ab.12", "s01", "J_Doe", "x--y."])
        XCTAssertEqual(names["S-2027-001"], "s-2027-001")
        XCTAssertEqual(names["10249"], "10249")
        XCTAssertEqual(names["ab.12"], "ab-12")
        XCTAssertEqual(names["s01"], "s01")
        XCTAssertEqual(names["J_Doe"], "j-doe")
        XCTAssertEqual(names["x--y."], "x-y")
        XCTAssertEqual(SafeStudentNames.slug(String(repeating: "A", count: 100)).count, 40)
    }

    func testIDsThatSpellAlikeGetAStableDisambiguator() {
        let names = SafeStudentNames(ids: ["S-001", "s-001", "s.001"])
        XCTAssertEqual(names["s-001"], "s-001", "the id that is its own spelling keeps it")
        XCTAssertEqual(names["S-001"].count, "s-001_".count + 4)
        XCTAssertTrue(names["S-001"].hasPrefix("s-001_"))
        XCTAssertTrue(names["s.001"].hasPrefix("s-001_"))
        XCTAssertNotEqual(names["S-001"], names["s.001"])
        let shuffled = SafeStudentNames(ids: ["s.001", "S-001", "s-001", "s.001"])
        for id in ["S-001", "s-001", "s.001"] { XCTAssertEqual(names[id], shuffled[id], id) }
        let upper = SafeStudentNames(ids: ["S-001", "S.001"])
        XCTAssertTrue(upper["S-001"].hasPrefix("s-001_") && upper["S.001"].hasPrefix("s-001_"))
        XCTAssertEqual(upper["S-001"], names["S-001"], "a disambiguator is the id's own")
    }

    func testNoSpellingIsAnothersFollowedByAHyphen() {
        // `a` + `-b-c` and `a-b` + `-c` would make one file name of two students'.
        let names = SafeStudentNames(ids: ["a", "a-b"])
        XCTAssertEqual(names["a-b"], "a-b")
        XCTAssertNotEqual(names["a"], "a")
        XCTAssertFalse(names["a-b"].hasPrefix(names["a"] + "-"))
        XCTAssertEqual(names["a"].count, "a_".count + 4)
    }

    func testEveryIDOfASmallAlphabetGetsItsOwnSafeName() {
        let alphabet = ["a", "A", "1", "-", ".", "_"]
        var ids = alphabet
        for _ in 0..<2 { ids += ids.flatMap { id in alphabet.map { id + $0 } } }
        ids = Array(Set(ids.filter(ValueSyntax.isStudentID))).sorted()
        let names = SafeStudentNames(ids: ids)
        let spelled = ids.map { names[$0] }
        XCTAssertEqual(Set(spelled).count, ids.count)
        for name in spelled {
            // A slug (lowercase letters and digits between single hyphens), then maybe `_` and hex.
            let parts = name.split(separator: "_", omittingEmptySubsequences: false)
            XCTAssertLessThanOrEqual(parts.count, 2, name)
            XCTAssertTrue(parts[0].split(separator: "-", omittingEmptySubsequences: false).allSatisfy { part in
                !part.isEmpty && part.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") }
            }, name)
            XCTAssertTrue(parts.dropFirst().allSatisfy { [4, 8, 16].contains($0.count) && $0.allSatisfy(\.isHexDigit) }, name)
        }
        let sorted = spelled.sorted()
        for (a, b) in zip(sorted, sorted.dropFirst()) { XCTAssertFalse(b.hasPrefix(a + "-"), "\(a) \(b)") }
    }

    func testASectionsPlanNamesFilesAsTheWholePlanDoes() {
        func student(_ id: String, _ section: String) -> StudentPlan {
            StudentPlan(id: id, name: id, group: nil, groupTitle: nil, section: section, extraDays: 0, goals: [], items: [])
        }
        let plan = DatedPlan(projectID: "creek", title: "Creek", drivingQuestion: nil, productTitle: nil, audience: nil, exhibition: nil,
                             sections: [SectionPlan(id: "p1", cycles: [], students: [student("S-001", "p1")]),
                                        SectionPlan(id: "p2", cycles: [], students: [student("s.001", "p2")])])
        XCTAssertTrue(plan.safeName(ofStudent: "S-001").hasPrefix("s-001_"))
        XCTAssertEqual(plan.filtered(section: "p1").safeName(ofStudent: "S-001"), plan.safeName(ofStudent: "S-001"))
        XCTAssertEqual(plan.view(of: "s.001")?.plan.safeName(ofStudent: "s.001"), plan.safeName(ofStudent: "s.001"))
    }
}
