import Foundation
import Mustache
import PlannerModel
import PlannerDates

/// Renders documents (html, md, text) from Mustache templates found in the template roots
/// (`render/NAME.mustache`, nearest root first, the built-in one last), so a department can
/// replace any of them by putting a file of the same name in its own root.
///
/// Values are given raw; the template's kind decides how they are escaped: `.html` templates
/// escape for HTML, `.md` for Markdown, `.txt` only drop control characters. A template may
/// still choose with `{{% CONTENT_TYPE: ... }}`.
public struct TemplateRenderer: Sendable {
    public struct TemplateError: Error, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var column: Int
        public var message: String
        /// What to do about it.
        public var help: String?

        public init(file: String, line: Int, column: Int, message: String, help: String? = nil) {
            self.file = file
            self.line = line
            self.column = column
            self.message = message
            self.help = help
        }

        init(file: String, problem: TemplateProblem) {
            self.init(file: file, line: problem.range.start.line, column: problem.range.start.column,
                      message: problem.message, help: problem.help)
        }

        public var description: String { "\(file):\(line):\(column): error: \(message)" + (help.map { "\nhelp: \($0)" } ?? "") }
    }

    public let roots: any TemplateSource

    public init(roots: any TemplateSource) {
        self.roots = roots
        Self.registerContentTypes()
    }

    /// The text of a template and where it was found (`render/checklist.html.mustache`).
    public func source(of name: String) -> TemplateFile? {
        roots.find("render/" + Self.fileName(name))
    }

    /// `checklist.html` -> `checklist.html.mustache`.
    static func fileName(_ name: String) -> String {
        let base = name.hasPrefix("render/") ? String(name.dropFirst("render/".count)) : name
        return base.hasSuffix(".mustache") ? base : base + ".mustache"
    }

    /// A parsed template, to render many contexts (one per student) without parsing again.
    public struct Compiled: Sendable {
        let template: MustacheTemplate

        /// `context`: a `[String: Any]`, or a record of the checklist contexts.
        public func render(_ context: Any) -> String { template.render(context) }
    }

    public func compile(_ name: String) throws(TemplateError) -> Compiled {
        let fileName = Self.fileName(name)
        guard let found = source(of: name) else {
            throw TemplateError(file: "render/" + fileName, line: 0, column: 0, message: "no such template in the template roots")
        }
        try Self.checkNotBlank(found, fileName: fileName)
        let text = String(decoding: found.bytes, as: UTF8.self)
        let pragma = Self.pragma(for: fileName, text: text)
        do {
            return Compiled(template: try MustacheTemplate(string: pragma + text))
        } catch {
            let problem = TemplateSyntax.problem(in: text, fileName: fileName)
                ?? TemplateProblem(range: .fileStart, message: "swift-mustache cannot read the template: \(error)")
            throw TemplateError(file: found.path, problem: problem)
        }
    }

    /// An empty template (or one of spaces and line breaks) would print empty pages: an error,
    /// as in `pbl validate`. Left by `pbl templates show ... > FILE` in older versions, or by
    /// an editor that saved too early.
    static func checkNotBlank(_ found: TemplateFile, fileName: String) throws(TemplateError) {
        guard TemplateSyntax.isBlank(found.bytes) else { return }
        throw TemplateError(file: found.path, problem: TemplateSyntax.blank(fileName: fileName))
    }

    public func render(_ name: String, _ context: Any) throws(TemplateError) -> String {
        try compile(name).render(context)
    }
}

extension TemplateRenderer {

    /// The line put before a template that does not choose its content type itself, on a line
    /// of its own (a standalone tag leaves nothing behind; error lines are moved back by one).
    static func pragma(for fileName: String, text: String) -> String {
        text.contains("{{% CONTENT_TYPE") ? "" : "{{% CONTENT_TYPE: \(contentType(for: fileName))}}\n"
    }

    static func contentType(for fileName: String) -> String {
        if fileName.hasSuffix(".html.mustache") { return "HTML" }
        if fileName.hasSuffix(".md.mustache") { return "MARKDOWN" }
        return "PLAINTEXT"
    }
}

extension TemplateRenderer {
    /// pbl's content types (MARKDOWN, PLAINTEXT, ...), which the pragma line names: registered
    /// with swift-mustache once, before any template of pbl's is parsed.
    static func registerContentTypes() {
        ContentTypes.registerOnce
    }
}

private enum ContentTypes {
    struct Markdown: MustacheContentType {
        func escapeText(_ text: String) -> String { Escape.markdown(text) }
    }

    struct PlainText: MustacheContentType {
        func escapeText(_ text: String) -> String { Escape.terminal(text) }
    }

    /// The same escapes as swift-mustache's own HTML type, on Unicode scalars rather than
    /// Characters: a class's worth of checklists escapes megabytes of text.
    struct HTML: MustacheContentType {
        func escapeText(_ text: String) -> String { Escape.html(text) }
    }

    static let registerOnce: Void = {
        MustacheContentTypes.register(Markdown(), named: "MARKDOWN")
        MustacheContentTypes.register(PlainText(), named: "PLAINTEXT")
        MustacheContentTypes.register(HTML(), named: "HTML")
        // The same escapes, marking the students' texts of a memoized rendering (see StudentShape).
        for name in ["MARKDOWN", "PLAINTEXT", "HTML"] {
            MustacheContentTypes.register(MarkedContentType(escape: TemplateRenderer.escape(name)), named: TemplateRenderer.markedPrefix + name)
        }
    }()
}
