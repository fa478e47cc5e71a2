import Mustache
import Planner
import YAMLTree

/// Checks a department's render templates as `pbl validate` checks its projects: a template
/// that would fail when a teacher prints is found in CI instead.
public enum RenderTemplateCheck {
    public static let syntaxRule = "template-syntax"
    public static let unknownRule = "unknown-render-template"

    /// The templates pbl renders (without `.mustache`).
    public static let knownNames: [String] = {
        TemplateRoots().builtinFileNames(in: "render").filter { $0.hasSuffix(".mustache") }.map { String($0.dropLast(9)) }
    }()

    /// Findings for `render/NAME.mustache` at `path`: a syntax error with its line, or a name
    /// pbl never looks up (a typo that would silently leave the built-in template in use).
    public static func check(path: String, bytes: [UInt8]) -> [Diagnostic] {
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        var findings: [Diagnostic] = []
        let name = fileName.hasSuffix(".mustache") ? String(fileName.dropLast(9)) : fileName
        if !knownNames.contains(name) {
            let nearest = Suggest.nearest(to: name, in: knownNames)
            findings.append(Diagnostic(
                severity: .warning, message: "pbl renders no template named `\(name)`, so this file is never used",
                file: path, range: .fileStart, rule: unknownRule,
                help: nearest.map { "did you mean `\($0).mustache`?" } ?? "templates: " + knownNames.joined(separator: ", ")))
        }
        TemplateRenderer.registerContentTypes()
        let text = String(decoding: bytes, as: UTF8.self)
        let pragma = TemplateRenderer.pragma(for: fileName, text: text)
        do {
            _ = try MustacheTemplate(string: pragma + text)
        } catch let error as MustacheTemplate.ParserError {
            let line = max(1, error.context.lineNumber - (pragma.isEmpty ? 0 : 1))
            let column = max(1, error.context.columnNumber)
            let mark = Mark(line: line, column: column, offset: offset(line: line, column: column, in: bytes))
            findings.append(Diagnostic(severity: .error, message: "template syntax: \(error.error)", file: path,
                                       range: SourceRange(at: mark), rule: syntaxRule))
        } catch {
            findings.append(Diagnostic(severity: .error, message: "template syntax: \(error)", file: path, range: .fileStart, rule: syntaxRule))
        }
        return findings
    }

    /// The byte offset of a line and column (columns counted in bytes, close enough for a caret).
    private static func offset(line: Int, column: Int, in bytes: [UInt8]) -> Int {
        var current = 1, position = 0
        while current < line, position < bytes.count {
            if bytes[position] == UInt8(ascii: "\n") { current += 1 }
            position += 1
        }
        return min(bytes.count, position + column - 1)
    }
}
