import Dispatch
import Foundation
import Synchronization

/// Another program run to its end, both of its outputs read as they come: reading one pipe to
/// its end before the other would leave a child that fills the second pipe (64 KB) blocked
/// forever, and pbl with it.
struct ChildProcess {
    struct Result {
        var status: Int32
        var output: Data
        var errors: Data
    }

    var executable: URL
    var arguments: [String]
    var directory: URL?
    var environment: [String: String]?

    /// Runs the program and waits for it; throws only when it cannot be started.
    func run() throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let errors = Drained(err.fileHandleForReading)
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: output, errors: errors.wait())
    }
}

/// A pipe read to its end on a thread of its own.
private final class Drained: Sendable {
    private let data = Mutex(Data())
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            let read = handle.readDataToEndOfFile()
            data.withLock { $0 = read }
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data.withLock { $0 }
    }
}
