import Foundation
import XCTest
@testable import PBLCommands

/// pbl runs git (coverage of a repository's history); the tests run pbl. A child that writes a
/// lot to both outputs must not block on a full pipe.
final class ChildProcessTests: XCTestCase {
    func testBothOutputsAreReadWhileTheChildRuns() throws {
        let child = ChildProcess(executable: URL(fileURLWithPath: "/bin/sh"),
                                 arguments: ["-c", "head -c 1000000 /dev/zero >&2; head -c 300000 /dev/zero; exit 3"])
        let finished = expectation(description: "the child ran to its end")
        nonisolated(unsafe) var result: ChildProcess.Result?
        Thread.detachNewThread {
            result = try? child.run()
            finished.fulfill()
        }
        // A hang guard, not a speed check: reading stdout first used to block here forever.
        wait(for: [finished], timeout: 60)
        XCTAssertEqual(result?.status, 3)
        XCTAssertEqual(result?.errors.count, 1_000_000)
        XCTAssertEqual(result?.output.count, 300_000)
    }

    func testAProgramThatCannotStartThrows() {
        XCTAssertThrowsError(try ChildProcess(executable: URL(fileURLWithPath: "/nonexistent/program"), arguments: []).run())
    }
}
