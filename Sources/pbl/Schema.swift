import ArgumentParser
import Foundation
import Planner

extension PBL {
    struct Schema: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the JSON Schema of the project format (or of catalogs).",
            discussion: """
                Editors with a YAML language server use it for completion and help: start a \
                project with `# yaml-language-server: $schema=PATH/project.schema.json`.
                """
        )

        @Flag(help: "The schema of standards catalogs instead.")
        var catalog = false

        func run() throws {
            try StandardStreams.out(catalog ? JSONSchema.catalog() : JSONSchema.project())
        }
    }
}
