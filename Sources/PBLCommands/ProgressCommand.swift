import ArgumentParser
import Foundation
import Planner
import Render
import Diagnostics
import YAMLTree

extension PBL {
    struct ProgressCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "progress",
            abstract: "After the printout: what each student has done, mastery per standard, who needs what again.",
            discussion: """
                `pbl progress sheet PROJECT -o progress.csv` writes the grid to fill in (a row per \
                student, a column per item and per rubric criterion); name it in the project's \
                `progress:` list. `pbl progress PROJECT` reads every file that list names and \
                reports as of a date (today by default). docs/progress.md describes both.
                """,
            subcommands: [Report.self, Sheet.self, Conference.self],
            defaultSubcommand: Report.self
        )

        struct Report: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "The class at a glance, mastery per standard with its evidence, and regrouping (the default).")

            @Argument(help: "The project file.") var file: String
            @Option(help: "The date to report as of, YYYY-MM-DD (default: today; SOURCE_DATE_EPOCH when set).") var asOf: String?
            @Option(help: "Only this section.") var section: String?
            @Option(help: "Only this student: an id, or a name only one student has.") var student: String?
            @Option(help: "Output format: text, md, html, csv, json or gradebook-csv (for Canvas's gradebook import).") var format: ProgressReportRenderer.Format = .text
            @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of standard output.") var output: String?
            @OptionGroup var templates: TemplateOptions

            func validate() throws {
                try AsOfDate.check(asOf)
            }

            func run() throws {
                let workspace = templates.workspace()
                let (project, schedule, inputs) = try ProjectInput.load(file, workspace: workspace)
                let day = AsOfDate.day(asOf)
                try ProgressCommand.refuseFutureEntries(project, asOf: day)
                var plan = try schedule.plan.selecting(section: section)
                if let student {
                    let id = try schedule.plan.studentID(student, section: section)
                    for index in plan.sections.indices { plan.sections[index].students.removeAll { $0.id != id } }
                }
                let progress = ClassProgress(project: project, plan: plan, asOf: day)
                let text = ProgressReportRenderer.render(progress, title: project.title?.value ?? project.id?.value ?? file, as: format)
                try ProgressCommand.write(text, to: output, inputs: inputs)
            }
        }

        struct Sheet: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Write the progress sheet to fill in: CSV, a row per student, a column per item and rubric criterion.")

            @Argument(help: "The project file.") var file: String
            @Option(name: .shortAndLong, help: "The CSV file to write (atomically; never over a progress file pbl reads).") var output: String?
            @Option(help: "Only this section.") var section: String?
            @OptionGroup var templates: TemplateOptions

            func run() throws {
                let workspace = templates.workspace()
                // The sheet is how a progress file comes to be: one `progress:` names that is not
                // written yet is said, and does not stop it.
                let (_, schedule, inputs) = try ProjectInput.load(file, workspace: workspace, tolerating: [Rules.progressNotFound.id])
                let plan = try schedule.plan.selecting(section: section)
                try ProgressCommand.write(ProgressSheetRenderer.render(plan), to: output, inputs: inputs)
            }
        }

        struct Conference: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "A student's own report for a conference: goals, what is done, what is next, mastery with its evidence, reflections.")

            @Argument(help: "The project file.") var file: String
            @Option(help: "The student: an id, or a name only one student has.") var student: String
            @Option(help: "The date to report as of, YYYY-MM-DD (default: today; SOURCE_DATE_EPOCH when set).") var asOf: String?
            @Option(help: "Output format: html or pdf.") var format: ConferenceFormat = .html
            @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of standard output.") var output: String?
            @OptionGroup var templates: TemplateOptions

            enum ConferenceFormat: String, ExpressibleByArgument, CaseIterable { case html, pdf }

            func validate() throws {
                try AsOfDate.check(asOf)
            }

            func run() throws {
                let workspace = templates.workspace()
                if format == .pdf, output == nil, isatty(STDOUT_FILENO) == 1 {
                    throw ValidationError("a PDF is not for the terminal: write it with -o FILE.pdf")
                }
                let (project, schedule, inputs) = try ProjectInput.load(file, workspace: workspace)
                let day = AsOfDate.day(asOf)
                try ProgressCommand.refuseFutureEntries(project, asOf: day)
                let id = try schedule.plan.studentID(student, section: nil)
                let progress = ClassProgress(project: project, plan: schedule.plan, asOf: day)
                guard let standing = progress.students.first(where: { $0.id == id }),
                      let view = schedule.plan.view(of: id) else { throw schedule.plan.unknownStudent(student) }
                let report = ConferenceReport(student: standing, plan: schedule.plan, progress: progress)
                switch format {
                case .html:
                    try ProgressCommand.write(report.html, to: output, inputs: inputs)
                case .pdf:
                    let roots = workspace.roots(for: file)
                    let (look, lookInputs) = try LookInput.load(for: file, roots: roots, paper: nil)
                    let data = try ChecklistPDF(look: look, date: OutputClock.now(), author: project.authorNames)
                        .conference(report, plan: schedule.plan, student: view.student, section: view.section)
                    do {
                        try OutputFile(inputs: inputs + lookInputs).write(data, to: output)
                    } catch {
                        FileHandle.standardError.write("pbl: error: \(error)\n")
                        throw ExitCode(Status.io)
                    }
                }
            }
        }

        /// A record dated after the report's day has not happened yet: a typo, or the wrong `--as-of`.
        static func refuseFutureEntries(_ project: Project, asOf day: CivilDate) throws {
            var sink = DiagnosticSink(file: project.file)
            for entry in project.progressEntries {
                let on: CivilDate? = switch entry.mark {
                case .done(let on), .level(_, let on): on
                default: nil
                }
                if let on, on > day {
                    sink.report(Rules.progressDate, "\(on) is after the day of this report (\(day))", at: entry.range, in: entry.file,
                                help: "is the date right? or report as of a later day with --as-of")
                }
            }
            guard !sink.diagnostics.isEmpty else { return }
            // The files' text again, for the lines shown: only when there is something to show.
            var sources: [String: SourceText] = [:]
            for file in Set(sink.diagnostics.compactMap(\.file)) {
                if case .bytes(let bytes)? = try? FileReader.read(file), let text = try? SourceText(bytes: bytes) { sources[file] = text }
            }
            ProjectInput.printFindings(Array(sink.diagnostics.prefix(Validator.maxFindingsPerFile)), sources: sources)
            FileHandle.standardError.write("pbl: \(sink.diagnostics.count) record\(sink.diagnostics.count == 1 ? " is" : "s are") dated after \(day)\n")
            throw ExitCode(Status.inputErrors)
        }

        /// The plan as `pbl checklists --progress` prints it: the record's marks, late work
        /// given new dates from `asOf`; a new date that lands on or after a class event that
        /// needs the work is said, once per student and piece of work.
        static func repaced(_ plan: DatedPlan, project: Project, schedule: Schedule, asOf day: CivilDate) throws -> DatedPlan {
            try refuseFutureEntries(project, asOf: day)
            var feeds: [String: [String]] = [:]
            for (_, milestone) in project.milestones where milestone.isClassEvent {
                guard let event = milestone.id?.value else { continue }
                for work in milestone.after { feeds[work.value, default: []].append(event) }
            }
            var calendars: [String?: SchoolCalendar] = [:]
            for facts in schedule.sections { calendars[facts.id] = facts.calendar }
            let progress = ClassProgress(project: project, plan: plan, asOf: day)
            let (repaced, late, ranOut) = Repacing.apply(progress, to: plan, calendars: calendars, feeds: feeds)
            for problem in ranOut {
                let last = problem.lastMeeting.map { " (\($0))" } ?? ""
                FileHandle.standardError.write("pbl: warning: \(Escape.terminal(problem.student)): no class meeting left for "
                    + problem.work.map { "`\($0)`" }.joined(separator: ", ")
                    + " in the calendar pbl counts (the plan's days and the longest extra days, or a month past the exhibition): "
                    + "they share the last meeting\(last); plan the rest with the student\n")
            }
            for problem in late {
                FileHandle.standardError.write("pbl: warning: \(Escape.terminal(problem.student))'s `\(problem.work)` moves to \(problem.due), "
                    + "on or after `\(problem.event)` (\(problem.eventDate)), which needs it: talk with the student about the event\n")
            }
            return repaced
        }

        static func write(_ text: String, to output: String?, inputs: [String]) throws {
            do {
                try OutputFile(inputs: inputs).write(text, to: output)
            } catch {
                FileHandle.standardError.write("pbl: error: \(error)\n")
                throw ExitCode(Status.io)
            }
        }
    }
}

extension ProgressReportRenderer.Format: ExpressibleByArgument {}

/// `--as-of DATE`, as every progress command takes it: written YYYY-MM-DD, today by default.
enum AsOfDate {
    static func check(_ text: String?) throws {
        if let text, CivilDate(iso: text) == nil {
            throw ValidationError("--as-of takes a date written YYYY-MM-DD, not `\(HumanRenderer.shown(text, limit: 40))`")
        }
    }

    /// The date given, or today where pbl runs (the teacher's day; SOURCE_DATE_EPOCH's in UTC).
    static func day(_ text: String?) -> CivilDate {
        if let given = text.flatMap(CivilDate.init(iso:)) { return given }
        var calendar = Calendar(identifier: .gregorian)
        if ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"] != nil { calendar.timeZone = TimeZone(identifier: "UTC")! }
        let parts = calendar.dateComponents([.year, .month, .day], from: OutputClock.now())
        return CivilDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
