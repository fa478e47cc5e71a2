import Foundation
import XCTest
@testable import PBLCommands

/// Runs the built `pbl` binary, as a user would, and captures what it prints.
struct PBLRun {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum CLI {
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The Mill Creek example's project without its progress files: for tests that copy it into
    /// a folder of their own, with a roster of their own (its records name its own students).
    static func millCreekProject() throws -> String {
        let text = try String(contentsOf: packageRoot.appendingPathComponent("examples/mill-creek/mill-creek.yaml"), encoding: .utf8)
        let kept = text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("progress:") && !$0.hasPrefix("# What the teacher recorded") }
        return kept.joined(separator: "\n")
    }

    static var fixtures: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    }

    /// The `pbl` next to the test bundle in the build folder.
    static var binary: URL {
        var directory = Bundle.main.bundleURL
        if directory.pathExtension == "xctest" { directory.deleteLastPathComponent() }
        return directory.appendingPathComponent("pbl")
    }

    static func run(_ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil,
                    executable: URL? = nil) throws -> PBLRun {
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = nil
        for (key, value) in environment { env[key] = value }
        let result = try ChildProcess(executable: executable ?? binary, arguments: arguments,
                                      directory: directory ?? packageRoot, environment: env).run()
        return PBLRun(
            status: result.status,
            stdout: String(decoding: result.output, as: UTF8.self),
            stderr: String(decoding: result.errors, as: UTF8.self)
        )
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pbl-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
