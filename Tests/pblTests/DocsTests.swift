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
        text += readingRulesSection()
        return text
    }

    /// The reading rules with their examples: the file (or the template's repository) and what
    /// pbl prints for it; bytes that are not text, and files not shipped, said in words.
    static func readingRulesSection() -> String {
        var text = """

            ## Rules of reading files

            pbl reports these while it reads a file, before there is a project to check: the YAML \
            reader's, the empty file's and, in a template repository, the render templates'. A \
            project's `policy.rules` cannot change them. Each has a failing and a fixed example in \
            `examples/broken/RULE/`, which `pbl explain RULE` prints.

            | rule | default | what it finds |
            | --- | --- | --- |

            """
        for rule in ReadingRules.all {
            text += "| [`\(rule.id)`](#\(rule.id)) | \(rule.severity.rawValue) | \(rule.summary.replacingOccurrences(of: "|", with: "\\|")) |\n"
        }
        for rule in ReadingRules.all {
            guard let example = rule.readingExample else { continue }
            let folder = "examples/broken/\(rule.id)"
            text += "\n## \(rule.id)\n\n\(rule.explanation)\n\nExample: "
            let making = example.making.map { $0.replacingOccurrences(of: "\n", with: " ") + ($0.hasSuffix(".") ? "" : ".") }
            let printed = "pbl prints for it: [expected.txt](../\(folder)/expected.txt).\n"
            if example.failingTarget != example.failingFile {
                text += "[\(example.failingTarget)](../\(example.failingFile)), a template repository for `pbl validate \(example.failingTarget)`"
                    + (example.making.map { " (\($0))" } ?? "") + "; what " + printed
            } else if let making {
                text += (example.isShipped ? "[\(example.failingFile)](../\(example.failingFile))" : "`\(example.failingFile)` (not in the checkout)")
                    + ", made from [fixed.yaml](../\(folder)/fixed.yaml): \(making) What " + printed
            } else {
                text += "[\(example.failingFile)](../\(example.failingFile)); what " + printed
            }
        }
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
