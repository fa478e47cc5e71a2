import ArgumentParser
import Foundation
import Planner
import Render
import Diagnostics
import YAMLTree

extension PBL {
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start a project from a template (see `pbl templates list`).",
            discussion: """
                Writes a copy of the template, with its comments, to FILE (which must not \
                exist yet): the id from the file's name, the first Monday from today as \
                calendar.start, and the template's `TODO:` placeholders for you to replace \
                (`pbl validate FILE` lists them). With --extends the file instead names the \
                template and holds only what you change; the template's calendar.start stays \
                unless --set changes it. Examples:

                  pbl new --template inquiry-week -o creek.yaml --set title="Is our creek safe?"
                  pbl new --template design-sprint -o sprint.yaml --set calendar.start=2027-03-01 --set grade=6
                """
        )

        @Option(help: "The project template: a name from `pbl templates list`.")
        var template: String

        @Option(name: .shortAndLong, help: "The new project file (refuses to overwrite one).")
        var output: String

        @Option(name: .customLong("set"), help: ArgumentHelp("Set a value: KEY=VALUE, with dotted keys for nested ones (calendar.start=2027-03-01). Repeatable.", valueName: "key=value"))
        var settings: [String] = []

        @Flag(help: "Write a project that extends the template instead of a copy of it.")
        var extends = false

        @OptionGroup var templates: TemplateOptions

        func run() throws {
            let workspace = templates.workspace()
            let roots = workspace.roots(for: output)
            let found: TemplateRoots.Found
            switch roots.findProjectTemplate(template) {
            case .success(let template): found = template
            case .failure:
                let names = roots.names(in: "projects")
                let hint = Suggest.nearest(to: template, in: names).map { "did you mean `\($0)`? " } ?? ""
                return try Self.fail("no project template `\(template)`; \(hint)templates: " + names.joined(separator: ", "))
            }
            let source = String(decoding: found.bytes, as: UTF8.self)
            var starter: StarterProject
            do {
                starter = extends ? try StarterProject.extending(source, name: template, start: Self.nextMonday())
                    : StarterProject(text: source)
                try starter.set("id", to: Self.projectID(for: output))
                if !extends {
                    try starter.set("title", to: "TODO: your project's title")
                    try starter.set("calendar.start", to: Self.nextMonday().description)
                }
                for setting in settings {
                    guard let equals = setting.firstIndex(of: "=") else { throw StarterProject.Failure.notASetting(setting) }
                    try starter.set(String(setting[..<equals]), to: String(setting[setting.index(after: equals)...]))
                }
            } catch {
                return try Self.fail("\(error)")
            }
            let schema = SchemaLocation.forProject(at: output)
            starter.setSchema(schema.modeline)
            try check(starter.text, workspace)
            do {
                try OutputFile(inputs: []).writeNew(starter.text, to: output)
            } catch {
                FileHandle.standardError.write("pbl: error: \(error)\n")
                throw ExitCode(Status.io)
            }
            // Only once the project is written: a refused project leaves nothing behind.
            if let path = schema.toWrite { SchemaLocation.write(to: path) }
            let report = Validator(workspace: workspace).validate(path: output)
            let placeholders = report.diagnostics.filter { $0.rule == Rules.todoPlaceholder.id }.count
            FileHandle.standardError.write("wrote \(output) from template `\(template)`"
                + (placeholders > 0 ? "; \(placeholders) `TODO:` placeholder\(placeholders == 1 ? "" : "s") to fill in (`pbl validate \(output)` lists them)\n" : "\n"))
        }

        private static func fail(_ message: String) throws {
            FileHandle.standardError.write("pbl: error: \(message)\n")
            throw ExitCode(Status.usage)
        }

        /// A new project must validate: a bad `--set` value is reported before anything is written.
        private func check(_ text: String, _ workspace: Workspace) throws {
            let report = workspace.validate(path: output, text: text)
            let errors = report.diagnostics.filter { $0.severity == .error }
            guard !errors.isEmpty else { return }
            let renderer = HumanRenderer(useColor: false, source: { report.sources[$0] })
            for diagnostic in errors { FileHandle.standardError.write(renderer.render(diagnostic) + "\n\n") }
            FileHandle.standardError.write("pbl: not written: the new project would have \(DiagnosticTotals(errors).summary)\n")
            throw ExitCode(Status.inputErrors)
        }

        /// The file's name as an id (`Creek Study.yaml` -> `creek-study`).
        static func projectID(for path: String) -> String {
            let name = (URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent)
            let slug = FileName.slug(name)
            return slug.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") } && slug != "student" ? slug : "my-project"
        }

        /// The first Monday after today (by the output clock, so tests can fix it).
        static func nextMonday() -> CivilDate {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let parts = calendar.dateComponents([.year, .month, .day], from: OutputClock.now())
            var date = CivilDate(year: parts.year ?? 2027, month: parts.month ?? 1, day: parts.day ?? 4) ?? CivilDate(dayNumber: 0)
            repeat { date = date.adding(days: 1) } while date.weekday != .mon
            return date
        }
    }
}

/// Where a new project's `$schema` modeline points: the nearest `schema/project.schema.json`
/// (or `project.schema.json`) beside the file or in a folder above it in its repository;
/// without one, pbl writes `project.schema.json` beside the project so completion works.
enum SchemaLocation {
    /// The modeline's path, and the schema file to write when there is none to point at.
    static func forProject(at path: String) -> (modeline: String, toWrite: String?) {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL
        var folder = directory
        var ups = ""
        while true {
            for candidate in ["project.schema.json", "schema/project.schema.json"]
            where FileManager.default.fileExists(atPath: folder.appendingPathComponent(candidate).path) {
                return (ups + candidate, nil)
            }
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(".git").path) || folder.path == "/" { break }
            folder = folder.deletingLastPathComponent()
            ups += "../"
        }
        return ("project.schema.json", directory.appendingPathComponent("project.schema.json").path)
    }

    static func write(to schema: String) {
        do {
            try OutputFile(inputs: []).writeNew(JSONSchema.project(), to: schema)
            FileHandle.standardError.write("wrote \(schema), the JSON Schema your editor completes and checks the project with\n")
        } catch {
            FileHandle.standardError.write("pbl: warning: could not write \(schema): \(error)\n")
        }
    }
}
