import Diagnostics
import YAMLTree
import PlannerModel
import PlannerDates

struct UnknownStandardCheck: ProjectCheck {
    static let rule = RuleInfo(
        id: "unknown-standard", severity: .error,
        summary: "A standard code that names no one standard of the project's catalogs.",
        explanation: """
            Targets and milestone standards are checked against the catalogs in \
            `standards.catalogs` (or, when none are listed, every catalog pbl knows). Codes match \
            however they are written: W.7.1a, W.7.1.a and CCSS.ELA-Literacy.W.7.1.a are one code, \
            MS.ESS3.3 is MS-ESS3-3, and the 2010 short math forms (8.G.7, 7.RP.2a, A-SSE.1) name \
            the standard with the cluster letter (8.G.B.7), printed as the catalog writes it. A \
            short form that more than one standard of the catalogs shortens to is reported with \
            the candidates. A slot the CCSS leave empty (RL.7.8: reading literature has no \
            standard 8) is reported as such. A code that is in another catalog of the template \
            roots (HS-ETS1-1 in ngss-hs) names that catalog; any other code is usually a typo, \
            and pbl suggests the nearest codes (leaving out the same standard for other grades).
            """
    )

    static func check(_ context: CheckContext, _ sink: inout DiagnosticSink) {
        guard context.allCatalogsLoaded, !context.unresolvedCodes.isEmpty else { return }
        let listed = context.standards.catalogs.map { $0.id?.value ?? $0.file }
        let names = listed.isEmpty ? "none loaded" : listed.joined(separator: ", ")
        // Only a project with a code its catalogs lack pays for loading the others.
        let elsewhere = context.catalogStore.map { store in
            StandardsIndex(catalogs: store.everyCatalog.catalogs.filter { !listed.contains($0.id?.value ?? $0.file) })
        }
        for unresolved in context.unresolvedCodes {
            let code = unresolved.code
            if !unresolved.candidates.isEmpty {
                let candidates = unresolved.candidates.map { "`\($0.code)` (\($0.catalog))" }
                sink.report(rule, "`\(code.value)` names more than one standard: " + candidates.joined(separator: ", "), at: code,
                            help: "write the code as its catalog does, with its cluster letter: "
                                + or(unresolved.candidates.map { "`\($0.code)`" }),
                            fixes: unresolved.candidates.map { .replace(code.range, with: $0.code) })
            } else if let gap = CCSSGaps.gap(code.value) {
                report(gap, at: code, &sink)
            } else if let catalog = (context.standards.catalogs + (elsewhere?.catalogs ?? []))
                .first(where: { listsAsNotApplicable($0, code.value) }) {
                // Another framework's empty slot, as its catalog lists it.
                let id = catalog.id?.value ?? catalog.file
                sink.report(rule, "`\(code.value)` is not a standard: catalog `\(id)` lists it as 'not applicable'", at: code,
                            help: "remove `\(code.value)`, or name the standard the milestone works on")
            } else if let elsewhere, let help = otherCatalogs(code.value, elsewhere) {
                sink.report(rule, "`\(code.value)` is not in the catalogs (\(names))", at: code, help: help)
            } else {
                let (help, nearest) = typoHelp(code.value, context.standards)
                sink.report(rule, "`\(code.value)` is not in the catalogs (\(names))", at: code,
                            help: help, fixes: nearest.map { .replace(code.range, with: $0) })
            }
        }
    }

    private static func listsAsNotApplicable(_ catalog: Catalog, _ code: String) -> Bool {
        guard !catalog.notApplicable.isEmpty else { return false }
        let key = StandardCode.normalize(code)
        return catalog.notApplicable.contains { StandardCode.normalize($0.value) == key }
    }

    /// RL.7.8 and the other slots the CCSS leave empty.
    private static func report(_ gap: CCSSGaps.Gap, at code: Located<String>, _ sink: inout DiagnosticSink) {
        let help: String
        switch gap.reason {
        case .notApplicable(let instead, let about):
            help = "remove `\(code.value)`; or, for \(about), write `\(instead)` instead"
        case .beginsIn:
            help = "remove `\(code.value)`, or name the standard of this grade the milestone works on"
        }
        sink.report(rule, "`\(code.value)` is not a standard: " + gap.explanation, at: code, help: help)
    }

    /// "HS-ETS1-1 is in catalog `ngss-hs`; add it to `standards.catalogs`", when a catalog of
    /// the roots the project does not list holds the code.
    private static func otherCatalogs(_ code: String, _ elsewhere: StandardsIndex) -> String? {
        switch elsewhere.resolve(code) {
        case .found(let entry):
            let named = StandardCode.normalize(entry.code) == StandardCode.normalize(code) ? "`\(code)` is" : "`\(code)` is `\(entry.code)`"
            return "\(named) in catalog `\(entry.catalog)`; add it to `standards.catalogs`"
        case .ambiguous(let candidates):
            return "`\(code)` could be " + or(candidates.map { "`\($0.code)` (catalog `\($0.catalog)`)" })
                + "; add that catalog to `standards.catalogs` and write the code as it does"
        case .notFound:
            return nil
        }
    }

    /// The nearest codes, less the same standard for another grade (`MS-ETS1-1` for
    /// `HS-ETS1-1`): a teacher who writes a grade means it.
    /// The help, and the codes it suggests writing instead (each a fix).
    private static func typoHelp(_ code: String, _ standards: StandardsIndex) -> (help: String, nearest: [String]) {
        let nearest = standards.nearest(to: code)
        let key = StandardCode.normalize(code)
        let otherGrades = nearest.filter { StandardCode.differsOnlyInGrade(key, StandardCode.normalize($0)) }
        // The same standard for another grade says the code is a real one the catalogs lack:
        // then the other near codes are no better.
        if let other = otherGrades.first {
            return ("no catalog in the template roots has `\(code)`; add one that does to `standards.catalogs` "
                + "(`\(other)` is this standard for another grade)", [])
        }
        if !nearest.isEmpty { return ("did you mean " + nearest.map { "`\($0)`" }.joined(separator: ", ") + "?", nearest) }
        return ("check the code, or add the catalog that has it to `standards.catalogs`", [])
    }

    private static func or(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " or " + items[items.count - 1]
    }
}
