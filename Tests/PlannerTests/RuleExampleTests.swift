import XCTest
@testable import Planner

/// Every rule's failing example triggers it and its passing example does not: the examples
/// `pbl explain` prints are tested, so they cannot go stale.
final class RuleExampleTests: XCTestCase {
    func testEveryRuleHasExamplesThatBehave() throws {
        XCTAssertGreaterThanOrEqual(Rules.all.count, 20)
        for rule in Rules.all {
            let failing = try validate(rule.failingExample, files: rule.failingFiles)
            XCTAssertFalse(failing.having(rule.id).isEmpty,
                           "\(rule.id): failing example does not trigger it; got \(failing.rules())")
            for diagnostic in failing.having(rule.id) {
                XCTAssertEqual(diagnostic.severity, rule.severity, rule.id)
            }
            let passing = try validate(rule.passingExample, files: rule.passingFiles)
            XCTAssertTrue(passing.having(rule.id).isEmpty,
                          "\(rule.id): passing example triggers it: \(passing.having(rule.id).map(\.message))")
            XCTAssertTrue(passing.diagnostics.allSatisfy { $0.severity != .error || $0.rule == "dangling-reference" && rule.id.hasPrefix("roster") },
                          "\(rule.id): passing example has errors: \(passing.diagnostics.map { "\($0.rule ?? ""): \($0.message)" })")
        }
    }

    func testRuleIDsAreUniqueAndWellFormed() {
        let ids = Rules.all.map(\.id)
        XCTAssertEqual(Set(ids).count, ids.count)
        for rule in Rules.all {
            XCTAssertTrue(rule.id.allSatisfy { $0.isLowercase || $0 == "-" }, rule.id)
            XCTAssertFalse(rule.summary.isEmpty)
            XCTAssertTrue(rule.explanation.count > 40, rule.id)
        }
    }
}
