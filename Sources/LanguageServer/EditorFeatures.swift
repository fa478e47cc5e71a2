import Diagnostics
import Planner
import YAMLTree

/// What the server shows beside the text, from the last check of a document: the real date
/// after every `day:` and the dates after every cycle's id (inlay hints), the outline (cycles,
/// their milestones and reflections), and a standard code's statement on hover.
struct EditorFeatures {
    let report: FileReport
    let path: String
    let position: (Mark, SourceText?) -> [String: Int]

    private var source: SourceText? { report.sources[path] }

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
            guard let id = cycle.id, id.file == path else { continue }
            let spans = sections.compactMap { section in
                section.cycles.first { $0.id == id.value }.map { (section.id, $0.start.shortText + " – " + $0.end.shortText) }
            }
            hint(at: id.range.end, Self.label(spans))
            for milestone in cycle.milestones {
                guard let day = milestone.day, day.file == path, let milestoneID = milestone.id?.value else { continue }
                hint(at: day.range.end, Self.label(dates(of: milestoneID, cycle: id.value, in: sections)))
            }
            for (number, reflection) in cycle.reflection.enumerated() {
                guard let day = reflection.day, day.file == path else { continue }
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
            guard let id = cycle.id, id.file == path else { return nil }
            var children: [[String: Any]] = cycle.milestones.compactMap { milestone in
                guard let milestoneID = milestone.id, milestoneID.file == path else { return nil }
                return ["name": milestone.title?.value ?? milestoneID.value, "detail": milestoneID.value, "kind": 24,
                        "range": lspRange(milestone.range), "selectionRange": lspRange(milestoneID.range)]
            }
            for reflection in cycle.reflection {
                guard let prompt = reflection.prompt, prompt.file == path else { continue }
                children.append(["name": prompt.value, "detail": "reflection", "kind": 15,
                                 "range": lspRange(reflection.range), "selectionRange": lspRange(prompt.range)])
            }
            return ["name": cycle.title?.value ?? id.value, "detail": id.value, "kind": 2, "range": lspRange(cycle.range),
                    "selectionRange": lspRange(id.range), "children": children]
        }
    }

    /// A standard code under the cursor: its statement, grade and catalog.
    func hover(line: Int, character: Int) -> [String: Any]? {
        guard let project = report.project, let standards = report.standards else { return nil }
        var codes = project.standards?.targets ?? []
        codes += project.cycles.flatMap { $0.milestones.flatMap(\.standards) + $0.reflection.flatMap(\.standards) }
        codes += project.rubrics.flatMap { $0.criteria.flatMap(\.standards) }
        for code in codes where code.file == path && contains(code.range, line: line, character: character) {
            guard let entry = standards.lookup(code.value) else {
                return ["contents": ["kind": "plaintext", "value": "\(code.value): no catalog of this project has this code"], "range": lspRange(code.range)]
            }
            // Plain text: a catalog's words are shown as words, never as markup.
            let grade = entry.standard.grade.map { ", grade \($0.value)" } ?? ""
            var text = "\(entry.code) (\(entry.catalog)\(grade))"
            if let statement = entry.standard.text?.value { text += "\n\n\(statement)" }
            if let words = entry.standard.studentText?.value { text += "\n\nFor students: \(words)" }
            return ["contents": ["kind": "plaintext", "value": text], "range": lspRange(code.range)]
        }
        return nil
    }

    /// Every id the plan defines and every place that names one, by kind: milestones (named in
    /// `after`, `only.choices`, students' `choices`), groups (`only.groups`, students' `group`)
    /// and sections (students' `section`).
    private func idOccurrences() -> [(kind: String, id: Located<String>, isDefinition: Bool)] {
        guard let project = report.project else { return [] }
        var found: [(kind: String, id: Located<String>, isDefinition: Bool)] = []
        for cycle in project.cycles {
            if let id = cycle.id { found.append(("cycle", id, true)) }
            for milestone in cycle.milestones {
                if let id = milestone.id { found.append(("milestone", id, true)) }
                found += milestone.after.map { ("milestone", $0, false) }
                found += (milestone.only?.choices ?? []).map { ("milestone", $0.milestone, false) }
                found += (milestone.only?.groups ?? []).map { ("group", $0, false) }
            }
        }
        found += project.groups.compactMap { group in group.id.map { ("group", $0, true) } }
        found += (project.calendar?.sections ?? []).compactMap { section in section.id.map { ("section", $0, true) } }
        for student in project.students {
            found += student.choices.map { ("milestone", $0.milestone, false) }
            if let group = student.group { found.append(("group", group, false)) }
            if let section = student.section { found.append(("section", section, false)) }
        }
        return found
    }

    private func occurrence(line: Int, character: Int) -> (kind: String, value: String)? {
        idOccurrences().first { $0.id.file == path && contains($0.id.range, line: line, character: character) }
            .map { ($0.kind, $0.id.value) }
    }

    private func location(_ id: Located<String>) -> [String: Any] {
        let source = report.sources[id.file]
        return ["uri": LanguageServer.uri(fromPath: id.file),
                "range": ["start": position(id.range.start, source), "end": position(id.range.end, source)]]
    }

    /// Where the id under the cursor is defined (in this file or the template it extends).
    func definition(line: Int, character: Int) -> [[String: Any]] {
        guard let (kind, value) = occurrence(line: line, character: character) else { return [] }
        return idOccurrences().filter { $0.isDefinition && $0.kind == kind && $0.id.value == value }.prefix(1).map { location($0.id) }
    }

    /// Every place the id under the cursor is named, its definition with them when asked.
    func references(line: Int, character: Int, includeDeclaration: Bool) -> [[String: Any]] {
        guard let (kind, value) = occurrence(line: line, character: character) else { return [] }
        return idOccurrences().filter { $0.kind == kind && $0.id.value == value && (includeDeclaration || !$0.isDefinition) }.map { location($0.id) }
    }

    private func contains(_ range: SourceRange, line: Int, character: Int) -> Bool {
        let start = lspPosition(range.start), end = lspPosition(range.end)
        let at = (line, character)
        return (start["line"]!, start["character"]!) <= at && at <= (end["line"]!, end["character"]!)
    }
}
