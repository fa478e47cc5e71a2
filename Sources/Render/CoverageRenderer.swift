import PlannerModel
import PlannerDates
import PlannerCheck


/// The standards coverage matrix as text, Markdown, CSV or a self-contained HTML page.
/// Rows are standards, columns projects; every name and text from input is escaped for
/// the format. The HTML page ends each row with the standard's statement: one line on
/// screen with the whole text on hover, wrapped in full when printed.
public struct CoverageRenderer: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case text, md, csv, html
    }

    /// With `--against`: what changed since that revision.
    public struct Change: Sendable {
        public var revision: String
        public var gained: [CoverageMatrix.Row]
        public var lost: [CoverageMatrix.Row]

        public init(revision: String, gained: [CoverageMatrix.Row], lost: [CoverageMatrix.Row]) {
            self.revision = revision
            self.gained = gained
            self.lost = lost
        }
    }

    public var title: String

    public init(title: String) {
        self.title = title
    }

    static func symbol(_ mark: CoverageMatrix.Mark) -> String {
        switch mark {
        case .addressed: "x"
        case .partly: "~"
        case .targeted: "t"
        case .none: "."
        }
    }

    static let legend = "x a milestone addresses it, ~ a milestone addresses part of it (a sub-standard), t targeted only, . not addressed"

    static func summary(_ matrix: CoverageMatrix) -> String {
        let addressed = matrix.rows.count - matrix.unaddressed.count
        return "\(addressed) of \(matrix.rows.count) standards addressed by at least one of \(matrix.columns.count) project\(matrix.columns.count == 1 ? "" : "s")"
    }

    public func render(_ matrix: CoverageMatrix, change: Change?, format: Format) -> String {
        switch format {
        case .text: text(matrix, change)
        case .md: markdown(matrix, change)
        case .csv: csv(matrix)
        case .html: html(matrix, change)
        }
    }

    private func text(_ matrix: CoverageMatrix, _ change: Change?) -> String {
        var rows: [[String]] = [["STANDARD"] + matrix.columns.map(\.id)]
        for row in matrix.rows { rows.append([row.code] + row.marks.map(Self.symbol)) }
        var out = Escape.terminal(title) + "\n\n" + TextTable.render(rows)
        out += "\n" + Self.legend + "\n\n" + Self.summary(matrix) + "\n"
        let missing = matrix.unaddressed
        if !missing.isEmpty {
            out += "\nNot addressed by any project (\(missing.count)):\n"
            let width = missing.map { TerminalWidth.of(Escape.terminal($0.code)) }.max() ?? 0
            for row in missing { out += "  " + TerminalWidth.pad(Escape.terminal(row.code), to: width) + "  " + Escape.terminal(row.text) + "\n" }
        }
        if let change {
            out += "\nCompared with \(Escape.terminal(change.revision)): \(change.gained.count) gained, \(change.lost.count) lost\n"
            for row in change.gained { out += "  + \(Escape.terminal(row.code))  \(Escape.terminal(row.text))\n" }
            for row in change.lost { out += "  - \(Escape.terminal(row.code))  \(Escape.terminal(row.text))\n" }
        }
        return out
    }

    private func markdown(_ matrix: CoverageMatrix, _ change: Change?) -> String {
        var out = "# \(Escape.markdown(title))\n\n"
        out += "| Standard | " + matrix.columns.map { Escape.markdown($0.id) }.joined(separator: " | ") + " |\n"
        out += "|---|" + String(repeating: ":-:|", count: matrix.columns.count) + "\n"
        for row in matrix.rows {
            out += "| \(Escape.markdown(row.code)) | " + row.marks.map { $0 == .none ? " " : Self.symbol($0) }.joined(separator: " | ") + " |\n"
        }
        out += "\n" + Escape.markdown(Self.legend) + "\n\n" + Self.summary(matrix) + ".\n"
        let missing = matrix.unaddressed
        if !missing.isEmpty {
            out += "\n## Not addressed by any project (\(missing.count))\n\n"
            for row in missing { out += "- **\(Escape.markdown(row.code))** \(Escape.markdown(row.text))\n" }
        }
        if let change {
            out += "\n## Compared with \(Escape.markdown(change.revision)): \(change.gained.count) gained, \(change.lost.count) lost\n\n"
            for row in change.gained { out += "- gained **\(Escape.markdown(row.code))** \(Escape.markdown(row.text))\n" }
            for row in change.lost { out += "- lost **\(Escape.markdown(row.code))** \(Escape.markdown(row.text))\n" }
        }
        return out
    }

    private func csv(_ matrix: CoverageMatrix) -> String {
        var out = CSVRenderer.row(["code", "catalog", "grade", "text"] + matrix.columns.map(\.id))
        for row in matrix.rows {
            out += CSVRenderer.row([row.code, row.catalog, row.grade, row.text] + row.marks.map { $0 == .none ? "" : $0.rawValue })
        }
        return out
    }

    private func html(_ matrix: CoverageMatrix, _ change: Change?) -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(Escape.html(title))</title>
            <style>
            body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #111; }
            table { border-collapse: collapse; }
            th, td { border: 1px solid #999; padding: 2px 6px; }
            thead th { position: sticky; top: 0; background: #eee; }
            td.mark { text-align: center; font-weight: bold; }
            tr.missing th { color: #a00; }
            /* The statement: one line on screen (the whole text on hover, and to screen
               readers), wrapped in full on paper. */
            th.statement { text-align: left; }
            td.statement { max-width: 36em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; color: #333; }
            .legend, .summary { margin: 1em 0; }
            @media print {
              body { margin: 0; font-size: 9pt; }
              thead th { position: static; }
              thead { display: table-header-group; }
              tr { break-inside: avoid; }
              td.statement { max-width: none; overflow: visible; white-space: normal; }
            }
            </style>
            </head>
            <body>
            <h1>\(Escape.html(title))</h1>
            <table>
            <thead><tr><th scope="col">Standard</th>
            """
        for column in matrix.columns {
            out += "<th scope=\"col\" title=\"\(Escape.html(column.title))\">\(Escape.html(column.id))</th>"
        }
        out += "<th scope=\"col\" class=\"statement\">Statement</th></tr></thead>\n<tbody>\n"
        for row in matrix.rows {
            let statement = Escape.html(row.text)
            let title = row.text.isEmpty ? "" : " title=\"\(statement)\""
            out += "<tr\(row.isAddressed ? "" : " class=\"missing\"")><th scope=\"row\"\(title)>\(Escape.html(row.code))</th>"
            for mark in row.marks { out += "<td class=\"mark\">\(mark == .none ? "" : Self.symbol(mark))</td>" }
            out += "<td class=\"statement\"\(title)>\(statement)</td></tr>\n"
        }
        out += "</tbody>\n</table>\n<p class=\"legend\">\(Escape.html(Self.legend))</p>\n<p class=\"summary\">\(Escape.html(Self.summary(matrix))).</p>\n"
        let missing = matrix.unaddressed
        if !missing.isEmpty {
            out += "<h2>Not addressed by any project (\(missing.count))</h2>\n<ul>\n"
            for row in missing { out += "<li><b>\(Escape.html(row.code))</b> \(Escape.html(row.text))</li>\n" }
            out += "</ul>\n"
        }
        if let change {
            out += "<h2>Compared with \(Escape.html(change.revision)): \(change.gained.count) gained, \(change.lost.count) lost</h2>\n<ul>\n"
            for row in change.gained { out += "<li>gained <b>\(Escape.html(row.code))</b> \(Escape.html(row.text))</li>\n" }
            for row in change.lost { out += "<li>lost <b>\(Escape.html(row.code))</b> \(Escape.html(row.text))</li>\n" }
            out += "</ul>\n"
        }
        return out + "</body>\n</html>\n"
    }
}
