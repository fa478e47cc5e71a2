// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "pbl",
    // Linux only: Load/, Render/OutputSink.swift and PBLCommands/OutputFile.swift call Glibc, so no macOS platform is declared.
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
        // The planner, one target per stage, so that the compiler keeps the flow one way
        // (bytes -> tree -> model -> checks -> dated plan -> output): loading cannot import the
        // checks, the checks cannot run the scheduler, rendering cannot read files.
        // Built-in files (templates/, examples/broken/) embedded by scripts/embed-files.
        .target(name: "PlannerResources", dependencies: ["Diagnostics", "YAMLTree"], path: "Sources/Planner/Resources"),
        // Value types: the project, catalogs, calendar, FormatSpec, the diagnostic sink.
        .target(name: "PlannerModel", dependencies: ["YAMLTree", "Diagnostics"], path: "Sources/Planner/Model"),
        // Tree -> model: the format check, builders, rosters, catalogs, template roots, the reading rules.
        .target(name: "PlannerLoad", dependencies: ["PlannerModel", "PlannerResources", "YAMLTree", "Diagnostics", "Workbook"],
                path: "Sources/Planner/Load"),
        // A project on dates, as every renderer takes it, and the school calendar's arithmetic.
        .target(name: "PlannerDates", dependencies: ["PlannerModel", "YAMLTree"], path: "Sources/Planner/Dates"),
        // The scheduler: model -> dated plan.
        .target(name: "PlannerSchedule", dependencies: ["PlannerModel", "PlannerDates", "YAMLTree"], path: "Sources/Planner/Schedule"),
        // The project checks: they read the model and a dated plan they are given.
        .target(name: "PlannerCheck", dependencies: ["PlannerModel", "PlannerDates", "YAMLTree", "Diagnostics"],
                path: "Sources/Planner/Check"),
        // After the printout: a class's progress against its dated plan, mastery per standard, groups.
        .target(name: "PlannerProgress", dependencies: ["PlannerModel", "PlannerDates", "YAMLTree"], path: "Sources/Planner/Progress"),
        // The pipeline: Workspace and Validator call the stages in order; the rule registry.
        .target(name: "Planner", dependencies: [
            "PlannerModel", "PlannerLoad", "PlannerDates", "PlannerSchedule", "PlannerCheck", "PlannerResources", "PlannerProgress",
            "YAMLTree", "Diagnostics",
        ], path: "Sources/Planner/Pipeline"),
        .target(name: "Render", dependencies: [
            "PlannerModel", "PlannerDates", "PlannerCheck", "PlannerResources", "PlannerProgress", "YAMLTree", "Diagnostics", "CPangoCairo",
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        // `pbl lsp`: the Language Server Protocol over stdio, on the pipeline.
        .target(name: "LanguageServer", dependencies: ["Planner", "Diagnostics", "YAMLTree"]),
        // Every command of the CLI, as a library: tests parse commands and help in process.
        .target(
            name: "PBLCommands",
            dependencies: [
                "YAMLTree", "Diagnostics", "Planner", "Render", "LanguageServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The executable: a thin main over PBLCommands.
        .executableTarget(name: "pbl", dependencies: ["PBLCommands"]),
        // Benchmark driver: builds the tree from a file and reports timings; see bench/README.md.
        .executableTarget(name: "pbl-bench", dependencies: ["YAMLTree", "Diagnostics", "Planner"], path: "bench/pbl-bench"),
        .testTarget(name: "YAMLTreeTests", dependencies: ["YAMLTree"]),
        .testTarget(name: "DiagnosticsTests", dependencies: ["Diagnostics", "YAMLTree"]),
        .testTarget(name: "PlannerTests", dependencies: [
            "Planner", "PlannerModel", "PlannerLoad", "PlannerDates", "PlannerSchedule", "PlannerCheck", "PlannerResources",
            "PlannerProgress", "YAMLTree", "Diagnostics", "Workbook",
        ]),
        .testTarget(name: "RenderTests", dependencies: [
            "Render", "Planner", "PlannerModel", "PlannerLoad", "PlannerDates", "PlannerSchedule", "PlannerCheck", "PlannerResources",
            "Diagnostics", "YAMLTree",
        ]),
        .testTarget(name: "pblTests", dependencies: [
            "pbl", "PBLCommands", "Planner", "PlannerModel", "PlannerLoad", "PlannerDates", "PlannerSchedule", "PlannerCheck",
            "PlannerResources", "Render", "LanguageServer", "Diagnostics", "YAMLTree",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], exclude: ["Fixtures"]),
    ]
)
