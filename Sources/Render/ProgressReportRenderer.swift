import Diagnostics
import PlannerModel
import PlannerProgress

/// `pbl progress`: the class at a glance (students by items, furthest behind first), mastery
/// per standard with its evidence, and the small groups that need a standard again; as text
/// for the terminal, Markdown, CSV (the grid) or JSON (docs/progress.md describes it).
public enum ProgressReportRenderer {
    public enum Format: String, Sendable, CaseIterable {
        case text, md, html, csv, json
        /// For Canvas's gradebook import (docs/progress.md).
        case gradebookCSV = "gradebook-csv"
    }

    public static func render(_ progress: ClassProgress, title: String, as format: Format) -> String {
        switch format {
        case .text: text(progress, title: title)
        case .md: markdown(progress, title: title)
        case .html: ProgressHTMLRenderer.render(progress, title: title)
        case .csv: csv(progress)
        case .json: json(progress)
        case .gradebookCSV: gradebook(progress)
        }
    }

    /// Canvas's gradebook layout: Student, ID, SIS User ID, SIS Login ID, Section, then a
    /// column per assignment, and a `Points Possible` row. pbl knows the school's id, which is
    /// Canvas's SIS User ID (Canvas matches students by it); Canvas's own ID is left empty.
    /// Assignments: each assessed milestone (the mean of its criteria's level numbers, out of
    /// the scale's top number) and each standard's mastery score. Excused is `EX`; nothing
    /// recorded is an empty cell, which the import leaves as it is.
    private static func gradebook(_ progress: ClassProgress) -> String {
        let assessedIDs = Set(progress.students.flatMap { $0.items.filter(\.isAssessed).map(\.id) })
        let assessed = progress.items.filter { assessedIDs.contains($0.id) }
        let top = String(progress.levelNames.count)
        var rows: [[String]] = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
            + assessed.map { "\($0.title) (\($0.id))" } + progress.codes.map { "Mastery: \($0)" }]
        rows.append(["Points Possible", "", "", "", ""] + Array(repeating: top, count: assessed.count + progress.codes.count))
        for student in progress.students.sorted(by: { ($0.name, $0.id) < ($1.name, $1.id) }) {
            let byID = Dictionary(student.items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let marks = assessed.map { column -> String in
                guard let item = byID[column.id] else { return "" }
                if item.status == .excused { return "EX" }
                guard !item.levels.isEmpty else { return "" }
                return score(Double(item.levels.reduce(0, +) + item.levels.count) / Double(item.levels.count))
            }
            // Every student's standards are `codes`, in that order.
            let mastery = student.standards.map { score($0.result.score) }
            rows.append([student.name, "", student.id, "", student.section ?? ""] + marks + mastery)
        }
        return rows.map(CSVRenderer.row).joined()
    }

    /// How a cell of the grid shows its status.
    static func symbol(_ status: ItemStatus) -> String {
        switch status {
        case .done: "✓"
        case .late: "late"
        case .excused: "excused"
        case .missing: "MISSING"
        case .dueSoon: "due soon"
        case .notYetDue: "·"
        case .optional: "(opt)"
        }
    }

    /// Item ids in plan order.
    static func itemIDs(_ progress: ClassProgress) -> [String] { progress.items.map(\.id) }

