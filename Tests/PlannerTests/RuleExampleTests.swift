import XCTest
@testable import Planner
@testable import PlannerCheck
@testable import PlannerDates
@testable import PlannerLoad
@testable import PlannerModel
@testable import PlannerResources
@testable import PlannerSchedule

/// Every rule's failing example triggers it and its passing example does not: the examples
/// `pbl explain` prints are tested, so they cannot go stale.
final class RuleExampleTests: XCTestCase {
    func testEveryRuleHasExamplesThatBehave() throws {
        XCTAssertGreaterThanOrEqual(Rules.all.count, 20)
        for rule in Rules.all {
            XCTAssertFalse(rule.failingExample.isEmpty, "\(rule.id) has no examples/broken/\(rule.id)/project.yaml")
            let failing = try validate(rule.failingExample, files: rule.exampleFiles, keepingNoStudents: true)
            XCTAssertFalse(failing.having(rule.id).isEmpty,
                           "\(rule.id): failing example does not trigger it; got \(failing.rules())")
            for diagnostic in failing.having(rule.id) {
                XCTAssertEqual(diagnostic.severity, rule.severity, rule.id)
            }
            let passing = try validate(rule.passingExample, files: rule.exampleFiles, keepingNoStudents: true)
            XCTAssertTrue(passing.having(rule.id).isEmpty,
                          "\(rule.id): passing example triggers it: \(passing.having(rule.id).map(\.message))")
            // A fixed example is a clean project, so it also shows what a good plan looks like.
            XCTAssertTrue(passing.diagnostics.isEmpty,
                          "\(rule.id): fixed example is not clean: \(passing.diagnostics.map { "\($0.rule ?? ""): \($0.message)" })")
            // The broken one shows its own rule and nothing else.
            XCTAssertEqual(Set(failing.rules()), [rule.id], "\(rule.id): broken example reports \(failing.rules())")
        }
    }

    func testRuleIDsAreUniqueAndWellFormed() {
        let ids = Rules.explainable.map(\.id)
        XCTAssertEqual(Set(ids).count, ids.count, "a project rule and a reading rule share no id")
        for rule in Rules.explainable {
            XCTAssertTrue(rule.id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, rule.id)
            XCTAssertFalse(rule.summary.isEmpty)
            XCTAssertTrue(rule.explanation.count > 40, rule.id)
        }
    }
}
