import Foundation
import XCTest
import Diagnostics
@testable import Planner
@testable import PlannerCheck
@testable import PlannerDates
@testable import PlannerLoad
@testable import PlannerModel
@testable import PlannerResources
@testable import PlannerSchedule

/// docs/rules.md is made from the rule registry, so it lists every rule as pbl has it.
/// Run with `PBL_UPDATE_GOLDENS=1` to rewrite it.
final class DocsTests: XCTestCase {
    static func rulesDocument() -> String {
        var text = """
            # Rules of `pbl validate`

            Every diagnostic names its rule in brackets. `pbl explain RULE` prints the rule with a
            failing example (`examples/broken/RULE/project.yaml`) and the fixed one; a project
            changes a rule's severity or turns it off with `policy.rules`. This file is generated
            from pbl's rule registry by its tests.

            | rule | default | what it finds |
            | --- | --- | --- |

            """
        for rule in Rules.all {
            text += "| [`\(rule.id)`](#\(rule.id)) | \(rule.severity.rawValue) | \(rule.summary.replacingOccurrences(of: "|", with: "\\|")) |\n"
        }
        for rule in Rules.all {
            text += "\n## \(rule.id)\n\n\(rule.explanation)\n\nExample: [examples/broken/\(rule.id)](../examples/broken/\(rule.id)/project.yaml), "
                + "and what pbl prints for it: [expected.txt](../examples/broken/\(rule.id)/expected.txt).\n"
        }
        text += """

            ## YAML rules

            A file that is not well-formed YAML, or that crosses a limit, gets one error from the
            YAML reader, with one of these rules: \(ReadingRules.file.map { "`\($0.id)`" }.joined(separator: ", ")).

            """
        return text
    }

    func testRulesDocumentIsCurrent() throws {
        let url = CLI.packageRoot.appendingPathComponent("docs/rules.md")
        if ProcessInfo.processInfo.environment["PBL_UPDATE_GOLDENS"] == "1" {
            try Data(Self.rulesDocument().utf8).write(to: url)
        }
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), Self.rulesDocument(),
                       "docs/rules.md is stale: run the tests with PBL_UPDATE_GOLDENS=1")
    }
}
