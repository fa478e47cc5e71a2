// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "pbl",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "YAMLTree", targets: ["YAMLTree"]),
        .library(name: "Diagnostics", targets: ["Diagnostics"]),
        .library(name: "Planner", targets: ["Planner"]),
        .executable(name: "pbl", targets: ["pbl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        // .xlsx rosters: the workbook is a ZIP archive of XML parts.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // The C in the package: Debian's libyaml through pkg-config...
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // ...and pango on cairo, for PDF checklists (used only inside Render/PDF).
        .systemLibrary(
            name: "CPangoCairo",
            pkgConfig: "pangocairo",
            providers: [.apt(["libpango1.0-dev", "libcairo2-dev"])]
        ),
        // The YAML reader: bytes to a tree with source marks, and typed errors. Knows nothing of pbl.
        .target(name: "YAMLTree", dependencies: ["CLibYAML"]),
        // Findings as values (Diagnostic), their rule ids and the printers of every format.
        .target(name: "Diagnostics", dependencies: ["YAMLTree"]),
        // Reads the cells of one sheet of an .xlsx workbook, every size bounded: ZIPFoundation for
        // the archive, FoundationXML's streaming XMLParser for the parts. Kept apart so that
        // Planner itself needs no Foundation.
        .target(name: "Workbook", dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(name: "Planner", dependencies: ["YAMLTree", "Diagnostics", "Workbook"]),
        .target(name: "Render", dependencies: [
            "Planner", "YAMLTree", "Diagnostics", "CPangoCairo",
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        .executableTarget(
            name: "pbl",
            dependencies: [
                "YAMLTree", "Diagnostics", "Planner", "Render",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmark driver: builds the tree from a file and reports timings; see bench/README.md.
        .executableTarget(name: "pbl-bench", dependencies: ["YAMLTree", "Diagnostics", "Planner"], path: "bench/pbl-bench"),
        .testTarget(name: "YAMLTreeTests", dependencies: ["YAMLTree"]),
        .testTarget(name: "DiagnosticsTests", dependencies: ["Diagnostics", "YAMLTree"]),
        .testTarget(name: "PlannerTests", dependencies: ["Planner", "YAMLTree", "Diagnostics", "Workbook"]),
        .testTarget(name: "RenderTests", dependencies: ["Render", "Diagnostics"]),
        .testTarget(name: "pblTests", dependencies: ["pbl"], exclude: ["Fixtures"]),
    ]
)
