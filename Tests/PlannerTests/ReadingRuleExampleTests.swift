import Foundation
import XCTest
import Diagnostics
import YAMLTree
@testable import Planner

/// The reading rules' examples, as `RuleExampleTests` checks the project rules': each failing
/// file triggers its rule and nothing else, each fixed one is clean. The files that are not
/// text, or not shipped, are made here the way `pbl explain` says they are made, at pbl's own
/// limits, and the shipped ones are checked to be exactly those bytes. (The render templates'
/// examples need the Render target: `ReadingExamplesGoldenTests` runs them through `pbl validate`.)
final class ReadingRuleExampleTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The failing file's bytes, made from the fixed one as `making` says, for the examples
    /// whose text pbl does not show; nil for the others.
    static func made(_ rule: RuleInfo, fixed: String) -> [UInt8]? {
        let limits = YAMLLimits.default
        switch rule.id {
        case ReadingRules.yamlInvalidUTF8.id:
            // Windows-1252 and Latin-1 agree on every character the example has.
            return fixed.unicodeScalars.map { scalar in
                precondition(scalar.value < 0x80 || (0xA0...0xFF).contains(scalar.value), "not one Latin-1 byte: \(scalar)")
                return UInt8(scalar.value)
            }
        case ReadingRules.yamlEncoding.id:
            return [0xFF, 0xFE] + fixed.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        case ReadingRules.yamlInputSizeLimit.id:
            let size = limits.maxInputBytes + 1
            return Array(fixed.utf8) + [UInt8](repeating: UInt8(ascii: "#"), count: size - fixed.utf8.count)
        case ReadingRules.yamlScalarSizeLimit.id:
            let question = "How can we find out whether Mill Creek is safe to swim in?"
            let line = "driving_question: \(question)\n"
            precondition(fixed.contains(line))
            let pasted = String(String(repeating: question + " ", count: limits.maxScalarBytes / question.utf8.count + 1)
                .utf8.prefix(limits.maxScalarBytes + 1))!
            precondition(pasted.utf8.count == limits.maxScalarBytes + 1 && !pasted.hasSuffix(" "))
            return Array(fixed.replacingOccurrences(of: line, with: "driving_question: \(pasted)\n").utf8)
        default:
            return nil
        }
    }

    func testEveryReadingRuleHasAnExample() {
        for rule in ReadingRules.all {
            guard let example = rule.readingExample else {
                XCTFail("\(rule.id) has no example in examples/broken/\(rule.id)/")
                continue
            }
            XCTAssertFalse(example.fixedText.isEmpty, "\(rule.id): \(example.fixedFile) is not built into pbl")
            XCTAssertTrue(example.failingText != nil || example.making != nil, "\(rule.id): neither shown nor said how it is made")
            XCTAssertTrue(example.failingFile.hasPrefix("examples/broken/\(rule.id)/"), example.failingFile)
        }
        XCTAssertNil(Rules.unknownKey.readingExample, "the project rules' examples are failingExample and passingExample")
    }

    func testEveryReadingExampleOfAFileTriggersOnlyItsRule() throws {
        let validator = Validator()
        for rule in ReadingRules.file {
            let example = try XCTUnwrap(rule.readingExample, rule.id)
            let shipped = example.isShipped ? try Data(contentsOf: Self.repository.appendingPathComponent(example.failingFile)) : nil
            let bytes: [UInt8]
            if let made = Self.made(rule, fixed: example.fixedText) {
                XCTAssertNil(example.failingText, "\(rule.id): made from fixed.yaml, so not built into pbl")
                if let shipped { XCTAssertEqual(Array(shipped), made, "\(rule.id): \(example.failingFile) is not made as `pbl explain` says") }
                bytes = made
            } else if let text = example.failingText {
                XCTAssertEqual(shipped.map { Array($0) }, Array(text.utf8), "\(rule.id): \(example.failingFile) differs from the copy built into pbl")
                bytes = Array(text.utf8)
            } else {
                // The zip: testTheBinaryExampleIsAZipOfTheFixedFile checks what it holds.
                XCTAssertEqual(rule.id, ReadingRules.yamlBinary.id, "\(rule.id): neither built into pbl nor made here")
                bytes = try Array(XCTUnwrap(shipped, rule.id))
            }
            XCTAssertEqual(example.isShipped, rule.id != ReadingRules.yamlInputSizeLimit.id && rule.id != ReadingRules.yamlScalarSizeLimit.id, rule.id)

            let failing = validator.validate(path: "/nonexistent/\(rule.id)/project.yaml", bytes: bytes)
            XCTAssertEqual(failing.rules(), [rule.id], "\(rule.id): \(failing.diagnostics.map(\.message))")
            for diagnostic in failing.diagnostics {
                XCTAssertEqual(diagnostic.severity, rule.severity, rule.id)
            }
            let fixed = validator.validate(path: "/nonexistent/\(rule.id)/fixed.yaml", bytes: Array(example.fixedText.utf8))
            XCTAssertEqual(fixed.kind, .project, rule.id)
            XCTAssertTrue(fixed.diagnostics.isEmpty, "\(rule.id): fixed example is not clean: \(fixed.diagnostics.map { "\($0.rule ?? ""): \($0.message)" })")
        }
    }

    /// What the examples that are bytes show: the zip holds fixed.yaml as it is.
    func testTheBinaryExampleIsAZipOfTheFixedFile() throws {
        let example = try XCTUnwrap(ReadingRules.yamlBinary.readingExample)
        let bytes = try Array(Data(contentsOf: Self.repository.appendingPathComponent(example.failingFile)))
        XCTAssertEqual(Array(bytes.prefix(4)), [0x50, 0x4B, 0x03, 0x04], "a zip archive's local file header")
        let fixed = Array(example.fixedText.utf8)
        XCTAssertTrue(bytes.indices.contains { bytes[$0...].starts(with: fixed) }, "stored, so fixed.yaml is in it as it is")
        XCTAssertTrue(bytes.contains(0))
    }
}
