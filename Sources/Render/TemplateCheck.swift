import Diagnostics
import YAMLTree
import PlannerModel
import PlannerDates
import PlannerResources

/// Checks a department's render templates as `pbl validate` checks its projects: a template
/// that would fail when a teacher prints is found in CI instead.
public enum RenderTemplateCheck {
    /// The templates pbl renders (without `.mustache`).
    public static let knownNames: [String] = {
        BuiltinTemplates.fileNames(in: "render").filter { $0.hasSuffix(".mustache") }.map { String($0.dropLast(9)) }
    }()

    /// Whether a template has nothing in it but spaces, line breaks and a byte order mark.
    public static func isBlank(_ bytes: [UInt8]) -> Bool { TemplateSyntax.isBlank(bytes) }

    /// Findings for `render/NAME.mustache` at `path`: a syntax error in plain words at its line
    /// and column, an empty template (it would print empty pages), or a name pbl never looks
    /// up (a typo that would silently leave the built-in template in use).
    public static func check(path: String, bytes: [UInt8]) -> [Diagnostic] {
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        var findings: [Diagnostic] = []
        let name = fileName.hasSuffix(".mustache") ? String(fileName.dropLast(9)) : fileName
        if !knownNames.contains(name) {
            let nearest = Suggest.nearest(to: name, in: knownNames)
            findings.append(Diagnostic(
                severity: .warning, message: "pbl renders no template named `\(name)`, so this file is never used",
                file: path, range: .fileStart, rule: ReadingRules.unknownRenderTemplate.id,
                help: nearest.map { "did you mean `\($0).mustache`?" } ?? "templates: " + knownNames.joined(separator: ", ")))
        }
        if TemplateSyntax.isBlank(bytes) {
            let problem = TemplateSyntax.blank(fileName: fileName)
            findings.append(Diagnostic(severity: .error, message: problem.message, file: path, range: problem.range,
                                       rule: ReadingRules.templateEmpty.id, help: problem.help))
        } else if let problem = TemplateSyntax.problem(in: String(decoding: bytes, as: UTF8.self), fileName: fileName) {
            var notes: [Diagnostic.Note] = []
            if var related = problem.related {
                related.file = path
                notes.append(related)
            }
            findings.append(Diagnostic(severity: .error, message: problem.message, file: path, range: problem.range,
                                       rule: ReadingRules.templateSyntax.id, notes: notes, help: problem.help))
        }
        return findings
    }
}
