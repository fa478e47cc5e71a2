import ArgumentParser
import Foundation
import Planner
import Render

extension PBL {
    struct RenderAll: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "render",
            abstract: "Everything for one project in one folder: schedule, checklists, sign-off sheets and an index.html.",
            discussion: """
                Writes schedule.html, .md and .csv, a calendar to import (schedule.ics, or \
                schedule-<section>.ics for each section), checklists.html and checklists.pdf (every \
                student, one per printed page), checklists/<id>-<name>.html, .md and .pdf, \
                teacher.html and teacher.pdf, and index.html, which links them all. Without \
                students, the checklists are blank (one per section, a line for the name) and the \
                sign-off sheets have blank rows. Each file is written atomically.
                """
        )

        @Argument(help: "The project file.")
        var file: String

        @Option(name: .shortAndLong, help: "The folder to write into (created if needed).")
        var output: String

        @Option(help: "Paper size for printing: letter or a4 (default: the look's `paper`, else letter).")
        var paper: Checklists.Paper?

        @OptionGroup var templates: TemplateOptions

        func run() throws {
            let workspace = templates.workspace()
            let (project, schedule, projectInputs) = try ProjectInput.load(file, workspace: workspace)
            let plan = schedule.plan
            let roots = workspace.roots(for: file)
            let renderer = TemplateRenderer(roots: roots)
            let (look, lookInputs) = try LookInput.load(for: file, roots: roots, paper: paper.flatMap { PaperSize(rawValue: $0.rawValue) })
            let writer = OutputFile(inputs: projectInputs + lookInputs)
            let pdf: ChecklistPDF
            do {
                pdf = try ChecklistPDF(look: look, date: OutputClock.now(), author: project.authorNames)
            } catch {
                FileHandle.standardError.write("pbl: error: \(error)\n")
                throw ExitCode(Status.inputErrors)
            }
            let folder = URL(fileURLWithPath: output)
            var owned: RenderFolder
            do {
                owned = try RenderFolder.claim(folder)
            } catch {
                FileHandle.standardError.write("pbl: error: \(error)\n")
                throw ExitCode(Status.io)
            }
            func write(_ text: String, _ name: String) throws {
                try writer.write(text, to: folder.appendingPathComponent(name).path)
                owned.record(name)
            }
            func write(_ data: Data, _ name: String) throws {
                try writer.write(data, to: folder.appendingPathComponent(name).path)
                owned.record(name)
            }
            let now = pdf.date
            do {
                try FileManager.default.createDirectory(at: folder.appendingPathComponent("checklists"), withIntermediateDirectories: true)
                try write(try renderer.render("schedule.html", ScheduleContext.make(plan)), "schedule.html")
                try write(try renderer.render("schedule.md", ScheduleContext.make(plan)), "schedule.md")
                try write(CSVRenderer().render(plan), "schedule.csv")
                // One calendar a file (what calendar apps import), one file per section.
                let calendar = ICalendarRenderer(stamp: Timestamp(now))
                var calendars: [[String: Any]] = []
                for section in plan.sections {
                    let name = section.id.map { "schedule-\(FileName.slug($0)).ics" } ?? "schedule.ics"
                    try write(calendar.render(plan.filtered(section: section.id)), name)
                    calendars.append(section.id.map { ["file": name, "section": $0] } ?? ["file": name])
                }
                let everyone = plan.sections.flatMap { section in section.students.map { (student: $0, section: section) } }
                // A class without a roster gets checklists and sheets to fill in by hand.
                let printed = everyone.isEmpty ? plan.studentsWithBlanks(1) : everyone
                let sheets = everyone.isEmpty ? plan.withBlanks(Checklists.defaultBlankRows) : plan
                try write(try ChecklistContext.renderAll(renderer, template: "checklist.html", plan, students: printed, look: look), "checklists.html")
                try write(try pdf.render(plan, students: printed), "checklists.pdf")
                try write(try renderer.render("teacher.html", ChecklistContext.teacher(sheets, sections: sheets.sections, look: look)), "teacher.html")
                try write(try pdf.renderSignOff(sheets, sections: sheets.sections), "teacher.pdf")
                var links: [[String: Any]] = []
                for entry in everyone {
                    let base = "checklists/" + FileName.base(entry.student, in: plan)
                    let context = ChecklistContext.students(plan, students: [entry], look: look)
                    try write(try renderer.render("checklist.html", context), base + ".html")
                    try write(try renderer.render("checklist.md", context), base + ".md")
                    var link: [String: Any] = ["name": entry.student.name, "html": base + ".html", "md": base + ".md", "pdf": base + ".pdf"]
                    if let group = entry.student.groupTitle ?? entry.student.group { link["group"] = group }
                    links.append(link)
                }
                // The students' PDFs on one canvas: fonts and shared text are laid out once.
                try pdf.renderEach(plan, students: everyone) { student, data in
                    try write(data, "checklists/\(FileName.base(student, in: plan)).pdf")
                }
                var index: [String: Any] = ["title": plan.title, "project_id": plan.projectID, "students": links, "calendars": calendars]
                if let question = plan.drivingQuestion { index["driving_question"] = question }
                try write(try renderer.render("index.html", index), "index.html")
                try owned.finish(with: writer)
            } catch let error as TemplateRenderer.TemplateError {
                FileHandle.standardError.write("pbl: \(error)\n")
                throw ExitCode(Status.inputErrors)
            } catch {
                FileHandle.standardError.write("pbl: error: \(error)\n")
                throw ExitCode(Status.io)
            }
            if let note = LookInput.pdfNote(look, renderer: renderer) { FileHandle.standardError.write(note) }
            FileHandle.standardError.write("pbl: wrote \(owned.written.count) files to \(output); open \(folder.appendingPathComponent("index.html").path)\n")
        }
    }
}
