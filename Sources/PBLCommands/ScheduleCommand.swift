import ArgumentParser
import Foundation
import Planner
import Render
import YAMLTree

extension PBL {
    struct ScheduleCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "schedule",
            abstract: "Print a project's schedule on real dates: text, md, html, csv, ics or json.",
            discussion: """
                The project is validated first; with errors, nothing is printed. ics gives one \
                calendar (one VCALENDAR, as calendar apps import it): every section's events, each \
                marked with its section (`[p2] ...`); one section's with --section; the student's \
                with --student. Event ids stay the same across runs, so a re-import updates the \
                calendar. DTSTAMP comes from SOURCE_DATE_EPOCH when set.
                """
        )

        @Argument(help: "The project file.")
        var file: String

        @Option(help: "Output format: text, md, html, csv, ics or json.")
        var format: Format = .text

        @Option(help: "Only this section.")
        var section: String?

        @Option(help: "This student's own schedule (their dates and items): an id, or a name only one student has.")
        var student: String?

        @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of standard output.")
        var output: String?

        @OptionGroup var templates: TemplateOptions

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, md, html, csv, ics, json
        }

        func run() throws {
            let workspace = templates.workspace()
            let (_, schedule, inputs) = try ProjectInput.load(file, workspace: workspace)
            let plan = try schedule.plan.selecting(section: section)
            let text: String
            if let student {
                let id = try schedule.plan.studentID(student, section: section)
                guard let view = plan.studentView(of: id) else { throw plan.unknownStudent(student) }
                text = format == .ics
                    ? ICalendarRenderer(stamp: Timestamp(OutputClock.now())).render(student: view.student, of: plan, section: view.section)
                    : format == .csv ? CSVRenderer().render(student: view.student, section: view.section, plan: plan) : try render(view.plan, workspace)
            } else {
                text = try render(plan, workspace)
            }
            do {
                try OutputFile(inputs: inputs).write(text, to: output)
            } catch {
                FileHandle.standardError.write("pbl: error: \(error)\n")
                throw ExitCode(Status.io)
            }
        }

        /// Documents (text, md, html) come from templates; data formats from their renderers.
        private func render(_ plan: DatedPlan, _ workspace: Workspace) throws -> String {
            switch format {
            case .text: try document("schedule.txt", plan, workspace)
            case .md: try document("schedule.md", plan, workspace)
            case .html: try document("schedule.html", plan, workspace)
            case .csv: CSVRenderer().render(plan)
            case .ics: ICalendarRenderer(stamp: Timestamp(OutputClock.now())).render(plan)
            case .json: JSONScheduleRenderer().render(plan)
            }
        }

        private func document(_ template: String, _ plan: DatedPlan, _ workspace: Workspace) throws -> String {
            do {
                return try TemplateRenderer(roots: workspace.roots(for: file)).render(template, ScheduleContext.make(plan))
            } catch {
                FileHandle.standardError.write("pbl: \(error)\n")
                throw ExitCode(Status.inputErrors)
            }
        }
    }
}
