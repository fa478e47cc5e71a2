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
                abstract: "Print a template: a project template (`inquiry-week`) or a render template (`render/checklist.html`).",
                discussion: """
                    Prints the copy pbl uses: the nearest template root's. It never prints a file \
                    into itself: when standard output or -o FILE is that very copy (as with \
                    `pbl templates show render/checklist.html > templates/render/checklist.html.mustache`, \
                    where the shell empties the file before pbl runs), pbl prints the copy it \
                    replaces (another root's, or the built-in one) if the file is empty, and \
                    otherwise refuses: it holds the template in use, which pbl does not write over.
                    """)

            @Argument(help: "A project template's name, or render/checklist.html, render/teacher.md, ...")
            var name: String

            @Option(name: .shortAndLong, help: "Write the template to this file (atomically) instead of standard output.")
            var output: String?

            @OptionGroup var templates: TemplateOptions

            func run() throws {
                let workspace = templates.workspace()
                let roots = workspace.roots(for: ".")
                // The file the copy goes into, when it is a file: -o FILE, or what standard
                // output is (the shell has opened, and with `>` emptied, it already).
                let target = output.flatMap(FileIdentity.init(path:)) ?? (output == nil ? FileIdentity(descriptor: STDOUT_FILENO) : nil)
                var rest = roots
                var replaced: TemplateRoots.Found?
                var found = lookup(in: rest)
                // The copy in use is the target itself: the one it replaces is what it shadows.
                while let copy = found, case .directory = copy.root, let target, FileIdentity(path: copy.path) == target {
                    if replaced == nil { replaced = copy }
                    guard let index = rest.roots.firstIndex(of: copy.root) else { break }
                    rest.roots = Array(rest.roots[(index + 1)...])
                    rest.namedCount = 0
                    found = lookup(in: rest)
                }
                if let replaced {
                    let shown = output.map { "\($0) is" } ?? "standard output is \(replaced.path),"
                    guard RenderTemplateCheck.isBlank(replaced.bytes) else {
                        FileHandle.standardError.write("""
                            pbl: error: \(shown) the template pbl uses for `\(name)`, and it is not empty: pbl does not write a template over itself
                            help: to keep it, write the copy elsewhere: `pbl templates show \(name) -o FILE`; to start again from the one it replaces, remove \(replaced.path) first

                            """)
                        throw ExitCode(Status.io)
                    }
                    guard let found else {
                        FileHandle.standardError.write("pbl: error: \(shown) the only copy of `\(name)`, and it is empty: no other template root has one to print\n")
                        throw ExitCode(Status.inputErrors)
                    }
                    FileHandle.standardError.write("pbl: note: \(shown) the copy of `\(name)` pbl uses, and it is empty: \(output == nil ? "printed" : "wrote") the one it replaces, from \(found.root.name)\n")
                }
                guard let found else {
                    let known = roots.names(in: "projects") + roots.renderTemplateNames.map { "render/\($0)" } + [LookLoader.relativePath]
                    let nearest = Suggest.nearest(to: name, in: known).map { "did you mean `\($0)`? " } ?? ""
                    FileHandle.standardError.write("pbl: error: no template `\(name)`; \(nearest)templates: " + known.joined(separator: ", ") + "\n")
                    throw ExitCode(Status.usage)
                }
                guard let output else { return try StandardStreams.out(Data(found.bytes)) }
                do {
                    // The copy read is never written over (an emptied one it replaces may be).
                    let inputs: [String] = if case .directory = found.root { [found.path] } else { [] }
                    try OutputFile(inputs: inputs).write(Data(found.bytes), to: output)
                } catch {
                    FileHandle.standardError.write("pbl: error: \(error)\n")
                    throw ExitCode(Status.io)
                }
            }

            /// The copy of the template in the nearest of `roots` that has it.
            private func lookup(in roots: TemplateRoots) -> TemplateRoots.Found? {
                if name == LookLoader.relativePath { return roots.find(name) }
                if !name.hasPrefix("render/"), case .success(let found) = roots.findProjectTemplate(name) { return found }
                guard name.hasPrefix("render/") || !name.contains("/") else { return nil }
                return TemplateRenderer(roots: roots).source(of: name)
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List the project templates (name, title, grades, subjects, root) and the render templates.")

            @OptionGroup var templates: TemplateOptions

            func run() throws {
                let workspace = templates.workspace()
                let roots = workspace.roots(for: ".")
                var rows: [[String]] = [["PROJECT TEMPLATE", "TITLE", "GRADES", "SUBJECTS", "ROOT"]]
                for name in roots.names(in: "projects") {
                    guard case .success(let found) = roots.findProjectTemplate(name) else { continue }
                    let summary = ProjectTemplateSummary(found.bytes)
                    rows.append([name, summary.title, summary.grade, summary.subjects, found.root.name])
                }
                var text = TextTable.render(rows) + "\n"
                let renderer = TemplateRenderer(roots: roots)
                var renderRows: [[String]] = [["RENDER TEMPLATE", "ROOT"]]
                for name in roots.renderTemplateNames {
                    renderRows.append(["render/\(name)", renderer.source(of: name)?.root.name ?? ""])
                }
                text += TextTable.render(renderRows) + "\n"
                // The look: the nearest folder root's, or the built-in (commented-out) example.
                let look = roots.roots.lazy.compactMap { root -> String? in
                    guard case .directory(let directory) = root,
                          FileManager.default.fileExists(atPath: directory + "/" + LookLoader.relativePath) else { return nil }
                    return root.name
                }.first ?? TemplateRoots.Root.builtin.name + " (pbl's own look)"
                text += TextTable.render([["LOOK", "ROOT"], [LookLoader.relativePath, look]])
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

/// A file as the system knows it (device and inode): the same file by any path, or through
/// an open descriptor such as standard output.
struct FileIdentity: Equatable {
    var device: UInt64
    var inode: UInt64

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.init(info)
    }

    init?(descriptor: Int32) {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        self.init(info)
    }

    /// Only regular files: a terminal or a pipe is no template.
    private init?(_ info: stat) {
        guard info.st_mode & S_IFMT == S_IFREG else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }

    static func == (a: FileIdentity, b: FileIdentity) -> Bool { a.device == b.device && a.inode == b.inode }
}
