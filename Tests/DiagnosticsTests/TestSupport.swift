import XCTest
import YAMLTree

/// The error that reading `text` throws, failing the test when it parses.
func parseError(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> YAMLError? {
    do {
        _ = try YAMLReader(bytes: Array(text.utf8)).readAll()
        XCTFail("expected an error", file: file, line: line)
        return nil
    } catch {
        return error
    }
}
