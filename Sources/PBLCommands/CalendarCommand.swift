import ArgumentParser
import Foundation
import Planner
import Render
import YAMLTree

extension PBL {
    /// The school calendar a project ends up with once its templates are laid under it: what
    /// a teacher checks after adding a field trip to a department's holidays.
    struct CalendarCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "calendar",
            abstract: "Print the school calendar a project is planned on, templates merged in, with where each entry comes from.",
            discussion: """
                Shows start and end, the weekdays the class meets, the rotation and what anchors it, \
                each section, the exhibition, and every no-school entry with its reason, the school \
                days it closes, and the file and line that wrote it (the project's or a template's). \
                The project is validated first; with errors, nothing is printed.
                """
        )

        @Argument(help: "The project file.")
        var file: String

        @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of standard output.")
        var output: String?

        @OptionGroup var templates: TemplateOptions

        func run() throws {
            let workspace = templates.workspace()
            let (project, schedule, inputs) = try ProjectInput.load(file, workspace: workspace)
            let text = CalendarListing(project: project, schedule: schedule).text
            do {
                try OutputFile(inputs: inputs).write(text, to: output)
            } catch {
                FileHandle.standardError.write("pbl: error: \(error)\n")
                throw ExitCode(Status.io)
            }
        }
    }
}

/// The text `pbl calendar` prints.
struct CalendarListing {
    let project: Project
    let schedule: Schedule

    private func place<T>(_ value: Located<T>?) -> String {
        guard let value else { return "" }
        return "\(value.file):\(value.range.start.line)"
    }

    private func day(_ date: CivilDate) -> String { "\(date.weekday.shortName) \(date)" }

    var text: String {
        guard let calendar = project.calendar, let start = calendar.start else { return "" }
        var rows: [[String]] = []
        rows.append(["start", day(start.value), place(start)])
        let end = calendar.end.map { day($0.value) } ?? "\(day(start.value.adding(days: 364))) (one year after the start)"
        rows.append(["end", end, place(calendar.end)])
        let meets = calendar.meets.isEmpty ? "mon to fri" : calendar.meets.map(\.value.rawValue).joined(separator: ", ")
        rows.append(["meets", meets, place(calendar.meets.first)])
        if let rotation = schedule.plan.sections.first?.rotation {
            var facts = rotation
            facts.meetsOn = calendar.meetsOn.map(\.value)
            rows.append(["rotation", facts.summary, calendar.rotationAnchor?.date.map { place($0) } ?? place(calendar.rotation.first)])
        }
        for section in calendar.sections {
            var parts: [String] = []
            if !section.meets.isEmpty { parts.append("meets " + section.meets.map(\.value.rawValue).joined(separator: ", ")) }
            if !section.meetsOn.isEmpty { parts.append("on " + section.meetsOn.map(\.value).joined(separator: "/") + " days") }
            if let start = section.start { parts.append("starts \(day(start.value))") }
            rows.append(["section \(section.id?.value ?? "?")", parts.isEmpty ? "as the calendar" : parts.joined(separator: ", "), place(section.id)])
        }
        if let exhibition = calendar.exhibition {
            rows.append(["exhibition", day(exhibition.value), place(exhibition)])
        }
        var text = "School calendar of \(Escape.terminal(project.id?.value ?? file))"
        if let template = project.extends?.value { text += ", laid over template `\(Escape.terminal(template))`" }
        // A row without a place ends at its value, so no line ends in spaces.
        text += "\n\n" + TextTable.render(rows.map { $0.last == "" ? Array($0.dropLast()) : $0 })
        let weekdays = calendar.meets.map(\.value)
        let closed = calendar.noSchool.sorted { $0.dates.value.first < $1.dates.value.first }
        text += "\nNo school (\(closed.count) entr\(closed.count == 1 ? "y" : "ies"))\n"
        if closed.isEmpty {
            text += "  none\n"
        } else {
            let entries = closed.map { entry -> [String] in
                let range = entry.dates.value
                let days = SchoolCalendar.schoolDayCount(in: range, meets: weekdays)
                let span = range.first == range.last ? range.first.weekday.shortName
                    : "\(range.first.weekday.shortName) to \(range.last.weekday.shortName)"
                return ["  \(range)", span, "\(days) school day\(days == 1 ? "" : "s")", entry.reason?.value ?? "", place(entry.dates)]
            }
            text += TextTable.render(entries.map { $0.last == "" ? Array($0.dropLast()) : $0 })
        }
        return text
    }

    private var file: String { project.file }
}
