import Diagnostics
import YAMLTree
import PlannerModel

extension Rules {
    public static let extendsUnresolved = RuleInfo(
        id: "extends-unresolved", severity: .error,
        summary: "`extends:` names a project template that cannot be used.",
        explanation: """
            `extends: NAME` lays the project over projects/NAME.yaml from the template roots \
            (--templates folders, the repository's own templates/ folder, PBL_TEMPLATES, then \
            the ones built into pbl; see `pbl templates list`). The name must be a file there: \
            not a path with `..` or a leading `/`, not a link that leads out of its root, and \
            templates must not extend each other in a loop. While the template is missing the \
            plan is incomplete, so pbl checks nothing else of it.
            """
    )

    public static let studentDataInTemplate = RuleInfo(
        id: "student-data-in-template", severity: .error,
        summary: "A project template carries a roster, students or progress records.",
        explanation: """
            Templates are shared: a department keeps them in a repository that many people \
            read. Students' names, goals and pacing are personal data and belong beside the \
            teacher's own project file (`roster:`, `students:` or `progress:` there), never in a template \
            root. A policy cannot turn this rule off.
            """
    )

    public static let templateListReplaced = RuleInfo(
        id: "template-list-replaced", severity: .note,
        summary: "A list in the project replaces a template's list and leaves some of its items out.",
        explanation: """
            Laid over its template, a project's list of values (`subjects`, a milestone's \
            `standards`, a cycle's `reflection`, a calendar's `meets`) replaces the template's \
            list, so whatever the project does not repeat is gone from the plan. `no_school`, \
            `standards.catalogs` and `standards.targets` are different: there the project's \
            entries are added to the template's, and an empty list adds nothing. To replace a \
            template's list on purpose, tag the project's list `!override` \
            (`no_school: !override [2027-03-26]`); the note then goes away.
            """
    )

    public static let todoPlaceholder = RuleInfo(
        id: "todo-placeholder", severity: .warning,
        summary: "A `TODO:` placeholder from a template is still in the plan.",
        explanation: """
            Project templates (and `pbl new`) mark what the teacher has to write with `TODO:`: \
            the driving question, the product's audience, the entry event. Replace each one \
            with your own text; in a project that `extends` a template, write the field in \
            your project and it takes the template's place.
            """
    )
}

/// The lists where a project's entries are added to its template's: a teacher who adds a
/// field-trip day means the school's holidays to stay.
enum TemplateMerge {
    static let appending: Set<String> = ["calendar.no_school", "standards.catalogs", "standards.targets"]

    static func report(_ replacements: [YAMLOverlay.Replacement], template: String, file: String, _ sink: inout DiagnosticSink) {
        for replacement in replacements {
            let key = replacement.path.split(separator: ".").last.map(String.init) ?? replacement.path
            let there = Diagnostic.Note(message: "the template's list is here", file: replacement.base.sourceName ?? template,
                                        range: replacement.base.range)
            switch replacement.kind {
            case .replaced:
                // A template's placeholder is there to be replaced.
                let kept = Set(replacement.overlay.items.compactMap { $0.isScalar ? $0.scalarText : nil })
                let dropped = replacement.base.items.filter { item in
                    !item.isScalar || !(TodoPlaceholders.isPlaceholder(item) || item.scalarText.map(kept.contains) == true)
                }.count - replacement.overlay.items.filter { !$0.isScalar }.count
                guard dropped > 0 else { continue }
                sink.report(Rules.templateListReplaced,
                            "`\(key)` replaces template `\(Paths.stem(template))`'s list, leaving out \(dropped) of its \(replacement.base.count) item\(replacement.base.count == 1 ? "" : "s")",
                            at: replacement.overlay.range, in: replacement.overlay.sourceName ?? file, notes: [there],
                            help: "repeat the template's items you want to keep, or write `\(key): !override [...]` to replace the list on purpose")
            case .addedNothing:
                sink.report(Rules.templateListReplaced,
                            "an empty `\(key)` adds nothing: template `\(Paths.stem(template))`'s \(replacement.base.count) entr\(replacement.base.count == 1 ? "y stays" : "ies stay")",
                            at: replacement.overlay.range, in: replacement.overlay.sourceName ?? file, notes: [there],
                            help: "`\(key): !override []` clears the template's list; remove the line to keep it without a note")
            }
        }
    }
}

