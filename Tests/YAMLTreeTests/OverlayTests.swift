import XCTest
@testable import YAMLTree

/// `YAMLOverlay`: a project laid over its template, one merge rule per test, and every node
/// still knowing the file and line it came from.
final class OverlayTests: XCTestCase {
    private func overlay(_ project: String, on template: String) throws -> YAMLNode {
        let base = try XCTUnwrap(parse(template))
        let top = try XCTUnwrap(parse(project))
        return try XCTUnwrap(YAMLOverlay.overlay(top, named: "project.yaml", on: base, named: "template.yaml"))
    }

    func testMappingsMergeKeyByKeyWithTheProjectWinning() throws {
        let merged = try overlay("title: Mine\nextra: 1\n", on: "title: Theirs\ngrade: 7\n")
        XCTAssertEqual(merged.keys, ["title", "grade", "extra"])
        XCTAssertEqual(merged["title"]?.string, "Mine")
        XCTAssertEqual(merged["grade"]?.int, 7)
        XCTAssertEqual(merged["extra"]?.int, 1)
    }

    func testNestedMappingsMergeAllTheWayDown() throws {
        let merged = try overlay("calendar:\n  start: 2027-03-01\n", on: "calendar:\n  start: 2027-01-04\n  meets: [mon, wed]\n")
        XCTAssertEqual(merged["calendar"]?.keys, ["start", "meets"])
        XCTAssertEqual(merged["calendar"]?["start"]?.string, "2027-03-01")
        XCTAssertEqual(merged["calendar"]?["meets"]?.items.compactMap(\.string), ["mon", "wed"])
    }

    func testListsOfMappingsWithIDsMergeByIDInTemplateOrderWithNewItemsAppended() throws {
        let template = """
            cycles:
              - {id: a, days: 3, title: A}
              - {id: b, days: 4, title: B}
            """
        let merged = try overlay("cycles:\n  - {id: new, days: 2}\n  - {id: a, days: 5}\n", on: template)
        let cycles = try XCTUnwrap(merged["cycles"]).items
        XCTAssertEqual(cycles.map { $0["id"]?.string }, ["a", "b", "new"])
        XCTAssertEqual(cycles[0]["days"]?.int, 5)
        XCTAssertEqual(cycles[0]["title"]?.string, "A", "keys the project does not write come from the template")
        XCTAssertEqual(cycles[1]["days"]?.int, 4)
    }

    func testListsMergeByIDAtEveryLevel() throws {
        let template = "cycles:\n  - id: a\n    milestones:\n      - {id: m1, day: 1}\n      - {id: m2, day: 2}\n"
        let merged = try overlay("cycles:\n  - id: a\n    milestones:\n      - {id: m2, day: 3}\n", on: template)
        let milestones = try XCTUnwrap(merged["cycles"]?.items.first?["milestones"]).items
        XCTAssertEqual(milestones.map { $0["day"]?.int }, [1, 3])
    }

    func testOtherListsAndScalarsAreReplaced() throws {
        let merged = try overlay("subjects: [ela]\nreflection:\n  - {prompt: Mine}\n",
                                 on: "subjects: [science, math]\nreflection:\n  - {prompt: Theirs}\n  - {prompt: Also}\n")
        XCTAssertEqual(merged["subjects"]?.items.compactMap(\.string), ["ela"])
        XCTAssertEqual(merged["reflection"]?.items.compactMap { $0["prompt"]?.string }, ["Mine"], "items without ids are not merged")
    }

    func testAListWithSomeItemsLackingAnIDIsReplacedWhole() throws {
        let merged = try overlay("items:\n  - {id: a, x: 1}\n  - {x: 2}\n", on: "items:\n  - {id: a, x: 0, y: 0}\n")
        XCTAssertEqual(merged["items"]?.count, 2)
        XCTAssertNil(merged["items"]?.items.first?["y"])
    }

    func testAnEmptyListClearsTheTemplatesAndAValueReplacesACollection() throws {
        let merged = try overlay("cycles: []\ncalendar: none\n", on: "cycles:\n  - {id: a}\ncalendar: {start: 2027-01-04}\n")
        XCTAssertEqual(merged["cycles"]?.count, 0)
        XCTAssertEqual(merged["calendar"]?.string, "none")
    }

