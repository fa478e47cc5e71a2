import Diagnostics
import Planner
import YAMLTree

/// What the server shows beside the text, from the last check of a document: the real date
/// after every `day:` and the dates after every cycle's id (inlay hints), the outline (cycles,
/// their milestones and reflections), and the ids: where each is defined, named, renamed.
struct EditorFeatures {
    let report: FileReport
    let path: String
    /// Whether the client counts characters in UTF-16 code units (else in code points).
    let utf16: Bool
    let position: (Mark, SourceText?) -> [String: Int]

    /// This document's text as the last check read it (a roster's key may be spelled otherwise
    /// by the project that names it).
    var source: SourceText? {
        report.sources[path] ?? report.sources.first { OpenBuffers.key($0.key) == OpenBuffers.key(path) }?.value
    }

    func isThisFile(_ file: String) -> Bool { file == path || OpenBuffers.key(file) == OpenBuffers.key(path) }

    /// A project or template, as opposed to the roster or a progress file the report was made for.
    var isProjectFile: Bool { report.kind == .project && isThisFile(report.path) }

    private func lspPosition(_ mark: Mark) -> [String: Int] { position(mark, source) }

    private func lspRange(_ range: SourceRange) -> [String: Any] {
        ["start": lspPosition(range.start), "end": lspPosition(range.end)]
    }

    /// `Wed Mar 10`, or `p2 Wed Mar 10 · p5 Thu Mar 11` when the sections' dates differ.
    private static func label(_ dates: [(section: String?, text: String)]) -> String? {
        guard let first = dates.first else { return nil }
        if dates.allSatisfy({ $0.text == first.text }) { return first.text }
        return dates.map { ($0.section.map { "\($0) " } ?? "") + $0.text }.joined(separator: " · ")
    }

    func inlayHints() -> [[String: Any]] {
        guard let project = report.project, let schedule = Scheduler.schedule(project, withStudents: false) else { return [] }
        let sections = schedule.plan.sections
        var hints: [[String: Any]] = []
        func hint(at mark: Mark, _ text: String?) {
            guard let text else { return }
            hints.append(["position": lspPosition(mark), "label": " " + text, "kind": 1, "paddingLeft": true])
        }
        for cycle in project.cycles {
            guard let id = cycle.id, isThisFile(id.file) else { continue }
            let spans = sections.compactMap { section in
                section.cycles.first { $0.id == id.value }.map { (section.id, $0.start.shortText + " – " + $0.end.shortText) }
            }
            hint(at: id.range.end, Self.label(spans))
            for milestone in cycle.milestones {
                guard let day = milestone.day, isThisFile(day.file), let milestoneID = milestone.id?.value else { continue }
                hint(at: day.range.end, Self.label(dates(of: milestoneID, cycle: id.value, in: sections)))
            }
            for (number, reflection) in cycle.reflection.enumerated() {
                guard let day = reflection.day, isThisFile(day.file) else { continue }
                hint(at: day.range.end, Self.label(dates(of: "\(id.value)-reflection-\(number + 1)", cycle: id.value, in: sections)))
            }
        }
        return hints
    }

    private func dates(of item: String, cycle: String, in sections: [SectionPlan]) -> [(section: String?, text: String)] {
        sections.compactMap { section in
            section.cycles.first { $0.id == cycle }?.items.first { $0.id == item }.map { (section.id, $0.date.shortText) }
        }
    }

    /// Cycles, each with its milestones and reflections, as the editor's outline.
    func documentSymbols() -> [[String: Any]] {
        guard let project = report.project else { return [] }
        return project.cycles.compactMap { cycle -> [String: Any]? in
            guard let id = cycle.id, isThisFile(id.file) else { return nil }
            var children: [[String: Any]] = cycle.milestones.compactMap { milestone in
                guard let milestoneID = milestone.id, isThisFile(milestoneID.file) else { return nil }
                return ["name": milestone.title?.value ?? milestoneID.value, "detail": milestoneID.value, "kind": 24,
                        "range": lspRange(milestone.range), "selectionRange": lspRange(milestoneID.range)]
            }
            for reflection in cycle.reflection {
                guard let prompt = reflection.prompt, isThisFile(prompt.file) else { continue }
                children.append(["name": prompt.value, "detail": "reflection", "kind": 15,
                                 "range": lspRange(reflection.range), "selectionRange": lspRange(prompt.range)])
            }
            return ["name": cycle.title?.value ?? id.value, "detail": id.value, "kind": 2, "range": lspRange(cycle.range),
                    "selectionRange": lspRange(id.range), "children": children]
        }
    }