/// Personal data in a shared template: `roster:` or `students:` in a project template.
public enum StudentDataInTemplate {
    public static func check(_ template: YAMLNode, file: String, _ sink: inout DiagnosticSink) {
        for pair in template.pairs where pair.key.scalarEquals("roster") || pair.key.scalarEquals("students") || pair.key.scalarEquals("progress") {
            let key = pair.key.scalarText ?? ""
            sink.report(Rules.studentDataInTemplate, "a project template with `\(key):`: student data does not belong in a shared template",
                        at: pair.key.range, in: pair.key.sourceName ?? file,
                        help: "move `\(key):` to the project that extends the template, beside its roster")
        }
    }
}

/// `TODO` placeholders left in any text of the plan (after templates are merged in). The
/// spec checker notes each scalar it reads, and walks here what it does not read (the
/// values of unknown keys, collections where a value was expected), so the tree is read once.
struct TodoPlaceholders {
    /// The file validated: the help says to write the field there when a template gave it.
    let file: String
    /// Reported already: an alias reaches the same node again.
    private var seen = Set<YAMLNode>()

    init(file: String) {
        self.file = file
    }

    mutating func note(_ scalar: YAMLNode, _ sink: inout DiagnosticSink) {
        guard Self.isPlaceholder(scalar), seen.insert(scalar).inserted else { return }
        let text = scalar.scalarText ?? ""
        let shown = text.count > 60 ? String(text.prefix(57)) + "..." : text
        sink.report(Rules.todoPlaceholder, "placeholder to fill in: \(shown)", at: scalar,
                    help: (scalar.sourceName ?? file) == file ? "replace the placeholder with your own text"
                        : "write this field in \(file); it takes the template's place")
    }

    /// Every value in a subtree (mapping keys are names, not text to fill in).
    mutating func walk(_ root: YAMLNode, _ sink: inout DiagnosticSink) {
        var stack = [root]
        while let node = stack.popLast() {
            if node.isMapping {
                for pair in node.pairs { stack.append(pair.value) }
            } else if node.isSequence {
                stack.append(contentsOf: node.items.reversed())
            } else {
                note(node, &sink)
            }
        }
    }

    static func isPlaceholder(_ node: YAMLNode) -> Bool {
        node.withScalarBytes { bytes in
            // "TODO" at the start of the text, or "TODO:" anywhere in it (compared byte by
            // byte: this runs for every value of every file).
            func todo(at start: Int) -> Bool {
                bytes[start] == 0x54 && bytes[start + 1] == 0x4F && bytes[start + 2] == 0x44 && bytes[start + 3] == 0x4F
            }
            guard bytes.count >= 4 else { return false }
            if todo(at: 0) { return true }
            for start in stride(from: 1, through: bytes.count - 5, by: 1) where bytes[start] == 0x54 {
                if todo(at: start) && bytes[start + 4] == UInt8(ascii: ":") { return true }
            }
            return false
        }
    }
}

extension StudentDataInTemplate {
    /// A CSV file in a template root whose header row names students (a `name` column and an
    /// `id` or `student` one): a roster in a shared repository. Read with the roster's own CSV
    /// reader and separator detection; bytes that are not UTF-8 are read as best they can be,
    /// since a roster saved in another encoding is still a roster.
    public static func checkCSV(_ bytes: [UInt8], file: String) -> [Diagnostic] {
        guard let source = (try? SourceText(bytes: bytes)) ?? (try? SourceText(bytes: Array(String(decoding: bytes, as: UTF8.self).utf8))),
              let header = (try? CSVTable(source: source, separator: CSVTable.separator(of: source)))?.rows.first
        else { return [] }
        let columns = Set(header.map { $0.text.trimmed.lowercased() })
        guard columns.contains("name"), columns.contains("id") || columns.contains("student") else { return [] }
        var sink = DiagnosticSink(file: file)
        sink.report(Rules.studentDataInTemplate, "a roster in a template root: student data does not belong in a shared repository",
                    at: .fileStart, help: "keep rosters beside the teacher's own project, outside the template root (and out of git)")
        return sink.diagnostics
    }
}
