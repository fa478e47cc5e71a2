import PlannerModel
import PlannerDates

/// Checklists printed again after the record (`pbl checklists --progress`): what is done is
/// ticked and dated, what was missed is flagged, and the due work of a student who is behind
/// is given new dates from the report's day, at the student's pace: the missed work first,
/// one piece a class meeting from the next meeting on, then the rest of their work moved on
/// by as many meetings. Class events and reflections keep the class's date (they are missed,
/// not moved). A new date on or after a class event that needs the work (`after:`) is said.
/// A milestone with a `track:` goes to the students it is for (`tracked`).
public enum Repacing {
    /// A piece of work given a date on or after the class event that needs it.
    public struct LateForEvent: Sendable {
        public var student: String
        public var work: String
        public var due: CivilDate
        public var event: String
        public var eventDate: CivilDate
    }

    /// Work that found no class meeting of its own left in the calendar pbl counted (the plan's
    /// days and the largest extra days, past the plan's end): it shares the last one, or keeps
    /// its date when none is left.
    public struct RanOut: Sendable {
        public var student: String
        public var work: [String]
        public var lastMeeting: CivilDate?
    }

    /// The plan with every student's items marked and re-dated, and the events it makes late.
    /// `calendars`: each section's school calendar, by section id (nil for a plan without sections).
    public static func apply(_ progress: ClassProgress, to plan: DatedPlan, calendars: [String?: SchoolCalendar],
                             feeds: [String: [String]]) -> (plan: DatedPlan, late: [LateForEvent], ranOut: [RanOut]) {
        var plan = plan
        var late: [LateForEvent] = []
        var ranOut: [RanOut] = []
        let standing = Dictionary(progress.students.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for section in plan.sections.indices {
            let calendar = calendars[plan.sections[section].id] ?? calendars[nil]
            let classDates = Dictionary(plan.sections[section].items.map { ($0.id, $0.date) }, uniquingKeysWith: { first, _ in first })
            for index in plan.sections[section].students.indices {
                let student = plan.sections[section].students[index]
                guard let own = standing[student.id] else { continue }
                // Work the student is not given takes no meeting: the tracks first.
                let given = tracked(student.items, progress: own, cycles: plan.sections[section].cycles)
                var short: [String] = []
                let items = repaced(given, progress: own, asOf: progress.asOf, calendar: calendar, ranOut: &short)
                if !short.isEmpty { ranOut.append(RanOut(student: student.id, work: short, lastMeeting: calendar?.meetings.last)) }
                plan.sections[section].students[index].items = items
                // The work moved past an event that needs it, said once per piece.
                for entry in items where Self.isMoved(entry) {
                    for event in feeds[entry.item.id] ?? [] {
                        guard let eventDate = classDates[event], entry.due >= eventDate else { continue }
                        late.append(LateForEvent(student: student.id, work: entry.item.id, due: entry.due, event: event, eventDate: eventDate))
                    }
                }
            }
        }
        return (plan, late, ranOut)
    }

    /// Extension work for a student who has mastered every standard of the cycle that has been
    /// assessed, re-teaching for one who has not; both while none of them has been assessed.
    static func tracked(_ items: [StudentPlan.Item], progress: StudentProgress, cycles: [DatedCycle]) -> [StudentPlan.Item] {
        guard items.contains(where: { $0.item.track != nil }) else { return items }
        var mastered: [String: Bool?] = [:]
        for cycle in cycles {
            let codes = Set(cycle.items.flatMap { $0.standards + $0.criteria.flatMap(\.standards) })
            let assessed = progress.standards.filter { codes.contains($0.code) && !$0.result.evidence.isEmpty }
            mastered[cycle.id] = assessed.isEmpty ? nil : assessed.allSatisfy(\.result.mastered)
        }
        return items.filter { entry in
            guard let track = entry.item.track, let standing = mastered[entry.item.cycleID] ?? nil else { return true }
            return track == .extension ? standing : !standing
        }
    }

    private static func isMoved(_ entry: StudentPlan.Item) -> Bool {
        if case .moved? = entry.record { return true }
        return false
    }

    static func repaced(_ items: [StudentPlan.Item], progress: StudentProgress, asOf: CivilDate, calendar: SchoolCalendar?,
                        ranOut: inout [String]) -> [StudentPlan.Item] {
        let status = Dictionary(progress.items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var items = items
        var missedWork: [Int] = []
        for position in items.indices {
            guard let known = status[items[position].item.id] else { continue }
            switch known.status {
            case .done: items[position].record = .done(on: known.doneOn, late: false)
            case .late: items[position].record = .done(on: known.doneOn, late: true)
            case .missing:
                if items[position].item.isClassEvent || items[position].item.isReflection {
                    items[position].record = .missed
                } else {
                    missedWork.append(position)
                }
            case .excused, .dueSoon, .notYetDue, .optional: break
            }
        }
        let from = asOf
        guard !missedWork.isEmpty else { return items }
        guard let calendar, let next = calendar.firstMeeting(onOrAfter: from.adding(days: 1)) else {
            for position in missedWork { items[position].record = .missed }
            ranOut += missedWork.map { items[$0].item.id }
            return items
        }
        // Missed work first, a meeting each; then the rest of the due work, moved on as many meetings.
        for (offset, position) in missedWork.enumerated() {
            if next + offset >= calendar.meetings.count { ranOut.append(items[position].item.id) }
            let meeting = min(next + offset, calendar.meetings.count - 1)
            items[position].record = .moved(from: items[position].due)
            items[position].due = calendar.meetings[meeting]
        }
        let shift = missedWork.count
        for position in items.indices where items[position].record == nil && !items[position].item.isClassEvent
            && !items[position].item.isReflection && !items[position].item.optional && items[position].due > from {
            guard let own = calendar.firstMeeting(onOrAfter: items[position].due) else { continue }
            if own + shift >= calendar.meetings.count { ranOut.append(items[position].item.id) }
            let moved = calendar.meetings[min(own + shift, calendar.meetings.count - 1)]
            if moved != items[position].due {
                items[position].record = .moved(from: items[position].due)
                items[position].due = moved
            }
        }
        return items
    }
}