    var identifiers: Identifiers { Identifiers(report.project) }

    func location(_ id: Located<String>) -> [String: Any] {
        let source = report.sources[id.file]
        return ["uri": LanguageServer.uri(fromPath: id.file), "range": range(Identifiers.idRange(of: id, in: source), source)]
    }

    func range(_ range: SourceRange, _ source: SourceText?) -> [String: Any] {
        ["start": position(range.start, source), "end": position(range.end, source)]
    }

    func occurrence(line: Int, character: Int, in ids: Identifiers) -> Identifiers.Occurrence? {
        ids.at(file: path) { contains($0, line: line, character: character) }
    }

    /// Where the id under the cursor is defined (in this file, the template it extends or the roster).
    func definition(line: Int, character: Int) -> [[String: Any]] {
        let ids = identifiers
        guard let found = occurrence(line: line, character: character, in: ids) else { return [] }
        return ids.named(found.kind, found.id.value).filter { $0.isDefinition && !Identifiers.isBuiltIn($0.id.file) }.prefix(1)
            .map { location($0.id) }
    }

    /// Every place the id under the cursor is named, its definition with them when asked.
    func references(line: Int, character: Int, includeDeclaration: Bool) -> [[String: Any]] {
        let ids = identifiers
        guard let found = occurrence(line: line, character: character, in: ids) else { return [] }
        // A roster's `choice:` header names the milestone once for every student who chose.
        var seen = Set<String>()
        return ids.named(found.kind, found.id.value).filter { (includeDeclaration || !$0.isDefinition) && !Identifiers.isBuiltIn($0.id.file) }
            .filter { seen.insert("\($0.id.file)#\($0.id.range.start.offset)").inserted }.map { location($0.id) }
    }

    /// The id under the cursor and its range, for the editor to offer renaming it.
    func prepareRename(line: Int, character: Int) -> [String: Any]? {
        guard let found = occurrence(line: line, character: character, in: identifiers) else { return nil }
        let source = report.sources[found.id.file]
        return ["range": range(Identifiers.idRange(of: found.id, in: source), source), "placeholder": found.id.value]
    }

    enum RenameProblem: Error {
        case nothingToRename
        case invalid(String)
        case taken(String)
    }

    /// Every place the id under the cursor is named, renamed: a workspace edit by file, roster
    /// headers and the template included.
    func rename(line: Int, character: Int, to newName: String) -> Result<[String: Any], RenameProblem> {
        let ids = identifiers
        guard let found = occurrence(line: line, character: character, in: ids) else { return .failure(.nothingToRename) }
        guard found.kind.allows(newName) else { return .failure(.invalid("`\(newName.prefix(100))` cannot be an id here: \(found.kind.rule)")) }
        if newName != found.id.value, ids.named(found.kind, newName).contains(where: \.isDefinition) {
            return .failure(.taken("`\(newName)` is already an id of this kind in the plan"))
        }
        if ids.named(found.kind, found.id.value).contains(where: { Identifiers.isBuiltIn($0.id.file) }) {
            return .failure(.invalid("`\(found.id.value)` comes from a template built into pbl, which cannot be edited: copy the template into the repository's templates/projects/ to rename it"))
        }
        var changes: [String: [[String: Any]]] = [:]
        var done = Set<String>()
        for occurrence in ids.named(found.kind, found.id.value) {
            let source = report.sources[occurrence.id.file]
            let target = Identifiers.idRange(of: occurrence.id, in: source)
            let uri = LanguageServer.uri(fromPath: occurrence.id.file)
            // A template's node shared by the project's overlay is one place, not two.
            guard done.insert("\(uri)#\(target.start.offset)").inserted else { continue }
            changes[uri, default: []].append(["range": range(target, source), "newText": newName])
        }
        return .success(["changes": changes])
    }

    func contains(_ range: SourceRange, line: Int, character: Int) -> Bool {
        let start = lspPosition(range.start), end = lspPosition(range.end)
        let at = (line, character)
        return (start["line"]!, start["character"]!) <= at && at <= (end["line"]!, end["character"]!)
    }
}
