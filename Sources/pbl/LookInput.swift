import ArgumentParser
import Foundation
import Planner
import Render
import YAMLTree

/// The department's look for the commands that print: `render/look.yaml` from the project's
/// template roots, its findings printed like a project's (errors stop the command), and
/// `--paper` laid over it for this run.
enum LookInput {
    static func load(for file: String, roots: TemplateRoots, paper: PaperSize?) throws -> (look: PrintLook, inputs: [String]) {
        let loaded = LookLoader.load(roots: roots)
        if let failure = loaded.readFailure {
            FileHandle.standardError.write("pbl: error: \(failure)\n")
            throw ExitCode(Status.io)
        }
        ProjectInput.printFindings(loaded.diagnostics, sources: loaded.sources)
        if loaded.hasErrors, let lookFile = loaded.look.file {
            FileHandle.standardError.write("pbl: \(lookFile) has \(DiagnosticTotals(loaded.diagnostics).summary); fix them first (`pbl validate \(lookFile)`)\n")
            throw ExitCode(Status.inputErrors)
        }
        var look = loaded.look
        if let paper { look.paper = paper }
        return (look, loaded.readFiles)
    }

    /// The templates whose output the PDF stands beside: a department's own copy of one
    /// changes the HTML only.
    static let templatesThePDFMirrors = ["checklist.html", "teacher.html"]

    /// What `pbl render` and `pbl checklists --format pdf` say when a department overrides a
    /// template the PDF cannot follow: which of its templates the PDF does not follow, and the
    /// settings it used instead (with the lines of look.yaml that gave them).
    static func pdfNote(_ look: PrintLook, renderer: TemplateRenderer, mirroring names: [String] = templatesThePDFMirrors) -> String? {
        let overridden = names.compactMap { name -> String? in
            guard let found = renderer.source(of: name), case .directory = found.root else { return nil }
            return found.path
        }
        guard !overridden.isEmpty else { return nil }
        let list = overridden.joined(separator: " and ")
        var text = "pbl: note: the PDFs do not follow \(list) (a template changes HTML only; pbl lays the PDF out itself)"
        if let file = look.file, !look.givenSettings.isEmpty {
            let settings = look.givenSettings.map { "\($0.setting.rawValue) (line \($0.line))" }.joined(separator: ", ")
            text += "; they follow \(file): \(settings)"
        } else {
            text += "; they use pbl's own look (no render/look.yaml in the template roots)"
            text += ": put the school's name, header, signature line and sizes in render/look.yaml (see docs/templates.md)"
        }
        return text + "\n"
    }
}
