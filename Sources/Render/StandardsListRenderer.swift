import Diagnostics
import PlannerModel

/// `pbl standards list` and `search`: standards with the catalog they come from, as a table for
/// the terminal, JSON or CSV.
public enum StandardsListRenderer {
    public enum Format: String, Sendable, CaseIterable { case text, json, csv }

    public typealias Row = (catalog: String, standard: Standard)

    public static func render(_ rows: [Row], as format: Format) -> String {
        switch format {
        case .text: text(rows)
        case .json: json(rows)
        case .csv: csv(rows)
        }
    }

    /// Code, grade and statement; catalogs come from anywhere, so what they say is shown as
    /// the terminal would show it safely.
    private static func text(_ rows: [Row]) -> String {
        let codes = rows.map { Escape.terminal($0.standard.code?.value ?? "") }
        let width = codes.map(\.count).max() ?? 0
        return zip(codes, rows).map { code, row in
            let grade = row.standard.grade?.value.description ?? ""
            // The framework's marks where it prints them: (+) before the statement, ★ after.
            return code.padding(toLength: width + 2, withPad: " ", startingAt: 0) + grade.padding(toLength: 6, withPad: " ", startingAt: 0)
                + (row.standard.plus?.value == true ? "(+) " : "") + Escape.terminal(row.standard.text?.value ?? "")
                + (row.standard.modeling?.value == true ? " ★" : "")
        }.joined(separator: "\n") + "\n"
    }

    private static func json(_ rows: [Row]) -> String {
        JSONOut.array(rows.map { row in
            .object([
                ("code", .string(row.standard.code?.value ?? "")),
                ("catalog", .string(row.catalog)),
                ("grade", row.standard.grade.map { .string($0.value.description) } ?? .null),
                ("subject", row.standard.subject.map { .string($0.value) } ?? .null),
                ("parent", row.standard.parent.map { .string($0.value) } ?? .null),
                ("plus", .bool(row.standard.plus?.value ?? false)),
                ("modeling", .bool(row.standard.modeling?.value ?? false)),
                ("text", .string(row.standard.text?.value ?? "")),
            ])
        }).rendered() + "\n"
    }

    private static func csv(_ rows: [Row]) -> String {
        CSVRenderer.row(["code", "catalog", "grade", "subject", "text"]) + rows.map { row in
            CSVRenderer.row([row.standard.code?.value ?? "", row.catalog, row.standard.grade?.value.description ?? "",
                             row.standard.subject?.value ?? "", row.standard.text?.value ?? ""])
        }.joined()
    }
}
