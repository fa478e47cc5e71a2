import XCTest
@testable import YAMLTree

final class ByteCountTests: XCTestCase {
    func testASizeOverALimitShowsTheDifference() {
        let message: (String, String) -> String = { "\($0) over \($1)" }
        XCTAssertEqual(describeExcess(50 << 20, over: 16 << 20, message), "50.0 MB over 16.0 MB")
        XCTAssertEqual(describeExcess(2048, over: 1024, message), "2 KB over 1 KB")
        // Just over: rounded, both would read the same.
        XCTAssertEqual(describeExcess((16 << 20) + 1, over: 16 << 20, message), "16777217 bytes over 16777216 bytes (16.0 MB)")
    }
}
