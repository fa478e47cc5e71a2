import Diagnostics
import YAMLTree
import PlannerModel
import PlannerDates

/// With two or more sections, a student without one would land in whichever section is
/// listed first, on that section's dates: a guess the teacher never sees.
struct StudentWithoutSectionCheck: ProjectCheck {
    static let rule = RuleInfo(
        id: "student-without-section", severity: .error,
        summary: "The calendar has sections, and a student belongs to none.",
        explanation: """
            Each section of a course meets on its own days, so every student's dates depend on \
            their section. With two or more `calendar.sections`, every student names one: a \
            `section` column in the roster CSV, or `section:` on an inline student. (With a \
            single section, students without one belong to it.) A roster without a `section` \
            column gets one error, at its first student.
            """
    )

    static func check(_ context: CheckContext, _ sink: inout DiagnosticSink) {
        let sections = context.project.calendar?.sections.compactMap(\.id?.value) ?? []
        guard sections.count >= 2 else { return }
        let names = sections.map { "`\($0)`" }.joined(separator: ", ")
        let without = context.project.students.filter { $0.section == nil }
        guard !without.isEmpty else { return }
        // Per file: a roster with no section at all lacks the column, which is one mistake.
        var byFile: [String: [Student]] = [:]
        var order: [String] = []
        for student in without {
            if byFile[student.file] == nil { order.append(student.file) }
            byFile[student.file, default: []].append(student)
        }
        for file in order {
            let students = byFile[file]!
            let isRoster = file.hasSuffix(".csv")
            let all = context.project.students.filter { $0.file == file }
            if isRoster && students.count == all.count && students.count > 1 {
                let first = students[0]
                sink.report(rule, "the roster has no section for any student, and the calendar has \(sections.count) sections (\(names))",
                            at: first.range, in: first.file,
                            notes: [Diagnostic.Note(message: "\(students.count - 1) more students without a section", file: first.file, range: nil)],
                            help: "add a `section` column to the roster, with one of \(names) for each student")
                continue
            }
            for student in students {
                let id = student.id?.value ?? "?"
                sink.report(rule, "student `\(id)` has no section, and the calendar has \(sections.count) (\(names))",
                            at: student.id?.range ?? student.range, in: student.id?.file ?? student.file,
                            help: isRoster ? "write one of \(names) in the student's `section` column"
                                : "add `section: \(sections[0])` (or another of \(names)) to the student")
            }
        }
    }
}
