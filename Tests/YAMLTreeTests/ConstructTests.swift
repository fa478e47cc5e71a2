import XCTest
@testable import YAMLTree

/// Every YAML construct a project file may use, read back as values.
final class ConstructTests: XCTestCase {
    func testBlockAndFlowCollections() throws {
        let root = try XCTUnwrap(parse("""
            list:
              - a
              - b
            flow: [1, two, {x: y}]
            map: {k: v, empty: }
            """))
        XCTAssertEqual(root.keys, ["list", "flow", "map"])
        XCTAssertEqual(root["list"]?.items.map(\.scalarText), ["a", "b"])
        XCTAssertEqual(root["list"]?.collectionStyle, .block)
        let flow = try XCTUnwrap(root["flow"])
        XCTAssertEqual(flow.collectionStyle, .flow)
        XCTAssertEqual(flow.count, 3)
        XCTAssertEqual(flow.items[0].coreValue, .int(1))
        XCTAssertEqual(flow.items[2]["x"]?.string, "y")
        XCTAssertEqual(root["map"]?.keys, ["k", "empty"])
        XCTAssertEqual(root["map"]?["empty"]?.isNull, true)
        XCTAssertNil(root["missing"])
    }

    func testScalarStylesAndChomping() throws {
        let root = try XCTUnwrap(parse("""
            plain: some words
              continued here
            single: 'it''s'
            double: "tab\\there\\nnew \\u00e9 \\x41 \\\\ \\""
            literal: |
              line one
               indented
            keep: |+
              kept

            strip: |-
              stripped
            folded: >
              folded
              text

              paragraph
            """))
        XCTAssertEqual(root["plain"]?.string, "some words continued here")
        XCTAssertEqual(root["plain"]?.scalarStyle, .plain)
        XCTAssertEqual(root["single"]?.string, "it's")
        XCTAssertEqual(root["single"]?.scalarStyle, .singleQuoted)
        XCTAssertEqual(root["double"]?.string, "tab\there\nnew é A \\ \"")
        XCTAssertEqual(root["double"]?.scalarStyle, .doubleQuoted)
        XCTAssertEqual(root["literal"]?.string, "line one\n indented\n")
        XCTAssertEqual(root["literal"]?.scalarStyle, .literal)
        XCTAssertEqual(root["keep"]?.string, "kept\n\n")
        XCTAssertEqual(root["strip"]?.string, "stripped")
        XCTAssertEqual(root["folded"]?.string, "folded text\nparagraph", "clip chomping, and the text ends without a break")
        XCTAssertEqual(root["folded"]?.scalarStyle, .folded)
    }

    func testAnchorsAndAliasesShareTheAnchoredNode() throws {
        let root = try XCTUnwrap(parse("""
            base: &b {x: 1}
            copy: *b
            word: &w hello
            again: *w
            """))
        XCTAssertEqual(root["copy"], root["base"])
        XCTAssertEqual(root["again"]?.string, "hello")
        XCTAssertEqual(root["again"]?.start, Mark(line: 3, column: 7, offset: 31))
    }