    func testEveryNodeKnowsItsFileAndLine() throws {
        let template = "title: Theirs\ncycles:\n  - id: a\n    days: 3\n    goal: Learn\n"
        let merged = try overlay("pbl: 1\ncycles:\n  - id: a\n    days: 5\n", on: template)
        let cycle = try XCTUnwrap(merged["cycles"]?.items.first)
        XCTAssertEqual(merged["title"]?.sourceName, "template.yaml")
        XCTAssertEqual(merged["title"]?.start.line, 1)
        XCTAssertEqual(cycle["days"]?.sourceName, "project.yaml")
        XCTAssertEqual(cycle["days"]?.start.line, 4)
        XCTAssertEqual(cycle["goal"]?.sourceName, "template.yaml")
        XCTAssertEqual(cycle["goal"]?.start.line, 5)
        XCTAssertEqual(cycle.sourceName, "project.yaml", "a merged item has the project's marks")
        XCTAssertEqual(merged["pbl"]?.sourceName, "project.yaml")
        XCTAssertNil(try XCTUnwrap(parse("a: 1"))["a"]?.sourceName, "a document of one file has no names")
    }

    func testChainsKeepEveryFilesName() throws {
        let first = try XCTUnwrap(parse("a: from-base\nb: from-base\nc: from-base\n"))
        let second = try XCTUnwrap(parse("b: from-middle\n"))
        let middle = try XCTUnwrap(YAMLOverlay.overlay(second, named: "middle.yaml", on: first, named: "base.yaml"))
        let top = try XCTUnwrap(YAMLOverlay.overlay(try XCTUnwrap(parse("c: from-top\n")), named: "top.yaml", on: middle, named: "unused.yaml"))
        XCTAssertEqual(["a", "b", "c"].map { top[$0]?.sourceName }, ["base.yaml", "middle.yaml", "top.yaml"])
        XCTAssertEqual(["a", "b", "c"].map { top[$0]?.string }, ["from-base", "from-middle", "from-top"])
    }

    func testAnchorsTagsAndScalarsSurviveTheCopy() throws {
        let template = "shared: &s {x: 1}\nuse: *s\ntagged: !!str 12\nlong: \"\(String(repeating: "é", count: 50))\"\n"
        let merged = try overlay("other: !local value\n", on: template)
        XCTAssertEqual(merged["use"]?["x"]?.int, 1)
        XCTAssertEqual(merged["tagged"]?.tag, "tag:yaml.org,2002:str")
        XCTAssertEqual(merged["tagged"]?.string, "12")
        XCTAssertEqual(merged["other"]?.tag, "!local")
        XCTAssertEqual(merged["long"]?.string, String(repeating: "é", count: 50))
    }

    /// Aliases make the same pair of nodes come up again and again: each pair is merged once
    /// and shared, so a small file cannot make the merge (or what reads it) explode.
    func testSharedNodesAreMergedOnceAndTheMergeHasABudget() throws {
        var template = "a0: &a0 {x: 1, y: 2}\n"
        for level in 1...12 { template += "a\(level): &a\(level) [*a\(level - 1), *a\(level - 1)]\n" }
        template += "top: *a12\n"
        var project = "a0: &a0 {x: 3}\n"
        for level in 1...12 { project += "a\(level): &a\(level) [*a\(level - 1), *a\(level - 1)]\n" }
        project += "top: *a12\n"
        let base = try XCTUnwrap(parse(template)), top = try XCTUnwrap(parse(project))
        let merged = try XCTUnwrap(YAMLOverlay.overlay(top, named: "p", on: base, named: "t"))
        XCTAssertLessThan(merged.document.nodeCount, 200, "2^12 paths, a few dozen nodes")
        XCTAssertEqual(merged["top"]?.items.first?.items.first?.count, 2)
        XCTAssertNil(YAMLOverlay.overlay(top, named: "p", on: base, named: "t", maxMergedNodes: 10), "over budget: refused")
    }
}
