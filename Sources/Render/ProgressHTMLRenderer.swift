import PlannerModel
import PlannerProgress

/// `pbl progress --format html`: one page a teacher can open or print, no script. The class at
/// a glance is an inline SVG heat map (students by items, furthest behind first, each cell
/// coloured and named by its status, and marked with a letter so it reads in grey too), then
/// the mastery table with its evidence and the regrouping lists.
enum ProgressHTMLRenderer {
    static let cell = 22
    static let nameWidth = 170
    static let headerHeight = 120

    /// Fill colour and the letter each status is marked with (colour-blind and print safe).
    static func style(_ status: ItemStatus) -> (fill: String, mark: String, words: String) {
        switch status {
        case .done: ("#2e7d32", "", "done")
        case .late: ("#9ccc65", "L", "done late")
        case .excused: ("#e0e0e0", "E", "excused")
        case .missing: ("#c62828", "M", "missing")
        case .dueSoon: ("#ffb300", "S", "due soon")
        case .notYetDue: ("#ffffff", "", "not yet due")
        case .optional: ("#f5f5f5", "O", "optional, not done")
        }
    }

    static func render(_ progress: ClassProgress, title: String) -> String {
        let heading = "Progress as of \(progress.asOf): \(title)"
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(Escape.html(heading))</title>
            <style>
            body { font-family: "Noto Sans", "DejaVu Sans", sans-serif; margin: 2rem; color: #111; }
            h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
            table { border-collapse: collapse; font-size: 0.9rem; }
            th, td { border: 1px solid #bbb; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
            .legend span { display: inline-block; margin-right: 1rem; }
            .swatch { display: inline-block; width: 0.9rem; height: 0.9rem; border: 1px solid #666; vertical-align: middle; margin-right: 0.3rem; }
            .no { color: #b71c1c; } .yes { color: #1b5e20; } .code { white-space: nowrap; }
            svg text { font-family: "Noto Sans", "DejaVu Sans", sans-serif; }
            @media print { body { margin: 0.5in; } h2 { break-after: avoid; } tr, svg { break-inside: avoid; } }
            </style>
            </head>
            <body>
            <h1>\(Escape.html(heading))</h1>
            <p>\(progress.students.count) student\(progress.students.count == 1 ? "" : "s"), furthest behind first.</p>

            """
        out += "<p class=\"legend\">" + ItemStatus.allCases.map { status in
            let style = style(status)
            return "<span><span class=\"swatch\" style=\"background:\(style.fill)\"></span>\(style.words)\(style.mark.isEmpty ? "" : " (\(style.mark))")</span>"
        }.joined() + "</p>\n"
        out += heatMap(progress)
        guard !progress.codes.isEmpty else { return out + "</body>\n</html>\n" }
        out += "<h2>Mastery</h2>\n<p>Levels: \(progress.levelNames.map(Escape.html).joined(separator: " &lt; ")); mastered from "
            + "\(Escape.html(progress.levelNames[progress.masteredLevel])).</p>\n"
        out += "<table>\n<thead><tr><th>Student</th><th>Standard</th><th>Level</th><th>Score</th><th>Mastered</th><th>Evidence</th></tr></thead>\n<tbody>\n"
        for student in progress.students {
            for standing in student.standards {
                let result = standing.result
                out += "<tr><td>\(Escape.html(student.name))</td><td class=\"code\">\(Escape.html(standing.code))</td>"
                    + "<td class=\"code\">\(Escape.html(ProgressReportRenderer.levelName(result.level, progress)))</td>"
                    + "<td>\(ProgressReportRenderer.score(result.score))</td>"
                    + "<td class=\"\(result.mastered ? "yes" : "no")\">\(result.mastered ? "yes" : "no")</td>"
                    + "<td>\(Escape.html(ProgressReportRenderer.evidence(result, progress)))</td></tr>\n"
            }
        }
        out += "</tbody>\n</table>\n<h2>Regrouping</h2>\n"
        if progress.regrouping.isEmpty { out += "<p>Every assessed student has mastered every standard.</p>\n" }
        for group in progress.regrouping {
            out += "<h3>\(Escape.html(group.code))</h3>\n<ul>\n" + group.needing.map {
                "<li>\(Escape.html($0.name)) (\(Escape.html(ProgressReportRenderer.levelName($0.level, progress))))</li>\n"
            }.joined() + "</ul>\n"
            if !group.unassessed.isEmpty {
                out += "<p>Not yet assessed: " + group.unassessed.map { Escape.html($0.name) }.joined(separator: ", ") + "</p>\n"
            }
        }
        return out + "</body>\n</html>\n"
    }

    /// Students by items; item ids run up the header, names down the left.
    static func heatMap(_ progress: ClassProgress) -> String {
        let items = progress.items
        // Room on the right for the last item's slanted id.
        let width = nameWidth + items.count * cell + headerHeight
        let height = headerHeight + progress.students.count * cell + 10
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"\(width)\" height=\"\(height)\" "
            + "viewBox=\"0 0 \(width) \(height)\" aria-label=\"Each student's items by status\">\n"
        for (column, item) in items.enumerated() {
            let x = nameWidth + column * cell + cell / 2 + 4
            out += "<text x=\"\(x)\" y=\"\(headerHeight - 6)\" font-size=\"11\" transform=\"rotate(-60 \(x) \(headerHeight - 6))\">"
                + "<title>\(Escape.html(item.title))</title>\(Escape.html(item.id))</text>\n"
        }
        for (row, student) in progress.students.enumerated() {
            let y = headerHeight + row * cell
            out += "<text x=\"\(nameWidth - 6)\" y=\"\(y + cell - 7)\" font-size=\"12\" text-anchor=\"end\">\(Escape.html(student.name))</text>\n"
            let byID = Dictionary(student.items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            for (column, planned) in items.enumerated() {
                let x = nameWidth + column * cell
                guard let item = byID[planned.id] else { continue }
                let style = style(item.status)
                out += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell)\" height=\"\(cell)\" fill=\"\(style.fill)\" stroke=\"#777\" stroke-width=\"0.5\">"
                    + "<title>\(Escape.html(student.name)): \(Escape.html(planned.title)), \(style.words), due \(item.due)</title></rect>\n"
                if !style.mark.isEmpty {
                    let ink = item.status == .missing ? "#fff" : "#111"
                    out += "<text x=\"\(x + cell / 2)\" y=\"\(y + cell - 7)\" font-size=\"11\" text-anchor=\"middle\" fill=\"\(ink)\">\(style.mark)</text>\n"
                }
            }
        }
        return out + "</svg>\n"
    }
}
