import ArgumentParser
import Foundation
import Planner

extension PBL {
    struct Schema: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the JSON Schema of the project format (or of catalogs, or of a department's look).",
            discussion: """
                Editors with a YAML language server use it for completion and help: start a \
                project with `# yaml-language-server: $schema=PATH/project.schema.json`.
                """
        )

        @Flag(help: "The schema of standards catalogs instead.")
        var catalog = false

        @Flag(help: "The schema of a department's look (render/look.yaml) instead.")
        var look = false

        func validate() throws {
            if catalog && look { throw ValidationError("--catalog and --look each print one schema: give one of them") }
        }

        func run() throws {
            try StandardStreams.out(catalog ? JSONSchema.catalog() : look ? JSONSchema.look() : JSONSchema.project())
        }
    }
}
