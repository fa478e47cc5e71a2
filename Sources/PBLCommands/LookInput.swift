import ArgumentParser
import Foundation
import Planner
import Render
import Diagnostics
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

    /// The templates whose documents the PDF stands beside: a department's own copy of one
    /// changes that format only, never the PDF.
    static let templatesThePDFMirrors = ["checklist.html", "checklist.md", "checklist.txt", "teacher.html", "teacher.md", "teacher.txt"]

    /// What `pbl render` and `pbl checklists --format pdf` say when a department overrides a
    /// template the PDF cannot follow: which of its templates the PDF does not follow, and the
    /// settings it used instead (with the lines of look.yaml that gave them).
    static func pdfNote(_ look: PrintLook, renderer: TemplateRenderer, mirroring names: [String] = templatesThePDFMirrors) -> String? {
        let overridden = names.compactMap { name -> String? in
            guard let found = renderer.source(of: name), case .directory = found.root else { return nil }
            // A copy that is still pbl's own template word for word changes nothing.
            return TemplateRoots.isBuiltinCopy(found, of: "render/\(name).mustache") ? nil : found.path
        }
        guard !overridden.isEmpty else { return nil }
        let list = overridden.joined(separator: " and ")
        var text = "pbl: note: the PDFs do not follow \(list) (a template changes its own format; pbl lays the PDF out itself)"
        if let file = look.file, !look.givenSettings.isEmpty {
            text += "; they follow \(file): " + look.givenSettings.map { Self.describe($0.setting, of: look) }.joined(separator: ", ")
            let rest = PrintLook.Setting.allCases.filter { look.given[$0] == nil && Self.hasDefault($0) }
            if !rest.isEmpty { text += " (pbl's own " + rest.map { Self.describe($0, of: look) }.joined(separator: ", ") + ")" }
        } else {
            let defaults: [String] = PrintLook.Setting.allCases.filter(Self.hasDefault).map { Self.describe($0, of: look) }
            text += "; they use pbl's own look (" + defaults.joined(separator: ", ") + "): put the school's name, a header, a signature line and sizes in render/look.yaml (see docs/templates.md)"
        }
        return text + "\n"
    }

    /// Settings that always have a value (the others are simply absent when not given).
    private static func hasDefault(_ setting: PrintLook.Setting) -> Bool {
        [.paper, .fontSize, .reflectionLines, .shortStatements].contains(setting)
    }

    /// `font_size 12`, `paper a4`, `school`: a setting as the note names it, with its value
    /// where the value is short.
    private static func describe(_ setting: PrintLook.Setting, of look: PrintLook) -> String {
        switch setting {
        case .paper: "paper \(look.paper.rawValue)"
        case .fontSize: "font_size \(look.fontSize == look.fontSize.rounded() ? String(Int(look.fontSize)) : String(look.fontSize))"
        case .reflectionLines: "reflection_lines \(look.reflectionLines)"
        case .shortStatements: "short_statements \(look.shortStatements)"
        default: setting.rawValue
        }
    }
}
