import ArgumentParser
import Foundation
import Planner
import Render

extension PBL {
    struct Checklists: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print each student's checklist (html or pdf for print, md, text), or the teacher's sign-off sheets.",
            discussion: """
                One student per printed page. With -o FOLDER (an existing folder, or a path \
                ending in /) each student gets a file `<id>-<name>.<ext>`; with -o FILE all \
                students go in one file. Templates come from render/checklist.<ext>.mustache \
                in the template roots (see `pbl templates show render/checklist.html`).

                --format pdf lays the checklists out directly (no browser, no template): fonts \
                embedded, text searchable, a bookmark per student, page numbers per student. \
                It is not written to a terminal: give -o FILE.pdf or -o FOLDER/. Its dates \
                come from SOURCE_DATE_EPOCH when set, so the same input gives the same bytes.

                Without students (no roster), each section gets a blank checklist with a line \
                for the name, and --teacher sheets get \(Self.defaultBlankRows) blank rows; \
                --blank N asks for N of them (per section; with a roster, N spares after the \
                students).
                """
        )

        @Argument(help: "The project file.")
        var file: String

        @Option(help: "Output format: html, pdf, md or text.")
        var format: Format = .html

        @Option(help: "Only this student (repeatable): an id, or a name only one student has.")
        var student: [String] = []

        @Option(help: "Only this section.")
        var section: String?

        @Flag(help: "The teacher's version: a sign-off sheet per cycle, every student against each checkpoint.")
        var teacher = false

        @Option(help: "Paper size for printing: letter or a4 (default: the look's `paper`, else letter).")
        var paper: Paper?

        @Option(name: .shortAndLong, help: "A folder (one file per student) or a file (all students).")
        var output: String?

        @Option(help: ArgumentHelp(
            "Blank checklists (with --teacher: blank rows) per section, with a line for the name: spares after the students, or for a class without a roster (default 1, and \(Self.defaultBlankRows) rows). 0 to \(Self.maxBlank).",
            valueName: "n"))
        var blank: Int?

        @Flag(help: "Print what the progress files record: done items ticked and dated, missed ones flagged, a student's late work given new dates from --as-of.")
        var progress = false

        @Option(help: "With --progress: the day to re-pace from, YYYY-MM-DD (default: today; SOURCE_DATE_EPOCH when set).")
        var asOf: String?

        @OptionGroup var templates: TemplateOptions

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case html, pdf, md, text

            var fileExtension: String { self == .text ? "txt" : rawValue }
        }

        enum Paper: String, ExpressibleByArgument, CaseIterable {
            case letter, a4
        }

        /// Blank checklists (or rows) are sized by a number from the command line: bounded.
        static let maxBlank = 500
        /// Rows to write names in on a sign-off sheet of a class without students: a sheet's page.
        static let defaultBlankRows = 15

        func validate() throws {
            if asOf != nil && !progress { throw ValidationError("--as-of goes with --progress") }
            try AsOfDate.check(asOf)
            if let blank, !(0...Self.maxBlank).contains(blank) {
                throw ValidationError("--blank takes a number from 0 to \(Self.maxBlank), not \(blank)")
            }
        }

        func run() throws {
            let workspace = templates.workspace()
            if format == .pdf, output == nil, isatty(STDOUT_FILENO) == 1 {
                throw ValidationError("a PDF is not for the terminal: write it with -o FILE.pdf (all students) or -o FOLDER/ (one file each)")
            }
            let (project, schedule, inputs) = try ProjectInput.load(file, workspace: workspace)
            // A class's project and plans are freed by the process's exit, not one by one:
            // that took longer than writing their checklists.
            defer { UntilExit.keep(project, schedule) }
            var selected = try schedule.plan.selecting(section: section)
            if progress {
                selected = try ProgressCommand.repaced(selected, project: project, schedule: schedule,
                                                       asOf: AsOfDate.day(asOf))
            }
            let everyone = selected.sections.flatMap { section in section.students.map { (student: $0, section: section) } }
            let student = try self.student.map { try schedule.plan.studentID($0, section: section) }
            let blanks = blank ?? (everyone.isEmpty ? (teacher ? Self.defaultBlankRows : 1) : 0)
            // The sign-off sheets read each section's students: blank rows join them there.
            let plan = teacher ? selected.withBlanks(blanks) : selected
            let chosen = student.isEmpty ? selected.studentsWithBlanks(blanks)
                : student.compactMap { id in everyone.first { $0.student.id == id } } + selected.studentsWithBlanks(blanks, only: true)
            let roots = workspace.roots(for: file)
            let renderer = TemplateRenderer(roots: roots)
            let (look, lookInputs) = try LookInput.load(for: file, roots: roots, paper: paper.flatMap { PaperSize(rawValue: $0.rawValue) })
            let writer = OutputFile(inputs: inputs + lookInputs)
            do {
                if format == .pdf {
                    let pdf = try ChecklistPDF(look: look, date: OutputClock.now(), author: project.authorNames)
                    try writePDF(pdf, plan: plan, chosen: chosen, writer: writer)
                    let mirrored = LookInput.templatesThePDFMirrors.filter { $0.hasPrefix(teacher ? "teacher." : "checklist.") }
                    if let note = LookInput.pdfNote(look, renderer: renderer, mirroring: mirrored) { FileHandle.standardError.write(note) }
                } else if teacher {
                    let text = try renderer.render("teacher.\(format.fileExtension)", ChecklistContext.teacher(plan, sections: plan.sections, look: look))
                    try writer.write(text, to: output)
                } else if let output, Self.isFolder(output) {
                    try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
                    for entry in chosen {
                        let text = try renderer.render("checklist.\(format.fileExtension)", ChecklistContext.students(plan, students: [entry], look: look))
                        let name = "\(FileName.base(entry.student, in: plan)).\(format.fileExtension)"
                        try writer.write(text, to: (output as NSString).appendingPathComponent(name))
                    }
                } else {
                    try writer.stream(to: output) { sink in
                        try ChecklistContext.writeAll(renderer, template: "checklist.\(format.fileExtension)", plan, students: chosen, look: look, to: &sink)
                    }
                }
            } catch let error as TemplateRenderer.TemplateError {
                FileHandle.standardError.write("pbl: \(error)\n")
                throw ExitCode(Status.inputErrors)
            } catch {
                FileHandle.standardError.write("pbl: error: \(error)\n")
                throw ExitCode(Status.io)
            }
        }

        /// The PDF path: every student in one file, a file each in a folder, or the sign-off sheets.
        private func writePDF(_ pdf: ChecklistPDF, plan: DatedPlan, chosen: [(student: StudentPlan, section: SectionPlan)],
                              writer: OutputFile) throws {
            if teacher {
                try writer.write(try pdf.renderSignOff(plan, sections: plan.sections), to: output)
            } else if let output, Self.isFolder(output) {
                try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
                try pdf.renderEach(plan, students: chosen) { student, data in
                    let name = "\(FileName.base(student, in: plan)).pdf"
                    try writer.write(data, to: (output as NSString).appendingPathComponent(name))
                }
            } else {
                try writer.write(try pdf.render(plan, students: chosen), to: output)
            }
        }

        static func isFolder(_ path: String) -> Bool {
            var isDirectory: ObjCBool = false
            return path.hasSuffix("/") || (FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue)
        }
    }
}

extension DatedPlan {
    /// Each section's students, then `count` blank checklists of the section (only the blanks
    /// with `only`), section by section.
    func studentsWithBlanks(_ count: Int, only: Bool = false) -> [(student: StudentPlan, section: SectionPlan)] {
        sections.flatMap { section in
            (only ? [] : section.students.map { (student: $0, section: section) })
                + (0..<count).map { (student: section.blankStudent(number: $0 + 1), section: section) }
        }
    }

    /// The plan with `count` blank students after each section's own (for the sign-off sheets).
    func withBlanks(_ count: Int) -> DatedPlan {
        var copy = self
        copy.sections = sections.map { section in
            let blanks = (0..<count).map { section.blankStudent(number: $0 + 1) }
            var section = section
            section.students += blanks
            return section
        }
        return copy
    }
}

extension Project {
    /// The PDF's author: the project's `authors`, as written.
    var authorNames: String { authors.map(\.value).joined(separator: ", ") }
}

/// Values left for the process's exit to free: freeing a large model object by object (a
/// class of thousands of students, hundreds of thousands of strings) only delays the exit.
enum UntilExit {
    nonisolated(unsafe) private static var kept: [Any] = []

    static func keep(_ values: Any...) { kept += values }
}
