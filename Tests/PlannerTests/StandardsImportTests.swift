import Foundation
import XCTest
@testable import Planner
@testable import PlannerCheck
@testable import PlannerDates
@testable import PlannerLoad
@testable import PlannerModel
@testable import PlannerResources
@testable import PlannerSchedule
import YAMLTree

final class StandardsImportTests: XCTestCase {
    // MARK: fixtures

    /// The real CASE packages in ../shared/data/case beside the package root.
    private func casePackage(_ name: String) throws -> [UInt8] {
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // PlannerTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // package root
        let url = packageRoot.appendingPathComponent("../shared/data/case/\(name)").standardizedFileURL
        guard FileManager.default.fileExists(atPath: url.path) else {
            let message = "CASE sample \(name) is not at \(url.path) (test data from opensalt/opensalt, see SOURCES.md)"
            // Under CI the shared test data must be there: a missing copy fails, never skips.
            if ProcessInfo.processInfo.environment["CI"] != nil { XCTFail(message + " (CI is set)"); throw CocoaError(.fileNoSuchFile) }
            throw XCTSkip(message)
        }
        return Array(try Data(contentsOf: url))
    }

    private func byCode(_ catalog: ImportedCatalog) -> [String: ImportedCatalog.Item] {
        Dictionary(catalog.items.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Loads `yaml()` with pbl's own reader and loader: no diagnostics, and the same standards.
    @discardableResult
    private func assertLoadsBack(_ imported: ImportedCatalog, file: StaticString = #filePath, line: UInt = #line) throws -> Catalog {
        let text = imported.yaml()
        guard let root = try YAMLReader(bytes: Array(text.utf8)).singleDocument()?.root else {
            XCTFail("yaml() wrote an empty document", file: file, line: line)
            throw CocoaError(.fileReadCorruptFile)
        }
        let (catalog, diagnostics) = CatalogLoader.load(root, file: "imported.yaml")
        XCTAssertEqual(diagnostics.map(\.message), [], file: file, line: line)
        XCTAssertEqual(catalog.standards.count, imported.items.count, file: file, line: line)
        XCTAssertEqual(catalog.id?.value, imported.id, file: file, line: line)
        XCTAssertEqual(catalog.title?.value, imported.title, file: file, line: line)
        XCTAssertEqual(catalog.source?.value, imported.source, file: file, line: line)
        XCTAssertEqual(catalog.version?.value, imported.version, file: file, line: line)
        XCTAssertEqual(catalog.codePattern?.value, imported.codePattern, file: file, line: line)
        for (standard, item) in zip(catalog.standards, imported.items) {
            XCTAssertEqual(standard.code?.value, item.code, file: file, line: line)
            XCTAssertEqual(standard.text?.value, item.text, file: file, line: line)
            XCTAssertEqual(standard.grade?.value.description, item.grade, file: file, line: line)
            XCTAssertEqual(standard.subject?.value, item.subject, file: file, line: line)
            XCTAssertEqual(standard.parent?.value, item.parent, file: file, line: line)
        }
        return catalog
    }

    private func importError(_ json: String, file: StaticString = #filePath, line: UInt = #line) -> StandardsImportError? {
        do {
            let catalog = try StandardsImport.fromCASE(Array(json.utf8), catalogID: nil)
            XCTFail("expected an error, imported \(catalog.items.count) items", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    private func csvError(_ csv: String, file: StaticString = #filePath, line: UInt = #line) -> StandardsImportError? {
        do {
            let catalog = try StandardsImport.fromCSV(Array(csv.utf8), catalogID: "test", title: nil)
            XCTFail("expected an error, imported \(catalog.items.count) items", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    // MARK: real CASE packages

    /// The older OpenSALT exporter: `educationalLevel` strings, timestamps without a zone,
    /// extra URI fields, associations of several types.
    func testWhatStandardsCouldBePackage() throws {
        let catalog = try StandardsImport.fromCASE(try casePackage("opensalt-what-standards-could-be.json"), catalogID: nil)
        XCTAssertEqual(catalog.items.count, 16)  // 16 CFItems, each with a humanCodingScheme and fullStatement
        XCTAssertEqual(catalog.skipped, 0)
        XCTAssertEqual(catalog.notes, [])
        XCTAssertEqual(catalog.id, "what-standards-could-be")
        XCTAssertEqual(catalog.title, "What Standards Could Be")
        XCTAssertEqual(catalog.source, "CASE package 20c5134f-423d-4097-a971-3dd5152bf507 (Brandon Dorman)")
        XCTAssertNil(catalog.version)

        let items = byCode(catalog)
        XCTAssertEqual(items.count, 16)
        let sixth = catalog.items.filter { $0.code.hasPrefix("CCSS.Math.Content.6.RP") }
        let seventh = catalog.items.filter { $0.code.hasPrefix("CCSS.Math.Content.7.RP") }
        XCTAssertEqual(sixth.count, 8)
        XCTAssertEqual(seventh.count, 8)
        XCTAssertEqual(Set(sixth.map(\.grade)), ["6"])
        XCTAssertEqual(Set(seventh.map(\.grade)), ["7"])
        XCTAssertTrue(catalog.items.allSatisfy { $0.subject == nil })

        // 16 isChildOf: the two clusters are children of the document, the rest of items.
        XCTAssertNil(items["CCSS.Math.Content.6.RP.A"]?.parent)
        XCTAssertNil(items["CCSS.Math.Content.7.RP.A"]?.parent)
        XCTAssertEqual(catalog.items.filter { $0.parent != nil }.count, 14)
        XCTAssertEqual(items["CCSS.Math.Content.6.RP.A.1"]?.parent, "CCSS.Math.Content.6.RP.A")
        XCTAssertEqual(items["CCSS.Math.Content.6.RP.A.3"]?.parent, "CCSS.Math.Content.6.RP.A")
        XCTAssertEqual(items["CCSS.Math.Content.6.RP.A.3a"]?.parent, "CCSS.Math.Content.6.RP.A.3")
        XCTAssertEqual(items["CCSS.Math.Content.6.RP.A.3d"]?.parent, "CCSS.Math.Content.6.RP.A.3")
        XCTAssertEqual(items["CCSS.Math.Content.7.RP.A.2d"]?.parent, "CCSS.Math.Content.7.RP.A.2")
        XCTAssertEqual(items["CCSS.Math.Content.7.RP.A.2d"]?.grade, "7")
        XCTAssertEqual(items["CCSS.Math.Content.6.RP.A.1"]?.text.hasPrefix("Understand the concept of a ratio"), true)
        // Codes keep the package's spelling; pbl's matching strips the CCSS prefix.
        XCTAssertEqual(StandardCode.normalize(catalog.items[0].code), "6.rp.a")

        try assertLoadsBack(catalog)
    }

    /// CASE 1.0 as the schema has it, without educationLevel or CFItemType.
    func testACTHolisticPackage() throws {
        let catalog = try StandardsImport.fromCASE(try casePackage("opensalt-act-holistic-math-subset.json"), catalogID: nil)
        XCTAssertEqual(catalog.items.count, 28)  // 28 CFItems, each with a humanCodingScheme
        XCTAssertEqual(catalog.skipped, 0)
        XCTAssertEqual(catalog.notes, [])
        XCTAssertEqual(catalog.id, "act-holistic-framework-math")
        XCTAssertEqual(catalog.title, "ACT Holistic Framework, Math")
        XCTAssertEqual(catalog.source, "CASE package a33fc64e-5c40-11e7-82c4-3d54268aa9ee (ACT, Inc.)")
        XCTAssertTrue(catalog.items.allSatisfy { $0.grade == nil })

        let items = byCode(catalog)
        XCTAssertEqual(catalog.items.first?.code, "H.A.MATH.GM")
        XCTAssertNil(items["H.A.MATH.GM"]?.parent)
        XCTAssertEqual(catalog.items.filter { $0.parent != nil }.count, 27)
        XCTAssertEqual(items["H.A.MATH.GM.PF"]?.parent, "H.A.MATH.GM")
        XCTAssertEqual(items["H.A.MATH.GM.PF.2DFP"]?.parent, "H.A.MATH.GM.PF")
        XCTAssertEqual(items["H.A.MATH.GM.PF.2DFP.L1"]?.parent, "H.A.MATH.GM.PF.2DFP")
        XCTAssertEqual(items["H.A.MATH.GM.PF.2DFP.L1.24"]?.parent, "H.A.MATH.GM.PF.2DFP.L1")
        XCTAssertEqual(catalog.items.filter { $0.parent == "H.A.MATH.GM.PF.2DFP.L1" }.count, 24)
        // A statement with double quotes survives the YAML round trip.
        XCTAssertEqual(items["H.A.MATH.GM.PF.2DFP.L1.24"]?.text.contains("\"skinny\""), true)

        try assertLoadsBack(catalog)
    }

    func testImportedCatalogPassesValidation() throws {
        let catalog = try StandardsImport.fromCASE(try casePackage("opensalt-what-standards-could-be.json"), catalogID: "ccss-rp")
        XCTAssertEqual(catalog.id, "ccss-rp")
        let report = Validator().validate(path: "ccss-rp.yaml", bytes: Array(catalog.yaml().utf8))
        XCTAssertEqual(report.kind, .catalog)
        XCTAssertEqual(report.diagnostics.map(\.message), [])
    }

    // MARK: leniency and repairs

    func testGradesParentsAndSkippedItems() throws {
        let json = #"""
        {"CFDocument": {"identifier": "doc-1", "title": "Städtische Standards: Grade 6–8!", "creator": "District",
                        "version": "2.1", "subject": ["Mathematics", "Math"], "lastChangeDateTime": "2020-01-01T00:00:00",
                        "someExtension": {"x": [1, 2.5e3, true, null]}},
         "CFItems": [
          {"identifier": "g", "fullStatement": "Grouping without a code", "CFItemType": "Grouping"},
          {"identifier": "a", "humanCodingScheme": "  A.1 ", "fullStatement": "Band \"of\" grades\n", "educationLevel": ["06", "08", "07"]},
          {"identifier": "b", "humanCodingScheme": "A.1.a", "fullStatement": "Kindergarten and first", "educationLevel": ["KG", "01"]},
          {"identifier": "c", "humanCodingScheme": "A.2", "fullStatement": "Old exporter", "educationalLevel": "09, 10"},
          {"identifier": "d", "humanCodingScheme": "A.3", "fullStatement": "High school", "educationLevel": ["HS"]},
          {"identifier": "e", "humanCodingScheme": "A.4", "fullStatement": "Unknown level left out", "educationLevel": ["PK", "03", "UG"]},
          {"identifier": "f", "humanCodingScheme": "A.5", "educationLevel": ["05"]},
          {"identifier": "h", "humanCodingScheme": "a.1", "fullStatement": "Same code as A.1 to pbl"},
          {"identifier": "a", "humanCodingScheme": "X.9", "fullStatement": "Repeated identifier"},
          {"identifier": "i", "humanCodingScheme": "", "fullStatement": "Empty code"},
          {"identifier": "j", "humanCodingScheme": "A.6", "fullStatement": "Outside parent"}
         ],
         "CFAssociations": [
          {"associationType": "isChildOf", "originNodeURI": {"identifier": "g"}, "destinationNodeURI": {"identifier": "doc-1"}},
          {"associationType": "isChildOf", "originNodeURI": {"identifier": "a"}, "destinationNodeURI": {"identifier": "doc-1"}},
          {"associationType": "isChildOf", "originNodeURI": {"identifier": "b"}, "destinationNodeURI": {"identifier": "a"}},
          {"associationType": "isChildOf", "originNodeURI": {"identifier": "b"}, "destinationNodeURI": {"identifier": "a"}},
          {"associationType": "isChildOf", "originNodeURI": {"identifier": "c"}, "destinationNodeURI": {"identifier": "g"}},
          {"associationType": "isChildOf", "originNodeURI": {"identifier": "e"}, "destinationNodeURI": {"identifier": "f"}},
          {"associationType": "isChildOf", "originNodeURI": {"identifier": "j"}, "destinationNodeURI": {"identifier": "elsewhere"}},
          {"associationType": "isChildOf", "originNodeURI": {"identifier": "zz"}, "destinationNodeURI": {"identifier": "a"}},
          {"associationType": "exactMatchOf", "originNodeURI": {"identifier": "a"}, "destinationNodeURI": "http://example.org/x"},
          {"associationType": "isChildOf", "originNodeURI": "http://example.org/uri/d", "destinationNodeURI": "http://example.org/uri/c"}
         ]}
        """#
        let catalog = try StandardsImport.fromCASE(Array(json.utf8), catalogID: nil)
        XCTAssertEqual(catalog.id, "st-dtische-standards-grade-6-8")
        XCTAssertEqual(catalog.title, "Städtische Standards: Grade 6–8!")
        XCTAssertEqual(catalog.source, "CASE package doc-1 (District)")
        XCTAssertEqual(catalog.version, "2.1")
        XCTAssertEqual(catalog.items.map(\.code), ["A.1", "A.1.a", "A.2", "A.3", "A.4", "A.6"])
        XCTAssertEqual(catalog.skipped, 3)  // g (no code), f (no statement), i (empty code)
        let items = byCode(catalog)
        XCTAssertEqual(items["A.1"]?.grade, "6-8")
        XCTAssertEqual(items["A.1"]?.text, "Band \"of\" grades")
        XCTAssertEqual(items["A.1.a"]?.grade, "K-1")
        XCTAssertEqual(items["A.2"]?.grade, "9-10")
        XCTAssertEqual(items["A.3"]?.grade, "9-12")
        XCTAssertEqual(items["A.4"]?.grade, "3")
        XCTAssertEqual(items["A.6"]?.grade, nil)
        XCTAssertTrue(catalog.items.allSatisfy { $0.subject == "Mathematics, Math" })
        XCTAssertNil(items["A.1"]?.parent)
        XCTAssertEqual(items["A.1.a"]?.parent, "A.1")
        XCTAssertNil(items["A.2"]?.parent)  // its parent g has no code, and neither has any ancestor
        XCTAssertEqual(items["A.3"]?.parent, "A.2")  // bare URIs: the last segment is the identifier
        XCTAssertNil(items["A.4"]?.parent)  // parent f was skipped (no statement)
        XCTAssertNil(items["A.6"]?.parent)  // parent outside the package
        XCTAssertEqual(catalog.notes, [
            "skipped 2 items with no humanCodingScheme (code)",
            "skipped 1 item with no fullStatement (text)",
            "skipped 1 item whose identifier repeats an earlier item's",
            "skipped 1 item whose code repeats an earlier item's (as pbl compares codes); kept the first",
            "left out education levels pbl has no grade for (\"PK\", \"UG\") on 1 item",
            "2 items had a parent without a code and no ancestor with one; left without a parent",
            "1 item had an isChildOf parent outside the package; left without a parent",
            "ignored 1 isChildOf association whose child is not an item of the package",
        ])
        let loaded = try assertLoadsBack(catalog)
        XCTAssertEqual(loaded.standards.first?.grade?.value, Grade("6-8"))
        XCTAssertTrue(catalog.yaml().hasPrefix("# skipped 2 items with no humanCodingScheme (code)\n"))
    }

    func testParentPassesOverItemsWithoutCode() throws {
        let json = #"""
        {"CFDocument": {"identifier": "d", "title": "Chain"},
         "CFItems": [
          {"identifier": "top", "humanCodingScheme": "T", "fullStatement": "Top"},
          {"identifier": "g1", "fullStatement": "Group 1"},
          {"identifier": "g2", "fullStatement": "Group 2"},
          {"identifier": "leaf1", "humanCodingScheme": "T.1", "fullStatement": "Leaf 1"},
          {"identifier": "leaf2", "humanCodingScheme": "T.2", "fullStatement": "Leaf 2"},
          {"identifier": "loop1", "fullStatement": "Loop 1"},
          {"identifier": "loop2", "fullStatement": "Loop 2"},
          {"identifier": "leaf3", "humanCodingScheme": "T.3", "fullStatement": "Leaf 3"}
         ],
         "CFAssociations": [
          {"associationType": "isChildOf", "originNodeURI": {"identifier": "leaf1"}, "destinationNodeURI": {"identifier": "g2"}},
          {"associationType": "isChildOf", "originNodeURI": {"identifier": "leaf2"}, "destinationNodeURI": {"identifier": "g2"}},
          {"associationType": "isChildOf", "originNodeURI": {"identifier": "g2"}, "destinationNodeURI": {"identifier": "g1"}},
          {"associationType": "isChildOf", "originNodeURI": {"identifier": "g1"}, "destinationNodeURI": {"identifier": "top"}},
          {"associationType": "isChildOf", "originNodeURI": {"identifier": "leaf3"}, "destinationNodeURI": {"identifier": "loop1"}},
          {"associationType": "isChildOf", "originNodeURI": {"identifier": "loop1"}, "destinationNodeURI": {"identifier": "loop2"}},
          {"associationType": "isChildOf", "originNodeURI": {"identifier": "loop2"}, "destinationNodeURI": {"identifier": "loop1"}}
         ]}
        """#
        let catalog = try StandardsImport.fromCASE(Array(json.utf8), catalogID: "chain")
        let items = byCode(catalog)
        XCTAssertEqual(catalog.items.count, 4)
        XCTAssertEqual(catalog.skipped, 4)
        XCTAssertEqual(items["T.1"]?.parent, "T")
        XCTAssertEqual(items["T.2"]?.parent, "T")
        XCTAssertNil(items["T.3"]?.parent)  // a cycle of items without codes ends nowhere
        XCTAssertTrue(catalog.notes.contains("2 items had a parent without a code; linked to the nearest ancestor with one"))
        XCTAssertTrue(catalog.notes.contains("1 item had a parent without a code and no ancestor with one; left without a parent"))
        try assertLoadsBack(catalog)
    }

    func testPackageWrappedInCFPackageAndMinimalDocument() throws {
        let json = #"{"CFPackage": {"CFDocument": {"identifier": "x"}, "CFItems": [{"identifier": "1", "humanCodingScheme": 12, "fullStatement": "A number as a code"}]}}"#
        let catalog = try StandardsImport.fromCASE(Array(json.utf8), catalogID: nil)
        XCTAssertEqual(catalog.title, "CASE package x")
        XCTAssertEqual(catalog.id, "case-package-x")
        XCTAssertEqual(catalog.items.map(\.code), ["12"])
        XCTAssertEqual(catalog.notes, ["the CFDocument has no title; the catalog is titled \"CASE package x\""])
        try assertLoadsBack(catalog)
    }

    // MARK: malformed packages

    func testNotJSON() throws {
        let error = try XCTUnwrap(importError("CFDocument: not json"))
        XCTAssertEqual(error.path, "1:1")
        XCTAssertTrue(error.message.contains("malformed JSON (byte offset 0)"), error.message)
        XCTAssertEqual(error.description, "1:1: " + error.message)

        let empty = try XCTUnwrap(importError("  \n"))
        XCTAssertEqual(empty.path, "2:1")
        XCTAssertTrue(empty.message.contains("empty"), empty.message)
    }

    func testMalformedJSONGivesLineColumnAndOffset() throws {
        let json = "{\n  \"CFDocument\": {},\n  \"CFItems\": [{\"identifier\": \"a\",}]\n}"
        let error = try XCTUnwrap(importError(json))
        XCTAssertEqual(error.path, "3:34")
        let offset = json.utf8.count - 4  // the `}` after the comma
        XCTAssertTrue(error.message.contains("byte offset \(offset)"), error.message)
        XCTAssertTrue(error.message.contains("comma before `}`"), error.message)

        let truncated = try XCTUnwrap(importError(#"{"CFDocument": {"title": "Cut off"#))
        XCTAssertEqual(truncated.path, "1:26")
        XCTAssertTrue(truncated.message.contains("never closed"), truncated.message)

        let badEscape = try XCTUnwrap(importError(#"{"CFDocument": {"title": "a\qb"}}"#))
        XCTAssertEqual(badEscape.path, "1:28")

        let utf16 = StandardsImport.fromCASEError([0xFF, 0xFE, 0x7B, 0x00])
        XCTAssertEqual(utf16?.path, "1:1")
        XCTAssertTrue(utf16?.message.contains("UTF-16") == true)

        let deep = String(repeating: "[", count: 10_000)
        XCTAssertTrue(try XCTUnwrap(importError(deep)).message.contains("nested"))
    }

    func testWrongShapes() throws {
        XCTAssertEqual(importError("[1, 2]")?.path, "$")
        XCTAssertEqual(importError(#"{"CFItems": []}"#)?.path, "$.CFDocument")
        XCTAssertEqual(importError(#"{"CFDocument": [], "CFItems": []}"#)?.path, "$.CFDocument")
        XCTAssertEqual(importError(#"{"CFDocument": {}}"#)?.path, "$.CFItems")

        let notArray = try XCTUnwrap(importError(#"{"CFDocument": {}, "CFItems": {"identifier": "a"}}"#))
        XCTAssertEqual(notArray.path, "$.CFItems")
        XCTAssertEqual(notArray.message, "CFItems should be an array, found an object")

        let noIdentifier = try XCTUnwrap(importError(#"""
            {"CFDocument": {}, "CFItems": [{"identifier": "a", "humanCodingScheme": "A", "fullStatement": "a"},
                                           {"humanCodingScheme": "B", "fullStatement": "b"}]}
            """#))
        XCTAssertEqual(noIdentifier.path, "$.CFItems[1].identifier")
        XCTAssertEqual(noIdentifier.description, "$.CFItems[1].identifier: the item has no identifier")
        XCTAssertEqual(importError(#"{"CFDocument": {}, "CFItems": [{"identifier": "  "}]}"#)?.path, "$.CFItems[0].identifier")
        XCTAssertEqual(importError(#"{"CFDocument": {}, "CFItems": [{"identifier": "a"}, {"identifier": "b"}, "c"]}"#)?.path, "$.CFItems[2]")
        XCTAssertEqual(importError(#"{"CFDocument": {}, "CFItems": [{"identifier": {"x": 1}}]}"#)?.path, "$.CFItems[0].identifier")
        XCTAssertEqual(importError(#"{"CFDocument": {}, "CFItems": [{"identifier": "a", "humanCodingScheme": ["A"]}]}"#)?.path,
                       "$.CFItems[0].humanCodingScheme")
        XCTAssertEqual(importError(#"{"CFDocument": {}, "CFItems": [{"identifier": "a", "humanCodingScheme": "A", "fullStatement": "a", "educationLevel": [{"x": 1}]}]}"#)?.path,
                       "$.CFItems[0].educationLevel[0]")
        XCTAssertEqual(importError(#"{"CFDocument": {}, "CFItems": [], "CFAssociations": {}}"#)?.path, "$.CFAssociations")
        XCTAssertEqual(importError(#"""
            {"CFDocument": {}, "CFItems": [], "CFAssociations": [
              {"associationType": "isChildOf", "originNodeURI": {"title": "no id"}, "destinationNodeURI": {"identifier": "p"}}]}
            """#)?.path, "$.CFAssociations[0].originNodeURI.identifier")

        do {
            _ = try StandardsImport.fromCASE(Array(#"{"CFDocument": {}, "CFItems": []}"#.utf8), catalogID: "Not An Id")
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error.path, "catalog id")
            XCTAssertTrue(error.message.contains("not-an-id"), error.message)
        }
    }

    // MARK: size

    func testFiftyThousandItems() throws {
        let count = 50_000
        var json = #"{"CFDocument": {"identifier": "big", "title": "Big Framework", "subject": ["Science"]}, "CFItems": ["#
        json.reserveCapacity(count * 400)
        for index in 0..<count {
            if index > 0 { json += "," }
            json += #"{"identifier": "item-\#(index)", "humanCodingScheme": "BIG.\#(index)", "fullStatement": "Statement number \#(index), with \"quotes\" and a line\nbreak.", "educationLevel": ["06", "07"], "CFItemType": "Standard", "lastChangeDateTime": "2024-05-01T12:00:00"}"#
        }
        json += #"], "CFAssociations": ["#
        for index in 0..<count {
            if index > 0 { json += "," }
            let parent = index < 10 ? "big" : "item-\(index / 10)"
            json += #"{"identifier": "assoc-\#(index)", "associationType": "isChildOf", "originNodeURI": {"identifier": "item-\#(index)"}, "destinationNodeURI": {"identifier": "\#(parent)"}}"#
        }
        json += "]}"
        let catalog = try StandardsImport.fromCASE(Array(json.utf8), catalogID: nil)
        XCTAssertEqual(catalog.items.count, count)
        XCTAssertEqual(catalog.skipped, 0)
        XCTAssertEqual(catalog.notes, [])
        XCTAssertEqual(catalog.id, "big-framework")
        XCTAssertEqual(catalog.items[49_999].parent, "BIG.4999")
        XCTAssertEqual(catalog.items[9].parent, nil)
        XCTAssertEqual(catalog.items[12_345].grade, "6-7")
        XCTAssertEqual(catalog.items[12_345].subject, "Science")
        XCTAssertEqual(catalog.items[12_345].text, "Statement number 12345, with \"quotes\" and a line\nbreak.")
    }

    // MARK: YAML output

    func testYAMLQuotesEveryText() throws {
        let awkward = [
            "She said \"hi\" \\ then left",
            "line one\nline two\ttabbed\r",
            "\u{1}control\u{7F}delete\u{85}next line\u{2028}separator\u{FEFF}",
            "# not a comment: [x] {y} & *z !tag | > % @ `",
            "null", "true", "~", "",
            "  leading and trailing  ",
            "é 漢字 🙂",
            "--- \n...",
        ]
        let items = awkward.enumerated().map { index, text in
            ImportedCatalog.Item(code: index == 0 ? "- \"A\": 1" : "C.\(index)", grade: index.isMultiple(of: 2) ? "K-2" : nil,
                                 subject: text, text: text, parent: index == 0 ? nil : "- \"A\": 1")
        }
        let imported = ImportedCatalog(id: "null", title: "Title: with \"quotes\"", source: "yes", version: "2013",
                                       items: items, skipped: 0, notes: ["a note\nwith a line break"])
        let yaml = imported.yaml()
        XCTAssertTrue(yaml.hasPrefix("# a note with a line break\ncatalog: \"null\"\ntitle: \"Title: with \\\"quotes\\\"\"\n"), yaml)
        XCTAssertTrue(yaml.contains("    grade: K-2\n"))
        XCTAssertTrue(yaml.contains("\\u0001control\\u007Fdelete\\u0085next line\\u2028separator\\uFEFF"), yaml)
        try assertLoadsBack(imported)

        let empty = ImportedCatalog(id: "empty", title: "Empty")
        XCTAssertEqual(empty.yaml(), "catalog: \"empty\"\ntitle: \"Empty\"\nstandards: []\n")
        try assertLoadsBack(empty)
    }

    func testACodePatternIsSetOnlyWhenEveryCodeMatchesItWhole() throws {
        var catalog = ImportedCatalog(id: "d", title: "D", items: [
            ImportedCatalog.Item(code: "D.1", text: "one"), ImportedCatalog.Item(code: "D.10", text: "ten"),
        ])
        XCTAssertThrowsError(try catalog.setCodePattern(#"D\.[0-9]"#)) { error in
            XCTAssertEqual((error as? StandardsImportError)?.path, "--code-pattern")
            XCTAssertTrue("\(error)".contains("1 of 2 codes do not match"), "\(error)")
        }
        XCTAssertThrowsError(try catalog.setCodePattern("D.(")) { error in
            XCTAssertTrue("\(error)".contains("is not a regular expression"), "\(error)")
        }
        XCTAssertNil(catalog.codePattern)
        try catalog.setCodePattern(#"^D\.[0-9]+$"#)
        catalog.source = "District"
        XCTAssertTrue(catalog.yaml().contains("source: \"District\"\ncode_pattern: \"^D\\\\.[0-9]+$\"\nstandards:\n"), catalog.yaml())
        let report = Validator().validate(path: "d.yaml", bytes: Array(catalog.yaml().utf8))
        XCTAssertEqual(report.diagnostics.map(\.message), [])
        _ = try assertLoadsBack(catalog)
    }

    // MARK: CSV

    func testCSVWithBOMQuotesAndNewlines() throws {
        let csv = "\u{FEFF}Text,code,notes,Grade,subject\r\n"
            + "\"Ratios, rates and \"\"unit\"\" rates\",6.RP.A.1,ignored,06,math\r\n"
            + "\"Two lines:\nfirst and second\",6.RP.A.2,,6-8,\r\n"
            + "No code,,x,6,math\r\n"
            + ",6.RP.A.3,x,6,math\r\n"
            + "Bad grade,6.RP.A.4,x,sixth,math\r\n"
            + "Repeated,6.rp.a.1,x,6,math\r\n"
            + "\r\n"
            + "Kindergarten,K.CC.1,,KG,math"
        let catalog = try StandardsImport.fromCSV(Array(csv.utf8), catalogID: "ratios", title: "Ratios")
        XCTAssertEqual(catalog.id, "ratios")
        XCTAssertEqual(catalog.title, "Ratios")
        XCTAssertNil(catalog.source)
        XCTAssertEqual(catalog.items.map(\.code), ["6.RP.A.1", "6.RP.A.2", "6.RP.A.4", "K.CC.1"])
        XCTAssertEqual(catalog.skipped, 2)
        XCTAssertEqual(catalog.items[0].text, "Ratios, rates and \"unit\" rates")
        XCTAssertEqual(catalog.items[0].grade, "6")
        XCTAssertEqual(catalog.items[0].subject, "math")
        XCTAssertEqual(catalog.items[1].text, "Two lines:\nfirst and second")
        XCTAssertEqual(catalog.items[1].grade, "6-8")
        XCTAssertNil(catalog.items[1].subject)
        XCTAssertNil(catalog.items[2].grade)
        XCTAssertEqual(catalog.items[3].grade, "K")
        XCTAssertEqual(catalog.notes, [
            "skipped 1 row with an empty code",
            "skipped 1 row with an empty text",
            "skipped 1 row whose code repeats an earlier row's (as pbl compares codes); kept the first",
            "left out 1 grade pbl cannot read (first: \"sixth\" at 7:22); grades are K, 1 to 12 or a band like 6-8",
        ])
        try assertLoadsBack(catalog)

        let untitled = try StandardsImport.fromCSV(Array("code,text\nA,a\n".utf8), catalogID: "plain", title: nil)
        XCTAssertEqual(untitled.title, "plain")
        XCTAssertEqual(untitled.items.count, 1)
    }

    func testCSVStudentWordingIsKeptAndWritten() throws {
        let csv = "code,text,student_text\nRSD-1,Plan a fair investigation.,I can plan a fair test.\nRSD-2,Keep a notebook.,\n"
        let catalog = try StandardsImport.fromCSV(Array(csv.utf8), catalogID: "local", title: "Local")
        XCTAssertEqual(catalog.items.map(\.studentText), ["I can plan a fair test.", nil])
        let yaml = catalog.yaml()
        XCTAssertTrue(yaml.contains("    student_text: \"I can plan a fair test.\"\n"), yaml)
        XCTAssertEqual(yaml.components(separatedBy: "student_text").count, 2, yaml)
    }

    func testCSVErrors() throws {
        let short = try XCTUnwrap(csvError("code,grade,subject,text\nA.1,6,math,Text\nA.2,6,math\n"))
        XCTAssertEqual(short.path, "3:11")
        XCTAssertTrue(short.message.contains("3 fields but the header has 4"), short.message)

        let long = try XCTUnwrap(csvError("code,grade,subject,text\nA.1,6,math,Text, with a comma\n"))
        XCTAssertEqual(long.path, "2:17")

        let quotedNewlineThenRagged = try XCTUnwrap(csvError("code,text\n\"A\",\"two\nlines\"\nB\n"))
        XCTAssertEqual(quotedNewlineThenRagged.path, "4:2")

        let missing = try XCTUnwrap(csvError("code,grade,subject\nA,6,math\n"))
        XCTAssertEqual(missing.path, "1:19")
        XCTAssertTrue(missing.message.contains("no `text` column"), missing.message)

        let twice = try XCTUnwrap(csvError("code,text,code\nA,a,B\n"))
        XCTAssertEqual(twice.path, "1:11")

        let unclosed = try XCTUnwrap(csvError("code,text\nA,\"never closed\n"))
        XCTAssertEqual(unclosed.path, "2:3")

        XCTAssertEqual(csvError("")?.path, "1:1")

        do {
            _ = try StandardsImport.fromCSV(Array("code,text\n".utf8), catalogID: "Bad_ID", title: nil)
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error.path, "catalog id")
        }
    }
}

extension StandardsImport {
    /// The error for raw bytes, or nil when they import.
    fileprivate static func fromCASEError(_ bytes: [UInt8]) -> StandardsImportError? {
        do {
            _ = try fromCASE(bytes, catalogID: nil)
            return nil
        } catch {
            return error
        }
    }
}
