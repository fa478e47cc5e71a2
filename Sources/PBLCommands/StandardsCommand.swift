import ArgumentParser
import Foundation
import Planner
import Render
import Diagnostics
import YAMLTree

extension PBL {
    struct Standards: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Look up the standards catalogs: list, show, search, coverage of a project.",
            subcommands: [List.self, Show.self, Search.self, Coverage.self, Import.self]
        )

        /// Every catalog in the template roots (or just one).
        static func catalogs(_ store: CatalogStore, only: String?) throws -> [Catalog] {
            let ids = only.map { [$0] } ?? store.availableIDs
            var catalogs: [Catalog] = []
            for id in ids {
                switch store.catalog(named: id, relativeTo: ".") {
                case .loaded(let catalog): catalogs.append(catalog)
                case .notFound:
                    throw ValidationError("no catalog `\(id)`; catalogs: " + store.availableIDs.joined(separator: ", "))
                case .unreadable(let reason):
                    FileHandle.standardError.write("pbl: warning: catalog \(id) skipped: \(reason)\n")
                }
            }
            return catalogs
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List standards, by catalog, grade or subject.")

            @Option(help: "Only this catalog.") var catalog: String?
            @Option(help: "Only standards for this grade (K, 1-12, or a band such as 6-8).") var grade: String?
            @Option(help: "Only this subject.") var subject: String?
            @Option(help: "Output format: text, json or csv.") var format: StandardsListRenderer.Format = .text
            @OptionGroup var templates: TemplateOptions

            func run() throws {
                let workspace = templates.workspace()
                let wanted = try grade.map { text -> Grade in
                    guard let grade = Grade(text) else { throw ValidationError("`\(text)` is not a grade (K, 1-12 or a band like 6-8)") }
                    return grade
                }
                let catalogs = try Standards.catalogs(workspace.catalogs(for: "."), only: catalog)
                var rows: [(catalog: String, standard: Standard)] = []
                for catalog in catalogs {
                    for standard in catalog.standards {
                        if let wanted, let grade = standard.grade?.value, !grade.overlaps(wanted) { continue }
                        if let subject, standard.subject?.value.lowercased() != subject.lowercased() { continue }
                        rows.append((catalog.id?.value ?? "", standard))
                    }
                }
                try StandardStreams.out(StandardsListRenderer.render(rows, as: format))
            }
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Show one standard, and which projects in the given paths address it.")

            @Argument(help: "The code, written any way (W.7.1a, W.7.1.a, CCSS.ELA-Literacy.W.7.1.a).") var code: String
            @Argument(help: "Project files or folders to search for milestones that address it.") var paths: [String] = []
            @OptionGroup var templates: TemplateOptions

            func run() throws {
                let workspace = templates.workspace()
                let store = workspace.catalogs(for: ".")
                let index = StandardsIndex(catalogs: try Standards.catalogs(store, only: nil))
                let entry: StandardsIndex.Entry
                switch index.resolve(code) {
                case .found(let found):
                    entry = found
                case .ambiguous(let candidates):
                    throw ValidationError("`\(code)` names more than one standard: " + candidates.map { "\($0.code) (\($0.catalog))" }.joined(separator: ", "))
                case .notFound:
                    if let gap = CCSSGaps.gap(code) { throw ValidationError("`\(code)` is not a standard: " + gap.explanation) }
                    let nearest = index.nearest(to: code)
                    throw ValidationError("no standard `\(code)` in the catalogs" + (nearest.isEmpty ? "" : "; nearest: " + nearest.joined(separator: ", ")))
                }
                let standard = entry.standard
                var text = "\(standard.code?.value ?? code)  (\(entry.catalog))\n"
                if let grade = standard.grade?.value { text += "grade: \(grade)\n" }
                if let subject = standard.subject?.value { text += "subject: \(subject)\n" }
                if let parent = standard.parent?.value { text += "part of: \(parent)\n" }
                if standard.plus?.value == true { text += "(+): beyond what every student studies\n" }
                if standard.modeling?.value == true { text += "★: a modeling standard\n" }
                text += "\(standard.text?.value ?? "")\n"
                if !paths.isEmpty {
                    let validator = Validator(workspace: workspace)
                    // Projects come back with their codes as the catalogs write them.
                    let key = StandardCode.normalize(entry.code)
                    var found: [String] = []
                    for file in InputDiscovery.yamlFiles(in: paths).files {
                        guard let project = validator.validate(path: file).project else { continue }
                        for (_, milestone) in project.milestones where milestone.standards.contains(where: { StandardCode.normalize($0.value) == key }) {
                            found.append("  \(file):\(milestone.id?.range.start.line ?? 0): \(milestone.id?.value ?? "") \(milestone.title?.value ?? "")")
                        }
                    }
                    text += found.isEmpty ? "no milestone in the given paths addresses it\n" : "addressed by:\n" + found.joined(separator: "\n") + "\n"
                }
                try StandardStreams.out(text)
            }
        }

        struct Search: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Search standards by words in their code and summary, best first.")

            @Argument(help: "Words to look for.") var text: [String]
            @Option(help: "Only this catalog.") var catalog: String?
            @Option(help: "Most results to show.") var limit = 20
            @OptionGroup var templates: TemplateOptions

            func run() throws {
                let workspace = templates.workspace()
                let catalogs = try Standards.catalogs(workspace.catalogs(for: "."), only: catalog)
                let hits = StandardsSearch.search(text.joined(separator: " "), in: catalogs).prefix(limit)
                if hits.isEmpty {
                    FileHandle.standardError.write("pbl: no standard matches \"\(text.joined(separator: " "))\"\n")
                    throw ExitCode(Status.inputErrors)
                }
                try StandardStreams.out(StandardsListRenderer.render(hits.map { ($0.catalog, $0.standard) }, as: .text))
            }
        }
    }
}

extension StandardsListRenderer.Format: ExpressibleByArgument {}
