import Planner

/// Completion of what the plan itself defines, where the cursor is: milestone ids in `after`,
/// group, section and rubric ids, a milestone's choices (in `only.choices`, a student's
/// `choices` and the roster's `choice:` columns), rotation days in `meets_on`, standard codes
/// from the project's catalogs (matched on the code and on the words of the statement),
/// catalog ids in `catalogs` and template names after `extends`.
struct ValueCompletion {
    let report: FileReport?
    let workspace: Workspace
    let path: String
    /// The cursor's line (0-based): a milestone's `after` offers the others, not itself.
    var line = -1

    /// The most items one answer holds: the client asks again as the word grows.
    static let maxItems = 100

    private var project: Project? { report?.project }
    private var ids: Identifiers { Identifiers(project) }

    /// `word`: what is typed of the value so far; `key` the key the value belongs to and `path`
    /// the keys above it; `inFlow` what follows an opening `{` on the line (`milestone: opt`).
    func items(key: String, path: [String], word: String, flowKey: String?) -> [[String: Any]]? {
        switch key {
        case "after":
            let own = milestone(at: line)
            return idItems(.milestone, word: word).filter { $0["label"] as? String != own }
        case "groups", "group": return idItems(.group, word: word)
        case "section": return idItems(.section, word: word)
        case "rubric": return idItems(.rubric, word: word)
        case "meets_on": return (project?.calendar?.rotation ?? []).map { ["label": $0.value, "kind": 20, "detail": "rotation day"] }
        case "standards", "targets": return standardItems(word: word)
        case "catalogs":
            return workspace.catalogs(for: self.path).availableIDs.filter { $0.hasPrefix(word) }
                .map { ["label": $0, "kind": 9, "detail": "standards catalog"] }
        case "extends":
            return workspace.roots(for: self.path).names(in: "projects").filter { $0.hasPrefix(word) }
                .map { ["label": $0, "kind": 9, "detail": "project template"] }
        case "choices" where path.last == "only" || path.last == "students":
            return choiceItems(flowKey: flowKey, word: word)
        default:
            // A line under `choices:` in a student or an `only`: `milestone: choice`.
            if path.last == "choices", path.dropLast().last == "only" || path.dropLast().last == "students" {
                return options(of: key, word: word)
            }
            return nil
        }
    }

    func choiceItems(flowKey: String?, word: String) -> [[String: Any]] {
        if let flowKey { return options(of: flowKey, word: word) }
        return milestonesWithChoices().filter { $0.id?.value.hasPrefix(word) == true }.compactMap { milestone in
            milestone.id.map { ["label": $0.value, "kind": 18, "detail": milestone.title?.value ?? "milestone", "insertText": $0.value + ": "] }
        }
    }

    /// The id of the milestone written around a line of this file (the innermost, the last to start).
    func milestone(at line: Int) -> String? {
        let around = (project?.cycles ?? []).flatMap(\.milestones).filter { milestone in
            milestone.range.start.line - 1 <= line && line <= milestone.range.end.line - 1
                && (milestone.id.map { OpenBuffers.key($0.file) == OpenBuffers.key(path) } ?? false)
        }
        return around.max { $0.range.start.line < $1.range.start.line }?.id?.value
    }

    func milestonesWithChoices() -> [Milestone] {
        (project?.cycles ?? []).flatMap(\.milestones).filter { !$0.choices.isEmpty }
    }

    func options(of milestone: String, word: String) -> [[String: Any]] {
        let owner = (project?.cycles ?? []).flatMap(\.milestones).first { $0.id?.value == milestone }
        return (owner?.choices ?? []).compactMap { choice in
            guard let id = choice.id?.value, id.hasPrefix(word) else { return nil }
            return ["label": id, "kind": 20, "detail": choice.title?.value ?? "choice of \(milestone)"]
        }
    }

    func idItems(_ kind: Identifiers.Kind, word: String) -> [[String: Any]] {
        let titles = self.titles(kind)
        return ids.defined(kind).filter { $0.value.hasPrefix(word) }.prefix(Self.maxItems).map { id in
            ["label": id.value, "kind": 18, "detail": titles[id.value] ?? "\(kind)"]
        }
    }

    private func titles(_ kind: Identifiers.Kind) -> [String: String] {
        guard let project else { return [:] }
        var titles: [String: String] = [:]
        switch kind {
        case .milestone:
            for milestone in project.cycles.flatMap(\.milestones) {
                if let id = milestone.id?.value, let title = milestone.title?.value { titles[id] = titles[id] ?? title }
            }
        case .group:
            for group in project.groups { if let id = group.id?.value, let title = group.title?.value { titles[id] = title } }
        default: break
        }
        return titles
    }

    /// Codes of the project's catalogs whose code starts with the word, or whose statement has
    /// a word starting with it ("ratio" finds the ratio standards), codes first.
    func standardItems(word: String) -> [[String: Any]] {
        guard let standards = report?.standards else { return [] }
        let typed = word.lowercased()
        var byCode: [[String: Any]] = [], byWords: [[String: Any]] = []
        for catalog in standards.catalogs {
            let catalogID = catalog.id?.value ?? catalog.file
            for standard in catalog.standards {
                guard let code = standard.code?.value, byCode.count + byWords.count < Self.maxItems else { continue }
                let statement = standard.text?.value ?? ""
                let codeMatches = typed.isEmpty || code.lowercased().hasPrefix(typed)
                let wordMatches = !codeMatches && typed.count >= 2 && Self.words(of: statement).contains { $0.hasPrefix(typed) }
                guard codeMatches || wordMatches else { continue }
                let grade = standard.grade.map { "grade \($0.value) · " } ?? ""
                let item: [String: Any] = [
                    "label": code, "kind": 21, "detail": grade + catalogID,
                    "documentation": statement,
                    // The statement's words are in the filter, so a client that filters what it
                    // is given keeps "ratio" matches too.
                    "filterText": code + " " + statement,
                    "sortText": (codeMatches ? "0" : "1") + code,
                ]
                if codeMatches { byCode.append(item) } else { byWords.append(item) }
            }
        }
        return byCode + byWords
    }

    private static func words(of text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    /// A roster line: the header's column names, or a column's values (groups, sections, a
    /// milestone's choices) under it.
    func rosterItems(text: String, line: Int, character: Int) -> [[String: Any]] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 0, line < lines.count else { return [] }
        let separator: Character = lines[0].contains(";") && !lines[0].contains(",") ? ";" : (lines[0].contains("\t") ? "\t" : ",")
        let prefix = String(lines[line].unicodeScalars.prefix(max(0, character)))
        let column = prefix.filter { $0 == separator }.count
        let word = String(prefix.split(separator: separator, omittingEmptySubsequences: false).last ?? "").trimmingCharacters(in: .whitespaces)
        if line == 0 {
            return RosterLoader.columns.filter { $0.hasPrefix(word) }.map { ["label": $0, "kind": 5, "detail": "roster column"] }
                + milestonesWithChoices().compactMap(\.id?.value).map { "choice:" + $0 }.filter { $0.hasPrefix(word) }
                .map { ["label": $0, "kind": 5, "detail": "the student's choice for this milestone"] }
        }
        let header = lines[0].split(separator: separator, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard column < header.count else { return [] }
        let name = header[column].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        if name.hasPrefix("choice:") { return options(of: String(name.dropFirst(7)), word: word) }
        switch name {
        case "group": return idItems(.group, word: word)
        case "section": return idItems(.section, word: word)
        default: return []
        }
    }
}

import Foundation
