import YAMLTree

struct UnknownStandardCheck: ProjectCheck {
    static let rule = RuleInfo(
        id: "unknown-standard", severity: .error,
        summary: "A standard code that is in none of the project's catalogs.",
        explanation: """
            Targets and milestone standards are checked against the catalogs in \
            `standards.catalogs` (or, when none are listed, every catalog pbl knows). Codes match \
            however they are written: W.7.1a, W.7.1.a and CCSS.ELA-Literacy.W.7.1.a are one code. \
            A code in no catalog is usually a typo; pbl suggests the nearest ones.
            """
    )

    static func check(_ context: CheckContext, _ sink: inout DiagnosticSink) {
        guard context.allCatalogsLoaded else { return }
        let codes = (context.project.standards?.targets ?? []) + context.milestones.flatMap(\.milestone.standards)
        for code in codes where context.standards.lookup(code.value) == nil {
            let nearest = context.standards.nearest(to: code.value)
            let catalogs = context.standards.catalogs.compactMap(\.id?.value).joined(separator: ", ")
            sink.report(rule, "`\(code.value)` is not in the catalogs (\(catalogs.isEmpty ? "none loaded" : catalogs))", at: code,
                        help: nearest.isEmpty ? "check the code, or add the catalog that has it to `standards.catalogs`"
                            : "did you mean " + nearest.map { "`\($0)`" }.joined(separator: ", ") + "?")
        }
    }
}
