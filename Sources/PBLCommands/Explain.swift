import Diagnostics
import ArgumentParser
import Foundation
import Planner

extension PBL {
    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Explain a rule: what it checks, why, a failing example and the fix.",
            discussion: "Without a rule, lists every rule with its default severity."
        )

        @Argument(help: "A rule id, as printed in brackets after a message.")
        var rule: String?

        func run() throws {
            guard let id = rule else {
                let width = Rules.explainable.map(\.id.count).max() ?? 0
                let lines = Rules.explainable.sorted { $0.id < $1.id }.map { rule in
                    rule.id.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                        + rule.severity.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0) + rule.summary
                }
                try StandardStreams.out(lines.joined(separator: "\n") + "\n")
                return
            }
            guard let info = Rules.rule(id: id) else {
                let nearest = Suggest.nearest(to: id, in: Rules.explainable.map(\.id))
                throw ValidationError("no rule `\(id)`" + (nearest.map { "; did you mean `\($0)`?" } ?? "; `pbl explain` lists them"))
            }
            try StandardStreams.out(Self.text(info))
        }

        static func text(_ info: RuleInfo) -> String {
            var text = "\(info.id) (\(info.severity.rawValue) by default)\n\n\(info.summary)\n\n\(info.explanation)\n"
            if let example = info.readingExample { return text + readingText(example) }
            // Every rule has examples; one without would get its explanation alone.
            guard !info.failingExample.isEmpty else { return text }
            text += "\nThis triggers it (examples/broken/\(info.id)/project.yaml):\n\n" + indent(info.failingExample)
            text += "\nThis does not (fixed.yaml beside it):\n\n" + indent(info.passingExample)
            for (name, contents) in info.exampleFiles.sorted(by: { $0.key < $1.key }) {
                text += "\nwith \(name):\n\n" + indent(contents)
            }
            text += "\nChange its severity or turn it off for one project with:\n\n    policy:\n      rules:\n        \(info.id): off   # or note, warning, error\n"
            return text
        }

        /// A reading rule's examples: a file, or a template's repository, that `pbl validate` is
        /// given; bytes that are not text are said in words. No policy: pbl reports these before
        /// it reads a project's `policy`.
        static func readingText(_ example: ReadingRuleExample) -> String {
            let isTemplate = example.failingTarget != example.failingFile
            var text = "\nThis triggers it ("
                + (example.isShipped ? example.failingFile : "not in the checkout: " + example.failingFile)
                + (isTemplate ? "; `pbl validate \(example.failingTarget)` reports it" : "") + "):\n\n"
            if let making = example.making { text += indent(making) }
            if let failing = example.failingText, example.making == nil { text += indent(failing) }
            text += "\nThis does not (" + (isTemplate ? example.fixedFile : "fixed.yaml beside it") + "):\n\n" + indent(example.fixedText)
            text += "\npbl reports it while reading the file, before any project's policy: `policy.rules` cannot change it.\n"
            return text
        }

        private static func indent(_ text: String) -> String {
            text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "    " + $0 }
                .joined(separator: "\n").trimmingCharacters(in: .newlines) + "\n"
        }
    }
}
