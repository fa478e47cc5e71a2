import XCTest
import YAMLTree
@testable import PlannerModel
@testable import PlannerProgress

/// Each method on evidence worked by hand (docs/progress.md has the same examples).
final class MasteryTests: XCTestCase {
    private let here = SourceRange.fileStart

    private func policy(_ method: MasteryMethod, weight: Int? = nil, times: Int? = nil, scale: [String] = [], mastered: String? = nil) -> MasteryPolicy {
        MasteryPolicy(range: here, file: "p.yaml", scale: scale.map { Located($0, range: here, file: "p.yaml") },
                      mastered: mastered.map { Located($0, range: here, file: "p.yaml") },
                      method: Located(method, range: here, file: "p.yaml"),
                      recentWeight: weight.map { Located($0, range: here, file: "p.yaml") },
                      times: times.map { Located($0, range: here, file: "p.yaml") })
    }

    /// Levels by their numbers (1 = beginning), on March 1, 2, 3, ... in that order.
    private func results(_ numbers: [Int]) -> [Evidence] {
        numbers.enumerated().map { day, number in
            Evidence(item: "m\(day)", criterion: "c", level: number - 1, date: CivilDate(year: 2027, month: 3, day: day + 1)!, order: day)
        }
    }

    private func check(_ method: MasteryMethod, weight: Int? = nil, times: Int? = nil, _ numbers: [Int],
                       score: Double, level: String, mastered: Bool, file: StaticString = #filePath, line: UInt = #line) {
        let policy = policy(method, weight: weight, times: times)
        // Given in any order: results count by their dates.
        let result = Mastery.combine(results(numbers).reversed(), policy: policy)
        XCTAssertEqual(result.score, score, "score", file: file, line: line)
        XCTAssertEqual(result.level.map { policy.levelNames[$0] }, level, "level", file: file, line: line)
        XCTAssertEqual(result.mastered, mastered, "mastered", file: file, line: line)
        XCTAssertEqual(result.evidence.map(\.level), numbers.map { $0 - 1 }, "evidence oldest first", file: file, line: line)
    }

    /// developing, proficient, beginning, advanced: 2, 3, 1, 4.
    func testEachMethodOnTheSameFourResults() {
        check(.latest, [2, 3, 1, 4], score: 4, level: "advanced", mastered: true)
        check(.highest, [2, 3, 1, 4], score: 4, level: "advanced", mastered: true)
        // (2 + 3 + 1 + 4) / 4 = 2.5: past developing, short of proficient.
        check(.average, [2, 3, 1, 4], score: 2.5, level: "developing", mastered: false)
        // 0.65 × 4 + 0.35 × (2 + 3 + 1) / 3 = 2.6 + 0.7 = 3.3.
        check(.decayingAverage, [2, 3, 1, 4], score: 3.3, level: "proficient", mastered: true)
        // 0.40 × 4 + 0.60 × 2 = 2.8.
        check(.decayingAverage, weight: 40, [2, 3, 1, 4], score: 2.8, level: "developing", mastered: false)
        // Twice at proficient or above (3 and 4): mastered, the mean of those two.
        check(.nMastery, times: 2, [2, 3, 1, 4], score: 3.5, level: "proficient", mastered: true)
        // Three times needed, twice reached: not mastered; the best result shows.
        check(.nMastery, times: 3, [2, 3, 1, 4], score: 4, level: "advanced", mastered: false)
    }

    func testOneResultIsItsOwnScoreAndTheArithmeticSettles() {
        check(.decayingAverage, [3], score: 3, level: "proficient", mastered: true)
        // 0.65 × 3 + 0.35 × 3 is 3 (not 2.999…): mastered.
        check(.decayingAverage, [3, 3, 3], score: 3, level: "proficient", mastered: true)
        check(.average, [1, 2], score: 1.5, level: "beginning", mastered: false)
        let none = Mastery.combine([], policy: policy(.latest))
        XCTAssertNil(none.score)
        XCTAssertNil(none.level)
        XCTAssertFalse(none.mastered)
    }

    func testResultsOnOneDateCountInTheOrderTheyWereRecorded() {
        let day = CivilDate(year: 2027, month: 3, day: 5)!
        let evidence = [Evidence(item: "a", criterion: "c", level: 3, date: day, order: 2),
                        Evidence(item: "b", criterion: "c", level: 0, date: day, order: 1)]
        XCTAssertEqual(Mastery.combine(evidence, policy: policy(.latest)).level, 3)
    }

    func testAScaleOfItsOwn() {
        let policy = policy(.latest, scale: ["not-yet", "met", "exceeded"], mastered: "met")
        XCTAssertEqual(policy.masteredIndex, 1)
        let result = Mastery.combine(results([2]), policy: policy)
        XCTAssertEqual(result.level.map { policy.levelNames[$0] }, "met")
        XCTAssertTrue(result.mastered)
        XCTAssertFalse(Mastery.combine(results([1]), policy: policy).mastered)
        // The defaults: four levels, proficient mastered, decaying average at 65%.
        let defaults = MasteryPolicy(range: here, file: "p.yaml")
        XCTAssertEqual(defaults.levelNames, ["beginning", "developing", "proficient", "advanced"])
        XCTAssertEqual(defaults.masteredIndex, 2)
        XCTAssertEqual(defaults.resolvedMethod, .decayingAverage)
        XCTAssertEqual(defaults.resolvedRecentWeight, 65)
    }
}
