import Diagnostics
import YAMLTree
import PlannerModel
import PlannerDates

// Checks that need the plan on real dates (see Schedule/). Each runs per section, and
// names the section when the calendar has more than one.

private func sectionName(_ facts: Schedule.SectionFacts) -> String {
    facts.id.map { " for section `\($0)`" } ?? ""
}

struct CalendarRunsOutCheck: ProjectCheck {
    static let rule = RuleInfo(
        id: "calendar-runs-out", severity: .error,
        summary: "The calendar has fewer class meetings than the plan needs.",
        explanation: """
            Cycles run on class meetings, from `calendar.start` to `calendar.end` (one year \
            after the start when not given), skipping weekends, `no_school` days and days the \
            class does not meet. pbl says how many meetings are missing and the last school day it found.
            """
    )

    static func check(_ context: CheckContext, _ sink: inout DiagnosticSink) {
        guard let schedule = context.schedule, let calendar = context.project.calendar else { return }
        for facts in schedule.sections where facts.missingMeetings > 0 {
            let anchor = calendar.end.map { (range: $0.range, file: $0.file) }
                ?? calendar.start.map { (range: $0.range, file: $0.file) }
            let last = facts.calendar.lastSchoolDay.map { "the last school day is \($0)" } ?? "there is no school day at all"
            sink.report(rule, "the calendar runs out\(sectionName(facts)): \(facts.missingMeetings) more class meeting\(facts.missingMeetings == 1 ? "" : "s") needed; \(last)",
                        at: anchor?.range, in: anchor?.file,
                        help: "shorten the cycles, remove `no_school` days, or set a later `calendar.end`")
        }
    }
}

struct AfterExhibitionCheck: ProjectCheck {
    static let rule = RuleInfo(
        id: "after-exhibition", severity: .error,
        summary: "The plan ends after the exhibition date.",
        explanation: """
            `calendar.exhibition` is fixed: the public product is shown that day, so the last \
            cycle must end on or before it. pbl counts the class meetings that fall after it.
            """
    )

    static func check(_ context: CheckContext, _ sink: inout DiagnosticSink) {
        guard let schedule = context.schedule, let exhibition = context.project.calendar?.exhibition else { return }
        if let start = context.project.calendar?.start, exhibition.value < start.value {
            // Then every cycle is "after" it: the mistake is one of the two dates.
            return sink.report(rule, "the exhibition (\(exhibition.value)) is before the start (\(start.value))", at: exhibition,
                               notes: [Diagnostic.Note(message: "the calendar starts here", file: start.file, range: start.range)],
                               help: "check the year and month of `exhibition` and of `start`")
        }
        for facts in schedule.sections {
            guard let end = facts.planEnd, end > exhibition.value else { continue }
            let over = facts.calendar.meetings.filter { $0 > exhibition.value && $0 <= end }.count
            sink.report(rule, "the plan\(sectionName(facts)) ends on \(end), \(over) class meeting\(over == 1 ? "" : "s") after the exhibition on \(exhibition.value)",
                        at: exhibition, help: "shorten the cycles by \(over) day\(over == 1 ? "" : "s"), or move the exhibition")
        }
    }
}

struct StudentRunsLateCheck: ProjectCheck {
    static let rule = RuleInfo(
        id: "student-runs-late", severity: .warning,
        summary: "A student's extra days push a due date into the next cycle or past the exhibition.",
        explanation: """
            `support.extra_days` moves each of the student's milestones that many class meetings \
            later (reflections stay with the class). When that lands on the next cycle's first day \
            or after the exhibition, the student would start the next cycle behind: leave slack \
            at the end of cycles, or plan the support differently. Reported once per student.
            """
    )

    static func check(_ context: CheckContext, _ sink: inout DiagnosticSink) {
        guard let schedule = context.schedule else { return }
        for facts in schedule.sections {
            for late in facts.lateStudentDates {
                let range = late.extraDays?.range ?? late.studentRange
                let file = late.extraDays?.file ?? late.studentFile
                sink.report(rule, "student `\(late.student)`'s extra days move `\(late.item)` to \(late.due), on or past \(late.limit)",
                            at: range, in: file,
                            help: "leave the last day of a cycle free of milestones, or lower `extra_days`")
            }
        }
    }
}

struct DueAfterEventCheck: ProjectCheck {
    static let rule = RuleInfo(
        id: "due-after-event", severity: .warning,
        summary: "A student's extra days move due work past a class event that needs it.",
        explanation: """
            Class events (launches, critiques, presentations, visits: see `class_event`) happen \
            when the class meets, whatever a student's pacing; due work moves by the student's \
            `support.extra_days`. When an event's `after` names a piece of work, the student is \
            meant to bring it: with their extra days it would be due after the event. Leave \
            meetings between the work and the event, or plan the student's support differently. \
            Reported once per student.
            """
    )

    static func check(_ context: CheckContext, _ sink: inout DiagnosticSink) {
        guard let schedule = context.schedule else { return }
        for facts in schedule.sections {
            for late in facts.duesAfterEvents {
                sink.report(rule, "student `\(late.student)`'s extra days make `\(late.work)` due \(late.due), after the class holds `\(late.event)` on \(late.eventDate)\(sectionName(facts))",
                            at: late.extraDays?.range ?? late.studentRange, in: late.extraDays?.file ?? late.studentFile,
                            help: "leave more class days between `\(late.work)` and `\(late.event)`, or lower `extra_days`")
            }
        }
    }
}

struct StartNotAMeetingCheck: ProjectCheck {
    static let rule = RuleInfo(
        id: "start-not-a-meeting", severity: .warning,
        summary: "A start date on which the class does not meet.",
        explanation: """
            A cycle starts on the first class meeting on or after its start date. When the date \
            itself is not a meeting (a weekend, a holiday, a day the section does not meet), pbl \
            uses the next meeting and says which, in case the date was a typo.
            """
    )

    static func check(_ context: CheckContext, _ sink: inout DiagnosticSink) {
        guard let schedule = context.schedule else { return }
        // The calendar's start is shared: with a rotation, each section meets on other days,
        // so it is only worth a word when no section meets on it.
        let calendarStart = context.project.calendar?.start
        let sharedStartMeets = calendarStart.map { start in schedule.sections.contains { $0.calendar.isMeeting(start.value) } } ?? false
        var reported: Set<SourceRange> = []
        for facts in schedule.sections {
            for (given, used) in facts.movedStarts where reported.insert(given.range).inserted {
                if given.range == calendarStart?.range && schedule.sections.count > 1 && sharedStartMeets { continue }
                sink.report(rule, "\(given.value) (a \(given.value.weekday.displayName)) is not a class meeting\(sectionName(facts))",
                            at: given, notes: [Diagnostic.Note(message: "the first meeting used is \(used) (\(used.weekday.displayName))")],
                            help: "start on \(used), or check the date")
            }
        }
    }
}
