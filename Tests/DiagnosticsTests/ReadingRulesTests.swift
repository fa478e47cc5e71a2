import XCTest
@testable import Diagnostics
import YAMLTree

/// The reading rules are the one place their ids and words live: every error the YAML reader
/// can raise has its rule there, and no id is listed twice.
final class ReadingRulesTests: XCTestCase {
    func testEveryYAMLErrorKindHasItsOwnRegisteredRule() {
        let rules = YAMLError.Kind.allCases.map(\.rule)
        XCTAssertEqual(Set(rules), Set(ReadingRules.yaml))
        XCTAssertEqual(Set(rules.map(\.id)).count, YAMLError.Kind.allCases.count, "one rule per kind")
        XCTAssertTrue(rules.allSatisfy { $0.id.hasPrefix("yaml-") && $0.severity == .error })
    }

    func testIDsAreUniqueAndDescribed() {
        let ids = ReadingRules.all.map(\.id)
        XCTAssertEqual(Set(ids).count, ids.count)
        for rule in ReadingRules.all {
            XCTAssertFalse(rule.summary.isEmpty, rule.id)
            XCTAssertTrue(rule.explanation.count > rule.summary.count, rule.id)
        }
    }

    func testAnErrorCarriesItsKindsRule() {
        let error = YAMLError(.duplicateKey, "key `a` is already defined", at: .fileStart)
        XCTAssertEqual(error.diagnostic(file: "p.yaml").rule, "yaml-duplicate-key")
    }
}
