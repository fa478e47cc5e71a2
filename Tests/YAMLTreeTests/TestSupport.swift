import XCTest
@testable import YAMLTree

/// The single document of `text`, failing the test when it does not parse.
func parse(_ text: String, limits: YAMLLimits = .default, file: StaticString = #filePath, line: UInt = #line) -> YAMLNode? {
    do {
        return try YAMLReader.document(text, limits: limits)?.root
    } catch {
        XCTFail("unexpected error: \(error)", file: file, line: line)
        return nil
    }
}

/// The error that reading `text` throws, failing the test when it parses.
func parseError(_ text: String, limits: YAMLLimits = .default, file: StaticString = #filePath, line: UInt = #line) -> YAMLError? {
    parseError(bytes: Array(text.utf8), limits: limits, file: file, line: line)
}

func parseError(bytes: [UInt8], limits: YAMLLimits = .default, file: StaticString = #filePath, line: UInt = #line) -> YAMLError? {
    do {
        _ = try YAMLReader(bytes: bytes, limits: limits).readAll()
        XCTFail("expected an error", file: file, line: line)
        return nil
    } catch {
        return error
    }
}

extension YAMLNode {
    /// Keys of a mapping, as text.
    var keys: [String] { pairs.map { $0.key.scalarText ?? "?" } }
}
