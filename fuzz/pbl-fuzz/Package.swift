// swift-tools-version:6.0
// The libFuzzer target of scripts/fuzz, a package of its own so that the main package's
// builds (and scripts/test) never see -sanitize=fuzzer. Built by scripts/fuzz with
//   swift build --package-path fuzz/pbl-fuzz -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
import Foundation
import PackageDescription

// SwiftPM names a package given by path after its folder, so the main package's identity is
// whatever the checkout's folder is called (a worktree may be `main`, `fuzz`, ...).
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL
let pbl = root.lastPathComponent.lowercased()

let package = Package(
    name: "pbl-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "../..")],
    targets: [
        // libFuzzer's driver called from the entry point SwiftPM gives the executable.
        .target(name: "FuzzerEntry"),
        .executableTarget(
            name: "pbl-fuzz-validate",
            dependencies: [
                "FuzzerEntry",
                .product(name: "Planner", package: pbl),
                .product(name: "YAMLTree", package: pbl),
            ]
        ),
    ]
)
