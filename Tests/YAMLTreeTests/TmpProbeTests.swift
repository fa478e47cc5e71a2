import Foundation
import XCTest
import YAMLTree

final class TmpProbeTests: XCTestCase {
    func testProbe() throws {
        for text in ["[&a [&a x], *a]", "&a [&a x, *a]", "a: 0x-1\nb: 0o+7\nc: 0x+F", "{1: a, \"1\": b}", "{~: a, null: b}", "1e400: x\ny: 1e400\nz: 123456789012345678901234567890"] {
            do { let d = try YAMLReader(bytes: Array(text.utf8)).readAll(); print("PROBE \(text.debugDescription) => " + d.map { $0.root?.jsonText ?? "nil" }.joined(separator: " | ")) }
            catch { print("PROBE \(text.debugDescription) => \(error.kind) \(error)") }
        }
    }
}