    static func grid(_ progress: ClassProgress) -> [[String]] {
        let ids = itemIDs(progress)
        return [["student"] + ids] + progress.students.map { student in
            let byID = Dictionary(student.items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            return [student.name] + ids.map { byID[$0].map { symbol($0.status) } ?? "" }
        }
    }

    static func levelName(_ level: Int?, _ progress: ClassProgress) -> String {
        level.map { progress.levelNames[$0] } ?? "not assessed"
    }

    static func score(_ value: Double?) -> String {
        guard let value else { return "" }
        return String((value * 10).rounded() / 10)
    }

    static func evidence(_ result: MasteryResult, _ progress: ClassProgress) -> String {
        result.evidence.map { "\($0.item)/\($0.criterion) \(levelWords($0, progress)) \($0.date)" }.joined(separator: "; ")
    }

    /// `proficient`, or `developing (2.5)` for the mean of criteria between two levels.
    static func levelWords(_ evidence: Evidence, _ progress: ClassProgress) -> String {
        let name = progress.levelNames[min(evidence.level, progress.levelNames.count - 1)]
        return evidence.score == evidence.score.rounded() ? name : "\(name) (\(score(evidence.score)))"
    }

    private static func text(_ progress: ClassProgress, title: String) -> String {
        var out = "Progress as of \(progress.asOf): \(Escape.terminal(title)) (\(progress.students.count) student\(progress.students.count == 1 ? "" : "s"))\n\n"
        out += "THE CLASS AT A GLANCE, furthest behind first (✓ done, late, MISSING, due soon, · not yet due)\n"
        out += TextTable.render(grid(progress))
        guard !progress.codes.isEmpty else { return out }
        out += "\nMASTERY (\(progress.levelNames.map(Escape.terminal).joined(separator: " < ")); mastered from "
            + "\(Escape.terminal(progress.levelNames[progress.masteredLevel])))\n"
        var rows: [[String]] = [["student", "standard", "level", "score", "mastered", "evidence"]]
        for student in progress.students {
            for standing in student.standards {
                rows.append([student.name, standing.code, levelName(standing.result.level, progress), score(standing.result.score),
                             standing.result.mastered ? "yes" : "no", evidence(standing.result, progress)])
            }
        }
        out += TextTable.render(rows)
        out += "\nREGROUPING: who needs each standard again\n"
        if progress.regrouping.isEmpty { out += "Every assessed student has mastered every standard.\n" }
        for group in progress.regrouping {
            out += Escape.terminal(group.code) + ": " + group.needing.map { "\(Escape.terminal($0.name)) (\(levelName($0.level, progress)))" }.joined(separator: ", ")
            if !group.unassessed.isEmpty { out += "; not yet assessed: " + group.unassessed.map { Escape.terminal($0.name) }.joined(separator: ", ") }
            out += "\n"
        }
        return out
    }

    private static func markdown(_ progress: ClassProgress, title: String) -> String {
        func table(_ rows: [[String]]) -> String {
            guard let header = rows.first else { return "" }
            let line = { (cells: [String]) in "| " + cells.map(Escape.markdown).joined(separator: " | ") + " |\n" }
            return line(header) + "|" + String(repeating: " --- |", count: header.count) + "\n" + rows.dropFirst().map(line).joined()
        }
        var out = "# Progress as of \(progress.asOf): \(Escape.markdown(title))\n\n## The class at a glance\n\nFurthest behind first.\n\n"
        out += table(grid(progress))
        guard !progress.codes.isEmpty else { return out }
        out += "\n## Mastery\n\n"
        var rows: [[String]] = [["Student", "Standard", "Level", "Score", "Mastered", "Evidence"]]
        for student in progress.students {
            for standing in student.standards {
                rows.append([student.name, standing.code, levelName(standing.result.level, progress), score(standing.result.score),
                             standing.result.mastered ? "yes" : "no", evidence(standing.result, progress)])
            }
        }
        out += table(rows) + "\n## Regrouping\n\n"
        if progress.regrouping.isEmpty { out += "Every assessed student has mastered every standard.\n" }
        for group in progress.regrouping {
            out += "- **\(Escape.markdown(group.code))**: " + group.needing.map { "\(Escape.markdown($0.name)) (\(levelName($0.level, progress)))" }.joined(separator: ", ")
            if !group.unassessed.isEmpty { out += "; not yet assessed: " + group.unassessed.map { Escape.markdown($0.name) }.joined(separator: ", ") }
            out += "\n"
        }
        return out
    }

    private static func csv(_ progress: ClassProgress) -> String {
        let ids = itemIDs(progress)
        var rows: [[String]] = [["id", "name", "section"] + ids]
        for student in progress.students {
            let byID = Dictionary(student.items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            rows.append([student.id, student.name, student.section ?? ""] + ids.map { byID[$0]?.status.rawValue ?? "" })
        }
        return rows.map(CSVRenderer.row).joined()
    }

    private static func json(_ progress: ClassProgress) -> String {
        let students: [JSONOut] = progress.students.map { student in
            .object([
                ("id", .string(student.id)),
                ("name", .string(student.name)),
                ("section", student.section.map { .string($0) } ?? .null),
                ("done", .array(student.done.map { .string($0.id) })),
                ("overdue", .array(student.overdue.map { .string($0.id) })),
                ("late", .array(student.late.map { .string($0.id) })),
                ("items", .array(student.items.map { item in
                    .object([
                        ("id", .string(item.id)),
                        ("due", .string(item.due.description)),
                        ("status", .string(item.status.rawValue)),
                        ("done_on", item.doneOn.map { .string($0.description) } ?? .null),
                    ])
                })),
                ("standards", .array(student.standards.map { standing in
                    .object([
                        ("code", .string(standing.code)),
                        ("level", standing.result.level.map { .string(progress.levelNames[$0]) } ?? .null),
                        ("score", standing.result.score.map { .decimal($0) } ?? .null),
                        ("mastered", .bool(standing.result.mastered)),
                        ("evidence", .array(standing.result.evidence.map { evidence in
                            .object([
                                ("item", .string(evidence.item)),
                                ("criterion", .string(evidence.criterion)),
                                ("level", .string(progress.levelNames[min(evidence.level, progress.levelNames.count - 1)])),
                                ("score", .decimal(evidence.score)),
                                ("date", .string(evidence.date.description)),
                            ])
                        })),
                    ])
                })),
            ])
        }
        let groups: [JSONOut] = progress.regrouping.map { group in
            .object([
                ("code", .string(group.code)),
                ("students", .array(group.needing.map { .string($0.student) })),
                ("unassessed", .array(group.unassessed.map { .string($0.student) })),
            ])
        }
        return JSONOut.object([
            ("as_of", .string(progress.asOf.description)),
            ("levels", .array(progress.levelNames.map { .string($0) })),
            ("mastered_level", .string(progress.levelNames[progress.masteredLevel])),
            ("students", .array(students)),
            ("regrouping", .array(groups)),
        ]).rendered() + "\n"
    }
}