    func testAReusedAnchorNameMeansTheMostRecentNode() throws {
        XCTAssertEqual(try XCTUnwrap(parse("&a [&a x, *a]")).jsonText, #"["x","x"]"#)
        XCTAssertEqual(try XCTUnwrap(parse("[&a [&a x], *a]")).jsonText, #"[["x"],"x"]"#)
        XCTAssertEqual(try XCTUnwrap(parse("a: &n 1\nb: &n 2\nc: *n\n"))["c"]?.int, 2)
    }

    func testKeysAreDuplicatesByMeaningNotSpelling() throws {
        XCTAssertNotNil(parse("{1: a, \"1\": b}"), "an integer key and a string key differ")
        XCTAssertEqual(parseError("{~: a, null: b}")?.kind, .duplicateKey)
        XCTAssertEqual(parseError("{0x10: a, 16: b}")?.kind, .duplicateKey)
        XCTAssertEqual(parseError("{'k': a, k: b}")?.kind, .duplicateKey)
    }

    func testMergeKeysExplicitKeysWinAndEarlierMapsWin() throws {
        let root = try XCTUnwrap(parse("""
            a: &a {x: a-x, y: a-y}
            b: &b {x: b-x, z: b-z, w: b-w}
            one:
              <<: *a
              y: mine
            list:
              w: own
              <<: [*a, *b]
            """))
        let one = try XCTUnwrap(root["one"])
        XCTAssertEqual(one.keys, ["x", "y"])
        XCTAssertEqual(one["x"]?.string, "a-x")
        XCTAssertEqual(one["y"]?.string, "mine")
        let list = try XCTUnwrap(root["list"])
        XCTAssertEqual(list.keys, ["w", "x", "y", "z"])
        XCTAssertEqual(list["x"]?.string, "a-x", "earlier map in the list wins")
        XCTAssertEqual(list["w"]?.string, "own", "explicit key wins")
        XCTAssertEqual(list["z"]?.string, "b-z")
        // A merged value keeps the place it was written.
        XCTAssertEqual(list["y"]?.start.line, 1)
    }

    func testMergeOfAScalarIsAnError() throws {
        let error = try XCTUnwrap(parseError("a: &s text\nb:\n  <<: *s\n"))
        XCTAssertEqual(error.kind, .invalidMerge)
        XCTAssertEqual(error.range.start.line, 3)
    }

    func testQuotedMergeKeyIsAnOrdinaryKey() throws {
        let root = try XCTUnwrap(parse("a: &a {x: 1}\nb: {'<<': *a}\n"))
        XCTAssertEqual(root["b"]?.keys, ["<<"])
    }

    func testTagsAreKeptAndDecideTheType() throws {
        let root = try XCTUnwrap(parse("""
            %TAG !e! tag:example.com,2027:
            ---
            number: !!str 42
            forced: !!int "7"
            local: !thing value
            custom: !e!type {a: 1}
            nonspecific: ! 12
            """))
        XCTAssertEqual(root["number"]?.tag, YAMLNode.strTag)
        XCTAssertEqual(root["number"]?.coreValue, .string("42"))
        XCTAssertEqual(root["forced"]?.coreValue, .int(7))
        XCTAssertEqual(root["local"]?.tag, "!thing")
        XCTAssertEqual(root["custom"]?.tag, "tag:example.com,2027:type")
        XCTAssertEqual(root["nonspecific"]?.coreValue, .string("12"))
    }

    func testCommentsEmptyValuesAndComplexKeys() throws {
        let root = try XCTUnwrap(parse("""
            # a comment
            a:   # trailing
            b: ~
            ? [x, y]
            : complex
            ? long key
            : value
            """))
        XCTAssertEqual(root.count, 4)
        XCTAssertEqual(root["a"]?.isNull, true)
        XCTAssertEqual(root["b"]?.isNull, true)
        let complex = root.pairs[2]
        XCTAssertTrue(complex.key.isSequence)
        XCTAssertEqual(complex.value.string, "complex")
        XCTAssertEqual(root["long key"]?.string, "value")
    }

    func testUnicodeTextAndMarksInBytes() throws {
        let root = try XCTUnwrap(parse("name: Ana López\n名前: 山田 花子\nrtl: مريم\n"))
        XCTAssertEqual(root["name"]?.string, "Ana López")
        XCTAssertEqual(root["名前"]?.string, "山田 花子")
        let value = try XCTUnwrap(root["rtl"])
        XCTAssertEqual(value.string, "مريم")
        // "name: Ana López\n" is 17 bytes (ó is 2), "名前: 山田 花子\n" is 22.
        XCTAssertEqual(value.start, Mark(line: 3, column: 6, offset: 17 + 22 + 5))
        XCTAssertEqual(value.range.end, Mark(line: 3, column: 10, offset: 17 + 22 + 5 + 8))
        XCTAssertEqual(root["名前"]?.start, Mark(line: 2, column: 5, offset: 17 + 8))
    }

    func testMultiDocumentStreamsReadOneByOne() throws {
        let reader = try YAMLReader(bytes: Array("a: 1\n---\nb: 2\n...\n---\n- c\n".utf8))
        let first = try XCTUnwrap(reader.nextDocument())
        XCTAssertEqual(first.root?.keys, ["a"])
        let second = try XCTUnwrap(reader.nextDocument())
        XCTAssertEqual(second.root?["b"]?.int, 2)
        XCTAssertEqual(second.range.start.line, 2)
        let third = try XCTUnwrap(reader.nextDocument())
        XCTAssertEqual(third.root?.items.first?.string, "c")
        XCTAssertNil(try reader.nextDocument())
        XCTAssertNil(try reader.nextDocument())
    }

    func testSingleDocumentRefusesASecond() throws {
        XCTAssertThrowsError(try YAMLReader.document("a: 1\n---\nb: 2\n")) { error in
            XCTAssertEqual((error as? YAMLError)?.range.start.line, 2)
        }
    }

    func testEmptyStreamHasNoDocumentAndEmptyDocumentIsNull() throws {
        XCTAssertEqual(try YAMLReader.documents("").count, 0)
        XCTAssertEqual(try YAMLReader.documents("# only a comment\n").count, 0)
        let empty = try XCTUnwrap(try YAMLReader.documents("---\n").first)
        XCTAssertEqual(empty.root?.isNull, true)
    }
}
