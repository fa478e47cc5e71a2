import Foundation
@testable import Planner
@testable import PlannerCheck
@testable import PlannerDates
@testable import PlannerLoad
@testable import PlannerModel
@testable import PlannerResources
@testable import PlannerSchedule
@testable import Render
import XCTest

/// Random checklist templates: sections at every level and in every position (alone on
/// their lines or not, indented, at the end of the text), text, comments, variables raw and
/// escaped, several kinds of line endings. Rendering such a template from pieces (each list's
/// body as swift-mustache parsed it, rendered alone) must never change what it renders.
final class ChecklistTemplateFuzzTests: XCTestCase {
    /// A small deterministic generator (SplitMix64), so a failure can be replayed.
    struct Random {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
        mutating func pick<T>(_ values: [T]) -> T { values[below(values.count)] }
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    }

    /// Names worth using at each level: its own, the levels' above, and some of no level.
    static let names: [RecordKind: (lists: [String], others: [String])] = [
        .document: (["students"], ["title", "project_id", "paper", "page_size", "exhibition", "exhibition_date", "audience"]),
        .student: (["cycles", "goals", "no_school"], ["id", "name", "group", "section", "project_title", "driving_question", "product",
                                         "audience", "has_goals", "extra_days", "blank"]),
        .cycle: (["items", "reflections"], ["number", "title", "goal", "start", "end"]),
        .item: (["choose"], ["id", "title", "kind", "due", "due_iso", "deliverable", "evidence", "checkpoint", "optional",
                             "standards", "chosen", "has_choose", "in_class", "when"]),
        .reflection: (["lines"], ["prompt", "date", "when"]),
        .noSchool: ([], ["start", "end", "start_iso", "end_iso", "reason"]),
    ]
    static let children: [String: RecordKind] = ["students": .student, "cycles": .cycle, "items": .item, "reflections": .reflection,
                                                 "no_school": .noSchool]

    struct Generator {
        var random: Random

        mutating func newline() -> String { random.pick(["\n", "\n", "\n", "\r\n", "\r", " \n", "\t\n"]) }
        mutating func indent() -> String { random.chance(20) ? random.pick([" ", "  ", "\t"]) : "" }

        mutating func name(_ levels: [RecordKind]) -> String {
            let level = random.chance(70) ? levels.last! : random.pick(levels)
            let (lists, others) = ChecklistTemplateFuzzTests.names[level]!
            return random.chance(5) ? random.pick([".", "nothing", "name.first", ".title"]) : random.pick(lists + others + others)
        }

        /// `budget` bounds the size; `levels` are the record kinds of the stack, innermost last;
        /// `open` the sections it is in (none is nested in itself: lists in lists multiply).
        mutating func body(_ levels: [RecordKind], open: Set<String> = [], budget: inout Int) -> String {
            var text = ""
            while budget > 0, !random.chance(12) {
                budget -= 1
                switch random.below(12) {
                case 0, 1: text += random.pick(["x", "a b", "<p>", "&amp;", "é", "*", "_", "|", "  ", "\t", "}", "]"])
                case 2, 3: text += newline()
                case 4: text += indent() + "{{\(name(levels))}}"
                case 5: text += random.chance(50) ? "{{{\(name(levels))}}}" : "{{& \(name(levels)) }}"
                case 6: text += indent() + "{{! note \(random.below(9)) }}" + (random.chance(50) ? newline() : "")
                default:
                    let (lists, others) = ChecklistTemplateFuzzTests.names[levels.last!]!
                    let section = random.chance(60) && !lists.isEmpty ? random.pick(lists) : random.pick(others + ["goals", "group", "has_goals", "blank"])
                    guard !open.contains(section) else { continue }
                    let inverted = random.chance(20)
                    let alone = random.chance(75)
                    let inner = !inverted ? ChecklistTemplateFuzzTests.children[section].map { levels + [$0] } ?? levels : levels
                    text += indent() + "{{\(inverted ? "^" : "#")\(section)}}" + (alone ? newline() : "")
                    text += body(inner, open: open.union([section]), budget: &budget)
                    // Now and then another tag follows on the closing tag's line.
                    text += (alone ? indent() : "") + "{{/\(section)}}" + (random.chance(alone ? 85 : 30) ? newline() : "")
                }
            }
            return text
        }

        mutating func template() -> String {
            var budget = 60
            var text = random.chance(50) ? "<title>{{title}}</title>" + newline() : ""
            text += indent() + "{{#students}}" + (random.chance(90) ? newline() : "")
            text += body([.document, .student], budget: &budget)
            if random.chance(80) { text += newline() }
            text += indent() + "{{/students}}" + (random.chance(85) ? newline() : "")
            if random.chance(50) { text += "{{project_id}}" + newline() }
            return text
        }
    }

    func testRandomTemplatesRenderAsTheWholeTemplateDoes() throws {
        let plan = ClassSample.plan()
        var generator = Generator(random: Random(state: 20_250_601))
        var cut = 0
        for round in 0..<600 {
            let text = generator.template()
            let name = ["checklist.html", "checklist.md", "checklist.txt"][round % 3]
            let renderer = try ClassSample.renderer(name, text: text)
            if ClassSample.isPieced(renderer, name, plan) { cut += 1 }
            let (whole, fast) = ClassSample.both(renderer, name, plan)
            XCTAssertEqual(fast, whole, "round \(round), template:\n\(text.debugDescription)")
            if fast != whole { break }
        }
        // Many are rendered from pieces, so the comparison tests them. (The others mostly look a
        // list up otherwise than as one section, such as `{{^items}}`, or have a list's body
        // start with a tag after an opening tag not alone on its line.)
        XCTAssertGreaterThan(cut, 200)
    }
}
