import PlannerModel
import PlannerDates
import PlannerProgress

/// A student's own report for a conference with the teacher (and their family): their goals,
/// what they have done, what is next with their dates, where they stand on each standard and
/// from what evidence, and the reflection prompts of the cycles done. One content, printed as
/// HTML (`ConferenceReport.html`) or PDF (`ChecklistPDF.conference`).
public struct ConferenceReport: Sendable {
    public struct Line: Sendable {
        public var title: String
        /// `done Thu Mar 4`, `due Mon Mar 22`, `missed, was due Thu Mar 4`.
        public var when: String
        public var flagged: Bool
    }

    public struct Standing: Sendable {
        public var code: String
        /// What the student reads (the catalog's student text, else its text).
        public var statement: String?
        public var level: String
        public var mastered: Bool
        public var evidence: [String]
    }

    public var name: String
    public var projectTitle: String
    public var asOf: CivilDate
    public var goals: [String]
    public var done: [Line]
    public var next: [Line]
    public var standards: [Standing]
    /// The prompts of the cycles that have ended, to talk about.
    public var reflections: [String]

    public init(student: StudentProgress, plan: DatedPlan, progress: ClassProgress) {
        name = student.name
        projectTitle = plan.title
        asOf = progress.asOf
        goals = student.goals
        let ended = Set(plan.sections.flatMap(\.cycles).filter { $0.end <= progress.asOf }.map(\.id))
        done = student.items.filter { !$0.isReflection && ($0.status == .done || $0.status == .late) }.map { item in
            Line(title: item.title, when: item.doneOn.map { "done " + DateText.short($0) + (item.status == .late ? ", late" : "") } ?? "done",
                 flagged: item.status == .late)
        }
        let missing = student.items.filter { !$0.isReflection && $0.status == .missing }.map { item in
            Line(title: item.title, when: "missed, was due " + DateText.short(item.due), flagged: true)
        }
        let coming = student.items.filter { !$0.isReflection && ($0.status == .dueSoon || $0.status == .notYetDue) }.map { item in
            Line(title: item.title, when: "due " + DateText.short(item.due), flagged: false)
        }
        next = missing + coming
        standards = student.standards.map { standing in
            Standing(code: standing.code, statement: plan.standardStatements[standing.code]?.forStudents,
                     level: standing.result.level.map { progress.levelNames[$0] } ?? "not assessed yet",
                     mastered: standing.result.mastered,
                     evidence: standing.result.evidence.map { "\($0.item), \($0.criterion): \(ProgressReportRenderer.levelWords($0, progress)) (\(DateText.short($0.date)))" })
        }
        reflections = student.items.filter { $0.isReflection && ended.contains($0.cycleID) }.map(\.title)
    }

    /// One page, no script, printable.
    public var html: String {
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(Escape.html("\(name): \(projectTitle)"))</title>
            <style>
            body { font-family: "Noto Sans", "DejaVu Sans", sans-serif; margin: 2rem; max-width: 48rem; color: #111; }
            h1 { font-size: 1.5rem; margin-bottom: 0.2rem; } h2 { font-size: 1.1rem; margin-top: 1.5rem; }
            .when { color: #555; } .flag { color: #b71c1c; font-weight: bold; }
            table { border-collapse: collapse; } th, td { border: 1px solid #bbb; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
            .line { border-bottom: 1px solid #888; height: 1.6rem; }
            @media print { body { margin: 0.5in; } h2 { break-after: avoid; } tr, li { break-inside: avoid; } }
            </style>
            </head>
            <body>
            <h1><bdi>\(Escape.html(name))</bdi></h1>
            <p>\(Escape.html(projectTitle)): where I am on \(DateText.short(asOf))</p>

            """
        if !goals.isEmpty {
            out += "<h2>My goals</h2>\n<ul>\n" + goals.map { "<li><bdi>\(Escape.html($0))</bdi></li>\n" }.joined() + "</ul>\n"
        }
        func list(_ heading: String, _ lines: [Line], empty: String) -> String {
            "<h2>\(heading)</h2>\n" + (lines.isEmpty ? "<p>\(empty)</p>\n" : "<ul>\n" + lines.map { line in
                "<li>\(Escape.html(line.title)) <span class=\"\(line.flagged ? "flag" : "when")\">\(Escape.html(line.when))</span></li>\n"
            }.joined() + "</ul>\n")
        }
        out += list("What I have done", done, empty: "Nothing recorded yet.")
        out += list("What is next", next, empty: "Everything is done.")
        if !standards.isEmpty {
            out += "<h2>Where I stand on each standard</h2>\n<table>\n<thead><tr><th>Standard</th><th>Level</th><th>Evidence</th></tr></thead>\n<tbody>\n"
            for standing in standards {
                let statement = standing.statement.map { "<br><small>\(Escape.html($0))</small>" } ?? ""
                out += "<tr><td>\(Escape.html(standing.code))\(statement)</td><td>\(Escape.html(standing.level))\(standing.mastered ? " (mastered)" : "")</td>"
                    + "<td>\(standing.evidence.map(Escape.html).joined(separator: "<br>"))</td></tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }
        if !reflections.isEmpty {
            out += "<h2>To talk about</h2>\n" + reflections.map { "<p>\(Escape.html($0))</p>\n<div class=\"line\"></div>\n<div class=\"line\"></div>\n" }.joined()
        }
        return out + "</body>\n</html>\n"
    }
}
