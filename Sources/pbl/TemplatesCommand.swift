import ArgumentParser
import Foundation
import Planner
import Render

extension PBL {
    struct Templates: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the templates pbl uses, or print one to copy into your own template root.",
            subcommands: [Show.self, List.self]
        )

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Print a template, e.g. `render/checklist.html`.")

            @Argument(help: "A template name: render/checklist.html, render/teacher.md, ...")
            var name: String

            @OptionGroup var templates: TemplateOptions

            func run() throws {
                guard name.hasPrefix("render/") || !name.contains("/"),
                      let found = TemplateRenderer(roots: templates.roots).source(of: name) else {
                    let known = templates.roots.renderTemplateNames().map { "render/\($0)" }
                    throw ValidationError("no template `\(name)`; templates: " + known.joined(separator: ", "))
                }
                FileHandle.standardOutput.write(Data(found.bytes))
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the render templates and the root each comes from.")

            @OptionGroup var templates: TemplateOptions

            func run() throws {
                let renderer = TemplateRenderer(roots: templates.roots)
                for name in templates.roots.renderTemplateNames() {
                    let root = renderer.source(of: name)?.root.name ?? ""
                    FileHandle.standardOutput.write("render/\(name)  \(root)\n")
                }
            }
        }
    }
}

extension TemplateRoots {
    /// `checklist.html`, `teacher.md`, ...: render templates in any root, without `.mustache`.
    func renderTemplateNames() -> [String] {
        var names: Set<String> = []
        for root in roots {
            switch root {
            case .builtin:
                for name in builtinFileNames(in: "render") where name.hasSuffix(".mustache") { names.insert(String(name.dropLast(9))) }
            case .directory(let directory):
                let files = (try? FileManager.default.contentsOfDirectory(atPath: directory + "/render")) ?? []
                for name in files where name.hasSuffix(".mustache") { names.insert(String(name.dropLast(9))) }
            }
        }
        return names.sorted()
    }
}
