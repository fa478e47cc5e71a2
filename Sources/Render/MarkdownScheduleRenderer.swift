import Planner

/// `--format md`: GitHub-flavoured Markdown, a table per cycle.
public struct MarkdownScheduleRenderer {
    public init() {}

    public func render(_ plan: DatedPlan) -> String {
        var out = "# " + Escape.markdown(plan.title) + "\n"
        if let question = plan.drivingQuestion { out += "\n*" + Escape.markdown(question) + "*\n" }
        if let product = plan.productTitle {
            out += "\nPublic product: " + Escape.markdown(product) + (plan.audience.map { ", for " + Escape.markdown($0) } ?? "") + "\n"
        }
        if let exhibition = plan.exhibition { out += "\nExhibition: \(exhibition)\n" }
        for section in plan.sections {
            if let id = section.id { out += "\n## Section " + Escape.markdown(id) + "\n" }
            for cycle in section.cycles {
                let level = section.id == nil ? "##" : "###"
                out += "\n\(level) " + Escape.markdown(cycle.title) + " (\(cycle.start) to \(cycle.end), \(cycle.days) days)\n"
                if let goal = cycle.goal { out += "\n" + Escape.markdown(goal) + "\n" }
                out += "\n| Date | Day | Kind | Item | Deliverable | Standards |\n| --- | ---: | --- | --- | --- | --- |\n"
                for item in cycle.items {
                    var title = Escape.markdownCell(item.title)
                    if item.optional { title += " (optional)" }
                    if !item.options.isEmpty {
                        title += ": choose " + item.options.map { Escape.markdownCell($0.title) }.joined(separator: " or ")
                    }
                    let deliverable = [item.deliverable, item.evidence.map { "Evidence: " + $0 }].compactMap { $0 }
                        .map(Escape.markdownCell).joined(separator: "; ")
                    out += "| \(item.date.weekday.shortName) \(item.date) | \(item.day) | \(item.kindName) | \(title) | \(deliverable) | "
                        + item.standards.map(Escape.markdownCell).joined(separator: ", ") + " |\n"
                }
            }
        }
        return out
    }
}
