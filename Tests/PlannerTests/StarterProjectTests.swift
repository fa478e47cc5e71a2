import XCTest
@testable import Planner
@testable import PlannerCheck
@testable import PlannerDates
@testable import PlannerLoad
@testable import PlannerModel
@testable import PlannerResources
@testable import PlannerSchedule
import YAMLTree

/// `pbl new --set`: values are edited into the template's text where the tree says they are,
/// and the result always reads back as the value given.
final class StarterProjectTests: XCTestCase {
    private let template = """
        pbl: 1
        id: t
        title: T
        driving_question: >-
          TODO: a long
          question
        entry_event: &shared Shared text
        authors: [*shared]
        product: {title: x, audience: y}
        calendar:
          start: 2027-01-04
        subjects:
          - any
        """

    private func value(_ text: String, _ path: String) throws -> YAMLNode? {
        var node = try XCTUnwrap(try YAMLReader(bytes: Array(text.utf8)).singleDocument()?.root)
        for key in path.split(separator: ".") {
            guard let next = node[String(key)] else { return nil }
            node = next
        }
        return node
    }

    func testValuesReadBackAsGivenWhateverTheirCharacters() throws {
        for text in ["Is our creek safe?", "Parents, teachers: at the forum", "# not a comment", "- not a list", "yes", "null", "12",
                     "quote \" and \\ backslash", "tab\there", "line\nbreak", "Ana López 李 عربي", "a\u{2028}b\u{85}c\u{80}d", "", " padded "] {
            var starter = StarterProject(text: template)
            try starter.set("title", to: text)
            XCTAssertEqual(try value(starter.text, "title")?.string, text, "title=\(text.debugDescription)\n\(starter.text)")
        }
    }

    func testBlockScalarsFlowMappingsAndNewNestedKeys() throws {
        var starter = StarterProject(text: template)
        try starter.set("driving_question", to: "How can we help?")
        try starter.set("product.audience", to: "Parents, teachers")
        try starter.set("product.extra.deep", to: "1")
        try starter.set("calendar.exhibition", to: "2027-02-01")
        try starter.set("policy.max_cycle_days", to: "6")
        try starter.set("subjects", to: "[science, ela]")
        let text = starter.text
        XCTAssertEqual(try value(text, "driving_question")?.string, "How can we help?")
        XCTAssertEqual(try value(text, "entry_event")?.string, "Shared text", "the next key is intact")
        XCTAssertEqual(try value(text, "product.audience")?.string, "Parents, teachers")
        XCTAssertEqual(try value(text, "product.title")?.string, "x")
        XCTAssertEqual(try value(text, "product.extra.deep")?.int, 1)
        XCTAssertEqual(try value(text, "calendar.start")?.string, "2027-01-04")
        XCTAssertEqual(try value(text, "calendar.exhibition")?.string, "2027-02-01")
        XCTAssertEqual(try value(text, "policy.max_cycle_days")?.int, 6)
        XCTAssertEqual(try value(text, "subjects")?.items.compactMap(\.string), ["science", "ela"])
    }

    func testWhatCannotBeSetIsRefusedWithoutChangingTheText() throws {
        var starter = StarterProject(text: template)
        for (path, value) in [("entry_event", "x"), ("calendar", "x"), ("title.sub", "x"), ("a..b", "x"),
                              ("subjects", "[a]\nroster: r.csv")] {
            XCTAssertThrowsError(try starter.set(path, to: value), "\(path)=\(value)")
            XCTAssertEqual(starter.text, template)
        }
    }
}
