import ArgumentParser
import Foundation
import Planner
import Render
import YAMLTree

extension PBL {
    struct Templates: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the templates pbl uses, or print one to copy into your own template root.",
            subcommands: [Show.self, List.self]
        )

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Print a template: a project template (`inquiry-week`) or a render template (`render/checklist.html`).")

            @Argument(help: "A project template's name, or render/checklist.html, render/teacher.md, ...")
            var name: String

            @OptionGroup var templates: TemplateOptions

            func run() throws {
                let roots = templates.roots(for: ".")
                if !name.hasPrefix("render/"), case .success(let found) = roots.findProjectTemplate(name) {
                    return try StandardStreams.out(Data(found.bytes))
                }
                guard name.hasPrefix("render/") || !name.contains("/"),
                      let found = TemplateRenderer(roots: roots).source(of: name) else {
                    let known = roots.names(in: "projects") + roots.renderTemplateNames().map { "render/\($0)" }
                    let nearest = Suggest.nearest(to: name, in: known).map { "did you mean `\($0)`? " } ?? ""
                    FileHandle.standardError.write("pbl: error: no template `\(name)`; \(nearest)templates: " + known.joined(separator: ", ") + "\n")
                    throw ExitCode(Status.usage)
                }
                try StandardStreams.out(Data(found.bytes))
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List the project templates (name, title, grades, subjects, root) and the render templates.")

            @OptionGroup var templates: TemplateOptions

            func run() throws {
                let roots = templates.roots(for: ".")
                var rows: [[String]] = [["PROJECT TEMPLATE", "TITLE", "GRADES", "SUBJECTS", "ROOT"]]
                for name in roots.names(in: "projects") {
                    guard case .success(let found) = roots.findProjectTemplate(name) else { continue }
                    let summary = ProjectTemplateSummary(found.bytes)
                    rows.append([name, summary.title, summary.grade, summary.subjects, found.root.name])
                }
                var text = TextTable.render(rows) + "\n"
                let renderer = TemplateRenderer(roots: roots)
                var renderRows: [[String]] = [["RENDER TEMPLATE", "ROOT"]]
                for name in roots.renderTemplateNames() {
                    renderRows.append(["render/\(name)", renderer.source(of: name)?.root.name ?? ""])
                }
                text += TextTable.render(renderRows)
                try StandardStreams.out(text)
            }
        }
    }
}

/// What `templates list` shows of a project template, read leniently (a broken template
/// still lists, and `pbl validate` says what is wrong with it).
struct ProjectTemplateSummary {
    var title = "", grade = "", subjects = ""

    init(_ bytes: [UInt8]) {
        guard let root = try? YAMLReader(bytes: bytes).singleDocument()?.root, root.isMapping else { return }
        title = root["title"]?.scalarText ?? ""
        grade = root["grade"]?.scalarText ?? ""
        // A placeholder (`TODO: your subjects`) means the template suits any subject.
        let named = root["subjects"]?.items.compactMap(\.scalarText).filter { !$0.hasPrefix("TODO") } ?? []
        subjects = named.isEmpty && root["subjects"] != nil ? "any" : named.joined(separator: ", ")
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
