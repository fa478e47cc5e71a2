import Diagnostics
import YAMLTree
import PlannerModel

/// Lays the project templates a project `extends` under it, nearest root first, following
/// chains of templates. Problems are reported at the `extends:` that leads to them.
public struct TemplateResolver {
    public let roots: TemplateRoots
    public let limits: YAMLLimits

    public init(roots: TemplateRoots, limits: YAMLLimits) {
        self.roots = roots
        self.limits = limits
    }
    /// Longer chains than this are surely a mistake (and a loop would be found before).
    static let maxChain = 16

    public struct Resolved {
        /// The project with its templates merged in (the project alone when it extends nothing).
        public var root: YAMLNode
        /// False when a template could not be used: the tree is then only part of the plan.
        public var complete: Bool
        /// The templates merged in, nearest first.
        public var templates: [String]
    }

    public func resolve(_ root: YAMLNode, file: String, sink: inout DiagnosticSink, sources: inout [String: SourceText]) -> Resolved {
        resolve(root, file: file, chain: [], sink: &sink, sources: &sources)
    }

    private func resolve(_ root: YAMLNode, file: String, chain: [String], sink: inout DiagnosticSink,
                         sources: inout [String: SourceText]) -> Resolved {
        guard root.isMapping, let node = root["extends"] else {
            return Resolved(root: root, complete: true, templates: [])
        }
        let rule = Rules.extendsUnresolved
        guard node.isScalar, !node.isNull, let name = node.scalarText, !name.isEmpty else {
            sink.report(rule, "`extends` must name one template", at: node.range, in: file,
                        help: "write `extends: NAME`, a name from `pbl templates list`, or remove `extends`")
            return Resolved(root: root, complete: false, templates: [])
        }
        if let loopStart = chain.firstIndex(of: name) {
            let loop = (chain[loopStart...] + [name]).joined(separator: " → ")
            sink.report(rule, "templates extend each other in a loop: \(loop)", at: node.range, in: file,
                        help: "remove `extends` from one of them")
            return Resolved(root: root, complete: false, templates: [])
        }
        guard chain.count < Self.maxChain else {
            sink.report(rule, "more than \(Self.maxChain) templates extend one another", at: node.range, in: file)
            return Resolved(root: root, complete: false, templates: [])
        }
        let found: TemplateRoots.Found
        switch roots.findProjectTemplate(name) {
        case .success(let template):
            found = template
        case .failure(.notAName):
            sink.report(rule, "`\(name)` is not a template name", at: node.range, in: file,
                        help: "name a file of a template root's projects/ folder, without `.yaml`, `..` or a leading `/`")
            return Resolved(root: root, complete: false, templates: [])
        case .failure(.leavesRoot(let path)):
            sink.report(rule, "template `\(name)` leads outside its template root (\(path) is a link)", at: node.range, in: file,
                        help: "templates must be files inside the root, not links to elsewhere")
            return Resolved(root: root, complete: false, templates: [])
        case .failure(.unreadable(let path, let reason)):
            sink.report(rule, "template `\(name)` cannot be read: \(reason)", at: node.range, in: file,
                        notes: [Diagnostic.Note(message: "the template is here", file: path, range: nil)])
            return Resolved(root: root, complete: false, templates: [])
        case .failure(.notFound):
            let names = roots.names(in: "projects")
            let nearest = Suggest.nearest(to: name, in: names)
            sink.report(rule, "no project template `\(name)` in the template roots", at: node.range, in: file,
                        help: nearest.map { "did you mean `\($0)`?" }
                            ?? (names.isEmpty ? "no template root has a projects/ folder" : "templates: " + names.joined(separator: ", ")),
                        fixes: nearest.map { [.replace(node.range, with: $0)] } ?? [])
            return Resolved(root: root, complete: false, templates: [])
        }
        let template: YAMLNode
        do {
            let source = try SourceText(bytes: found.bytes, limits: limits)
            sources[found.path] = source
            guard let parsed = try YAMLReader(source: source, limits: limits).singleDocument()?.root,
                  parsed.isMapping, parsed["pbl"] != nil else {
                sink.report(rule, "template `\(name)` (\(found.path)) is not a project: it has no `pbl: 1`", at: node.range, in: file)
                return Resolved(root: root, complete: false, templates: [])
            }
            template = parsed
        } catch {
            sink.append(error.diagnostic(file: found.path))
            sink.report(rule, "template `\(name)` cannot be read", at: node.range, in: file,
                        notes: [Diagnostic.Note(message: error.message, file: found.path, range: error.range)])
            return Resolved(root: root, complete: false, templates: [])
        }
        StudentDataInTemplate.check(template, file: found.path, &sink)
        let base = resolve(template, file: found.path, chain: chain + [name], sink: &sink, sources: &sources)
        guard let merged = YAMLOverlay.merge(root, named: file, on: base.root, named: found.path,
                                             appending: TemplateMerge.appending, maxMergedNodes: limits.maxAliasExpansion) else {
            sink.report(rule, "laying this project over template `\(name)` makes more than \(limits.maxAliasExpansion) nodes",
                        at: node.range, in: file, help: "look for aliases that repeat large parts of the template")
            return Resolved(root: root, complete: false, templates: [])
        }
        TemplateMerge.report(merged.replacements, template: found.path, file: file, &sink)
        return Resolved(root: merged.root, complete: base.complete, templates: [found.path] + base.templates)
    }
}
