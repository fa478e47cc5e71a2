import Planner

/// `--format html`: one self-contained, accessible page: a semantic table per cycle, no
/// scripts, no fonts or images from the network, and a print stylesheet.
public struct HTMLScheduleRenderer {
    public init() {}

    static let style = """
        body { font: 11pt/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: #111; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
        h1 { font-size: 1.6rem; margin-bottom: .2rem; }
        .question { font-style: italic; margin-top: 0; }
        table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; }
        caption { text-align: left; font-weight: 600; font-size: 1.1rem; padding: .3rem 0; }
        th, td { border: 1px solid #999; padding: .25rem .5rem; text-align: left; vertical-align: top; }
        thead th { background: #eee; }
        td.date { white-space: nowrap; }
        .kind { font-size: .85em; text-transform: uppercase; letter-spacing: .03em; }
        .goal { margin: 0; color: #333; font-weight: normal; font-size: 1rem; }
        .options { font-weight: normal; }
        @media print {
          body { margin: 0; max-width: none; font-size: 10pt; }
          table { page-break-inside: auto; }
          tr { page-break-inside: avoid; }
          thead { display: table-header-group; }
          thead th { background: none; border-bottom: 2px solid #000; }
        }
        """

    public func render(_ plan: DatedPlan) -> String {
        let e = Escape.html
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(plan.title))</title>
            <style>
            \(Self.style)
            </style>
            </head>
            <body>
            <header>
            <h1>\(e(plan.title))</h1>

            """
        if let question = plan.drivingQuestion { out += "<p class=\"question\">\(e(question))</p>\n" }
        if let product = plan.productTitle {
            out += "<p>Public product: \(e(product))" + (plan.audience.map { ", for \(e($0))" } ?? "") + "</p>\n"
        }
        if let exhibition = plan.exhibition { out += "<p>Exhibition: <time datetime=\"\(exhibition)\">\(exhibition)</time></p>\n" }
        out += "</header>\n<main>\n"
        for section in plan.sections {
            if let id = section.id { out += "<h2>Section \(e(id))</h2>\n" }
            for cycle in section.cycles {
                out += "<section>\n<table>\n<caption>\(e(cycle.title)): <time datetime=\"\(cycle.start)\">\(cycle.start)</time> to "
                    + "<time datetime=\"\(cycle.end)\">\(cycle.end)</time>, \(cycle.days) class days"
                    + (cycle.goal.map { "<p class=\"goal\">\(e($0))</p>" } ?? "") + "</caption>\n"
                out += "<thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Day</th><th scope=\"col\">Kind</th>"
                    + "<th scope=\"col\">Item</th><th scope=\"col\">Deliverable</th><th scope=\"col\">Standards</th></tr></thead>\n<tbody>\n"
                for item in cycle.items {
                    var title = e(item.title)
                    if item.optional { title += " <em>(optional)</em>" }
                    if !item.options.isEmpty {
                        title += "<br><span class=\"options\">Choose: " + item.options.map { e($0.title) }.joined(separator: " or ") + "</span>"
                    }
                    let deliverable = [item.deliverable, item.evidence.map { "Evidence: " + $0 }].compactMap { $0 }.map(e).joined(separator: "<br>")
                    out += "<tr><td class=\"date\"><time datetime=\"\(item.date)\">\(item.date.weekday.shortName) \(item.date)</time></td>"
                        + "<td>\(item.day)</td><td class=\"kind\">\(item.kindName)</td><th scope=\"row\">\(title)</th>"
                        + "<td>\(deliverable)</td><td>\(item.standards.map(e).joined(separator: ", "))</td></tr>\n"
                }
                out += "</tbody>\n</table>\n</section>\n"
            }
        }
        out += "</main>\n<footer><p>Made with pbl from the project <code>\(e(plan.projectID))</code>.</p></footer>\n</body>\n</html>\n"
        return out
    }
}
