import XCTest
@testable import YAMLTree

/// Every limit refuses hostile input with an error that names it and says where.
final class HostileInputTests: XCTestCase {
    func testBillionLaughsIsRefusedQuickly() throws {
        var text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        let names = Array("bcdefghij")
        var previous = "a"
        for name in names {
            let alias = "*\(previous)"
            text += "\(name): &\(name) [\(Array(repeating: alias, count: 10).joined(separator: ", "))]\n"
            previous = String(name)
        }
        XCTAssertLessThan(text.utf8.count, 4096)
        let clock = ContinuousClock()
        var error: YAMLError?
        let elapsed = clock.measure { error = parseError(text) }
        XCTAssertEqual(error?.kind, .aliasExpansionLimit)
        XCTAssertTrue(error?.message.contains("alias expansion limit") ?? false)
        XCTAssertGreaterThan(error?.range.start.line ?? 0, 1)
        // Generous bound: the real cost is microseconds; this only catches an expansion.
        XCTAssertLessThan(elapsed, .seconds(1))
    }

    func testAliasLimitIsConfigurable() throws {
        let text = "a: &a [1, 2, 3]\nb: [*a, *a]\n"
        XCTAssertNotNil(parse(text))
        let error = parseError(text, limits: YAMLLimits(maxAliasExpansion: 5))
        XCTAssertEqual(error?.kind, .aliasExpansionLimit)
        XCTAssertEqual(error?.range.start, Mark(line: 2, column: 9, offset: 24))
    }

    func testDeepFlowNestingStopsAtTheLimit() throws {
        let text = String(repeating: "[", count: 100_000)
        let error = parseError(text)
        XCTAssertEqual(error?.kind, .depthLimit)
        XCTAssertEqual(error?.range.start.column, YAMLLimits.default.maxDepth + 1)
        XCTAssertTrue(error?.message.contains("\(YAMLLimits.default.maxDepth)") ?? false)
    }

    func testDeepBlockNestingStopsAtTheLimit() throws {
        let text = String(repeating: "- ", count: 100_000) + "x\n"
        let error = parseError(text)
        XCTAssertEqual(error?.kind, .depthLimit)
    }

    func testDepthLimitIsConfigurableAndDeepTreesNeedNoStack() throws {
        let depth = 5_000
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        XCTAssertEqual(parseError(text, limits: YAMLLimits(maxDepth: 10))?.kind, .depthLimit)
        let root = try XCTUnwrap(parse(text, limits: YAMLLimits(maxDepth: depth)))
        // Walking and printing a deep tree is iterative too.
        XCTAssertEqual(root.jsonText.utf8.count, depth * 2)
    }

    func testInputSizeLimit() throws {
        let text = "a: " + String(repeating: "x", count: 2_000) + "\n"
        let error = parseError(text, limits: YAMLLimits(maxInputBytes: 1_000))
        XCTAssertEqual(error?.kind, .inputTooLarge)
        XCTAssertTrue(error?.message.contains("over the limit of 1000 bytes") ?? false, error?.message ?? "")
    }

    func testHugeScalarLimit() throws {
        let text = "a: 1\nb: " + String(repeating: "x", count: 5_000) + "\n"
        let error = parseError(text, limits: YAMLLimits(maxScalarBytes: 4_096))
        XCTAssertEqual(error?.kind, .scalarTooLarge)
        XCTAssertEqual(error?.range.start, Mark(line: 2, column: 4, offset: 8))
    }

    func testInvalidUTF8GivesLineAndColumn() throws {
        var bytes = Array("title: ok\nname: Ana L".utf8)
        bytes += [0xC3, 0x28]  // a lead byte followed by ASCII
        bytes += Array("pez\n".utf8)
        let error = try XCTUnwrap(parseError(bytes: bytes))
        XCTAssertEqual(error.kind, .invalidUTF8)
        XCTAssertEqual(error.range.start, Mark(line: 2, column: 12, offset: 21))
        XCTAssertTrue(error.message.contains("0xC3"), error.message)
    }

    func testOverlongAndSurrogateEncodingsAreInvalid() throws {
        XCTAssertEqual(parseError(bytes: Array("a: ".utf8) + [0xC0, 0xAF])?.kind, .invalidUTF8)
        XCTAssertEqual(parseError(bytes: Array("a: ".utf8) + [0xED, 0xA0, 0x80])?.kind, .invalidUTF8)
        XCTAssertEqual(parseError(bytes: Array("a: ".utf8) + [0xF0, 0x9F])?.kind, .invalidUTF8)
    }

    func testBinaryAndUTF16AreRefusedWithAOneLineReason() throws {
        XCTAssertEqual(parseError(bytes: [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01])?.kind, .binaryInput)
        XCTAssertEqual(parseError(bytes: [0xFF, 0xFE, 0x61, 0x00])?.kind, .unsupportedEncoding)
        XCTAssertEqual(parseError(bytes: [0x61, 0x00, 0x3A, 0x00])?.kind, .unsupportedEncoding)
    }

    func testBOMAndCRLFAreRead() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a: 1\r\nb: two\r\n".utf8)
        let root = try XCTUnwrap(try YAMLReader(bytes: bytes).readAll().first?.root)
        XCTAssertEqual(root["b"]?.string, "two")
        // Offsets count the BOM; columns do not.
        XCTAssertEqual(root["b"]?.start, Mark(line: 2, column: 4, offset: 3 + 6 + 3))
        XCTAssertEqual(root.pairs.first?.key.start, Mark(line: 1, column: 1, offset: 3))
    }

    func testDuplicateKeysNameBothPlaces() throws {
        let error = try XCTUnwrap(parseError("title: A\nid: x\ntitle: B\n"))
        XCTAssertEqual(error.kind, .duplicateKey)
        XCTAssertEqual(error.range.start, Mark(line: 3, column: 1, offset: 15))
        XCTAssertEqual(error.notes.first?.range?.start, Mark(line: 1, column: 1, offset: 0))
        XCTAssertTrue(error.message.contains("`title`"))
    }

    func testDuplicateKeysInLargeMappings() throws {
        var text = (0..<40).map { "k\($0): v\n" }.joined()
        text += "k7: again\n"
        let error = try XCTUnwrap(parseError(text))
        XCTAssertEqual(error.kind, .duplicateKey)
        XCTAssertEqual(error.range.start.line, 41)
        XCTAssertEqual(error.notes.first?.range?.start.line, 8)
        XCTAssertNotNil(parse(text, limits: YAMLLimits(rejectDuplicateKeys: false)))
    }

    func testUndefinedAndRecursiveAliases() throws {
        XCTAssertEqual(parseError("a: *nope\n")?.kind, .undefinedAlias)
        let recursive = try XCTUnwrap(parseError("a: &x [1, *x]\n"))
        XCTAssertEqual(recursive.kind, .undefinedAlias)
        XCTAssertTrue(recursive.message.contains("contains it"))
    }
}
