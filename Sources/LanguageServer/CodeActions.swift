import Diagnostics
import Planner
import YAMLTree

/// Code actions: each fix a finding carries (did-you-mean, quote this value, indent with
/// spaces, add the missing reflection, ...) as a quick fix the editor applies. Taken from the
/// server's own last check, not from what the client sends back, so an action always matches
/// the text it edits.
extension EditorFeatures {
    typealias Position = (line: Int, character: Int)

    func codeActions(from start: Position, to end: Position, diagnostic json: (Diagnostic) -> [String: Any]) -> [[String: Any]] {
        var actions: [[String: Any]] = []
        for diagnostic in report.diagnostics where !diagnostic.fixes.isEmpty && isThisFile(diagnostic.file ?? report.path) {
            guard let found = diagnostic.range else { continue }
            let from = position(found.start, source), to = position(found.end, source)
            // The finding touches the range asked about (a cursor is an empty range).
            guard (from["line"]!, from["character"]!) <= end, start <= (to["line"]!, to["character"]!) else { continue }
            for fix in diagnostic.fixes {
                var changes: [String: [[String: Any]]] = [:]
                for edit in fix.edits {
                    let file = edit.file ?? diagnostic.file ?? report.path
                    changes[LanguageServer.uri(fromPath: file), default: []].append(
                        ["range": range(edit.range, report.sources[file]), "newText": edit.replacement])
                }
                actions.append(["title": fix.title, "kind": "quickfix", "diagnostics": [json(diagnostic)],
                                "isPreferred": diagnostic.fixes.count == 1, "edit": ["changes": changes]])
            }
        }
        return actions
    }
}
