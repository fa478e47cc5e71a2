import YAMLTree
import PlannerModel
import PlannerDates

/// Lays a project's cycles onto each section's class meetings.
public enum Scheduler {
    /// Nil when the project has no calendar with a start date: there is nothing to lay out.
    /// `withStudents: false` (validation) skips each student's item list and only finds the
    /// students whose extra days run late.
    public static func schedule(_ project: Project, withStudents: Bool = true) -> Schedule? {
        // A rotation that does not fit its `meets_on` is an error of its own; laid out anyway it
        // would leave sections without meetings and blame the calendar's end.
        guard let calendar = project.calendar, let start = calendar.start, RotationRules.isConsistent(calendar),
              CalendarBounds.isWithin(calendar, cycles: project.cycles, students: project.students) else { return nil }
        let groupTitles = Dictionary(project.groups.compactMap { group in group.id.map { ($0.value, group.title?.value ?? $0.value) } },
                                     uniquingKeysWith: { first, _ in first })
        var sectionPlans: [SectionPlan] = []
        var facts: [Schedule.SectionFacts] = []
        let sections: [Section?] = calendar.sections.isEmpty ? [nil] : calendar.sections
        // Meetings the plan can use: every cycle's days, the longest extra days, and the exhibition
        // (to count meetings past it); pinned starts move the horizon to their dates.
        let needed = project.cycles.reduce(0) { $0 + max(0, $1.days?.value ?? 0) }
            + (project.students.compactMap { $0.extraDays?.value }.max() ?? 0) + 1
        let horizon = ([calendar.exhibition?.value] + calendar.sections.map { $0.start?.value }).compactMap { $0 }.max()
        // A pinned cycle may skip ahead any distance: then lay out the whole calendar.
        let enough = project.cycles.contains { $0.start != nil } ? nil : (needed, horizon.map { $0.adding(days: 31) })
        for (position, section) in sections.enumerated() {
            let meets = (section?.meets.isEmpty ?? true) ? calendar.meets : section!.meets
            let meetsOn = (section?.meetsOn.isEmpty ?? true) ? calendar.meetsOn : section!.meetsOn
            let school = SchoolCalendar(
                start: start.value, end: calendar.end?.value, meets: meets.map(\.value),
                rotation: calendar.rotation.map(\.value), meetsOn: meetsOn.map(\.value), noSchool: calendar.noSchool.map(\.dates.value),
                anchor: anchor(calendar), enough: enough
            )
            var sectionFacts = Schedule.SectionFacts(id: section?.id?.value, calendar: school)
            let cycles = layOut(project, school: school, start: section?.start ?? start, detail: withStudents, facts: &sectionFacts)
            let sectionID = section?.id?.value
            // Students without a section go to the first one, so each student appears once.
            let students = project.students.filter { student in
                guard let sectionID else { return true }
                return student.section?.value == sectionID || (student.section == nil && position == 0)
            }
            var studentPlans: [StudentPlan] = []
            if withStudents {
                let prepared = PreparedItems(cycles: cycles, school: school)
                studentPlans = students.compactMap { student in
                    studentPlan(student, prepared: prepared, school: school, groupTitles: groupTitles)
                }
            }
            findLateDates(students, cycles: cycles, school: school, exhibition: calendar.exhibition?.value, facts: &sectionFacts)
            findDuesAfterEvents(students, project: project, cycles: cycles, school: school, facts: &sectionFacts)
            sectionPlans.append(SectionPlan(id: sectionID, cycles: cycles, students: studentPlans,
                                            noSchool: noSchoolDays(calendar, cycles: cycles),
                                            rotation: rotationFacts(calendar, meetsOn: meetsOn, school: school)))
            facts.append(sectionFacts)
        }
        var plan = DatedPlan(
            projectID: project.id?.value ?? "project", title: project.title?.value ?? "Untitled project",
            drivingQuestion: project.drivingQuestion?.value, productTitle: project.product?.title?.value,
            audience: project.product?.audience?.value, exhibition: calendar.exhibition?.value, sections: sectionPlans
        )
        plan.masteryLevels = project.masteryPolicy.levelNames
        return Schedule(plan: plan, sections: facts)
    }

    /// The `no_school` entries between the plan's first day and its last (or the exhibition,
    /// when later), clipped to that span, in date order.
    static func noSchoolDays(_ calendar: CalendarSpec, cycles: [DatedCycle]) -> [NoSchoolDays] {
        guard let first = cycles.first?.start, let planEnd = cycles.last?.end else { return [] }
        let last = max(planEnd, calendar.exhibition?.value ?? planEnd)
        return calendar.noSchool.compactMap { entry -> NoSchoolDays? in
            let range = entry.dates.value
            guard range.last >= first, range.first <= last else { return nil }
            return NoSchoolDays(dates: DateRange(first: max(range.first, first), last: min(range.last, last)), reason: entry.reason?.value)
        }.sorted { $0.dates.first < $1.dates.first }
    }

    /// The anchor as the calendar takes it: a date and an index into the rotation.
    static func anchor(_ calendar: CalendarSpec) -> (date: CivilDate, day: Int)? {
        guard let anchor = calendar.rotationAnchor, let date = anchor.date?.value, let label = anchor.day?.value,
              let day = calendar.rotation.firstIndex(where: { $0.value == label }) else { return nil }
        return (date, day)
    }

    static func rotationFacts(_ calendar: CalendarSpec, meetsOn: [Located<String>], school: SchoolCalendar) -> RotationFacts? {
        guard !calendar.rotation.isEmpty else { return nil }
        let meetsOn = meetsOn.map(\.value)
        if let pinned = anchor(calendar) {
            return RotationFacts(days: calendar.rotation.map(\.value), meetsOn: meetsOn,
                                 anchor: .pinned(date: pinned.date, day: calendar.rotation[pinned.day].value))
        }
        guard let first = school.firstSchoolDay, let day = school.rotationDay(of: first) else { return nil }
        return RotationFacts(days: calendar.rotation.map(\.value), meetsOn: meetsOn, anchor: .calendarStart(date: first, day: day))
    }

    /// The criteria of the rubric that assesses `milestone`, with what the mastered level looks like.
    static func criteria(of milestone: Milestone, in project: Project) -> [DatedItem.Criterion] {
        guard let rubric = milestone.rubric.flatMap({ project.rubric($0.value) }) else { return [] }
        let mastered = project.masteryPolicy.levelNames[project.masteryPolicy.masteredIndex]
        return rubric.criteria.compactMap { criterion in
            guard let id = criterion.id?.value else { return nil }
            return DatedItem.Criterion(id: id, title: criterion.title?.value ?? id, standards: criterion.standards.map(\.value),
                                       target: criterion.levels.first { $0.level.value == mastered }?.descriptor.value)
        }
    }

    /// `detail: false` (validation) leaves out what only printing needs: deliverables,
    /// evidence, standards and options.
    private static func layOut(_ project: Project, school: SchoolCalendar, start: Located<CivilDate>, detail: Bool,
                               facts: inout Schedule.SectionFacts) -> [DatedCycle] {
        var cursor = startIndex(start, school, &facts)
        var cycles: [DatedCycle] = []
        var missing = 0
        for cycle in project.cycles {
            guard let id = cycle.id?.value, let days = cycle.days?.value, days > 0 else { continue }
            if let pinned = cycle.start { cursor = startIndex(pinned, school, &facts) }
            guard let first = cursor, first + days <= school.meetings.count else {
                // Count what is missing, for this and every later cycle.
                let available = cursor.map { school.meetings.count - $0 } ?? 0
                missing += days - max(0, available)
                cursor = nil
                continue
            }
            let dates = Array(school.meetings[first..<first + days])
            var items: [DatedItem] = []
            for milestone in cycle.milestones {
                guard let milestoneID = milestone.id?.value, let day = milestone.day?.value, (1...days).contains(day) else { continue }
                items.append(DatedItem(
                    id: milestoneID, cycleID: id, kind: .milestone(milestone.kind?.value ?? .work),
                    title: milestone.title?.value ?? milestoneID, date: dates[day - 1], day: day,
                    deliverable: detail ? milestone.deliverable?.value : nil, evidence: detail ? milestone.evidence?.value : nil,
                    standards: detail ? milestone.standards.map(\.value) : [],
                    options: !detail ? [] : milestone.choices.compactMap { choice in
                        choice.id.map { DatedItem.Option(id: $0.value, title: choice.title?.value ?? $0.value) }
                    },
                    optional: milestone.isOptional,
                    onlyGroups: milestone.only?.groups.map(\.value) ?? [],
                    onlyChoices: Dictionary(milestone.only?.choices.map { ($0.milestone.value, $0.choice.value) } ?? [],
                                            uniquingKeysWith: { first, _ in first }),
                    isClassEvent: milestone.isClassEvent,
                    criteria: detail ? criteria(of: milestone, in: project) : [],
                    track: milestone.track?.value
                ))
            }
            for (number, reflection) in cycle.reflection.enumerated() {
                guard let prompt = reflection.prompt?.value else { continue }
                let day = reflection.day?.value ?? days
                guard (1...days).contains(day) else { continue }
                items.append(DatedItem(id: "\(id)-reflection-\(number + 1)", cycleID: id, kind: .reflection,
                                       title: prompt, date: dates[day - 1], day: day,
                                       standards: detail ? reflection.standards.map(\.value) : []))
            }
            // Date order; on one day, milestones before reflections, then plan order.
            let ordered = items.enumerated().sorted { a, b in
                (a.element.day, a.element.isReflection ? 1 : 0, a.offset) < (b.element.day, b.element.isReflection ? 1 : 0, b.offset)
            }.map(\.element)
            cycles.append(DatedCycle(id: id, title: cycle.title?.value ?? id, goal: cycle.goal?.value,
                                     start: dates[0], end: dates[days - 1], days: days, items: ordered))
            cursor = first + days
        }
        facts.missingMeetings = missing
        facts.planEnd = missing == 0 ? cycles.last?.end : nil
        return cycles
    }

    private static func startIndex(_ start: Located<CivilDate>, _ school: SchoolCalendar, _ facts: inout Schedule.SectionFacts) -> Int? {
        guard let index = school.firstMeeting(onOrAfter: start.value) else { return nil }
        if school.meetings[index] != start.value { facts.movedStarts.append((start, school.meetings[index])) }
        return index
    }

    private static func studentPlan(_ student: Student, prepared: PreparedItems, school: SchoolCalendar,
                                    groupTitles: [String: String]) -> StudentPlan? {
        guard let id = student.id?.value else { return nil }
        let extra = student.extraDays?.value ?? 0
        let choices = student.choices.isEmpty ? [:]
            : Dictionary(student.choices.map { ($0.milestone.value, $0.choice.value) }, uniquingKeysWith: { first, _ in first })
        let group = student.group?.value
        var items: [StudentPlan.Item] = []
        items.reserveCapacity(prepared.items.count)
        for position in prepared.items.indices {
            let facts = prepared.facts[position]
            if facts.restricted && !visible(prepared.items[position], group: group, choices: choices) { continue }
            let item = prepared.items[position]
            let chosen = choices.isEmpty || !facts.hasOptions ? nil
                : choices[item.id].flatMap { choice in item.options.first { $0.id == choice } }
            // Due work moves by the student's extra days; class events and reflections happen
            // when the class meets, so they keep the class date.
            let due: CivilDate
            if extra == 0 || facts.keepsClassDate {
                due = item.date
            } else if facts.meeting >= 0, facts.meeting + extra < school.meetings.count {
                due = school.meetings[facts.meeting + extra]
            } else {
                due = shifted(item.date, by: extra, in: school)
            }
            items.append(StudentPlan.Item(item: item, due: due, chosen: chosen))
        }
        return StudentPlan(id: id, name: student.name?.value ?? id, group: group, groupTitle: group.flatMap { groupTitles[$0] },
                           section: student.section?.value, extraDays: extra, goals: student.goals.map(\.value), items: items,
                           familyName: student.familyName?.value)
    }

    /// What every student of a section reads of each item, worked out once for the class
    /// rather than once per student (a class of 5,000 has 200,000 student items).
    /// Kept apart from the items, so reading them copies (and retains) nothing.
    struct PreparedItems {
        struct Facts {
            /// Shown only to some groups or choices.
            var restricted: Bool
            var hasOptions: Bool
            /// A class event or a reflection: the class holds it together.
            var keepsClassDate: Bool
            /// The item's date as an index into the section's meetings (-1: not a meeting).
            var meeting: Int
        }

        var items: [DatedItem]
        var facts: [Facts]

        init(cycles: [DatedCycle], school: SchoolCalendar) {
            items = cycles.flatMap(\.items)
            facts = items.map { item in
                Facts(restricted: !item.onlyGroups.isEmpty || !item.onlyChoices.isEmpty, hasOptions: !item.options.isEmpty,
                      keepsClassDate: item.isReflection || item.isClassEvent, meeting: school.firstMeeting(onOrAfter: item.date) ?? -1)
            }
        }
    }

    /// The first item of each student with extra days whose due date lands on or after the
    /// next cycle's start, or after the exhibition: one finding per student is enough to act on.
    ///
    /// Works on meeting indexes, per cycle: with `slack` meetings between a cycle's latest
    /// milestone and its limit, a student is late there when their extra days reach the slack.
    /// So most students cost one lookup, not a walk over every item (rosters are large).
    private static func findLateDates(_ students: [Student], cycles: [DatedCycle], school: SchoolCalendar,
                                      exhibition: CivilDate?, facts: inout Schedule.SectionFacts) {
        guard !cycles.isEmpty, students.contains(where: { ($0.extraDays?.value ?? 0) > 0 }) else { return }
        let afterExhibition = exhibition.map { school.firstMeeting(onOrAfter: $0.adding(days: 1)) ?? school.meetings.count }
        struct CycleLimits {
            var limit: Int
            var latest: Int?           // latest unrestricted milestone's meeting index
            var latestItem: DatedItem?
            var restricted: [(item: DatedItem, index: Int)]  // restricted milestones after `latest`, latest first
        }
        var limits: [CycleLimits] = []
        for (position, cycle) in cycles.enumerated() {
            var limit = Int.max
            if position + 1 < cycles.count { limit = school.firstMeeting(onOrAfter: cycles[position + 1].start) ?? school.meetings.count }
            if let afterExhibition { limit = min(limit, afterExhibition) }
            var entry = CycleLimits(limit: limit, latest: nil, latestItem: nil, restricted: [])
            var restricted: [(item: DatedItem, index: Int)] = []
            for item in cycle.items where !item.isReflection && !item.isClassEvent {
                guard let index = school.firstMeeting(onOrAfter: item.date) else { continue }
                if item.onlyGroups.isEmpty && item.onlyChoices.isEmpty {
                    if index >= (entry.latest ?? -1) { entry.latest = index; entry.latestItem = item }
                } else {
                    restricted.append((item, index))
                }
            }
            entry.restricted = restricted.filter { $0.index > (entry.latest ?? -1) }.sorted { $0.index > $1.index }
            limits.append(entry)
        }
        // For each number of extra days, the first cycle where the unrestricted latest item runs late.
        let maxExtra = students.compactMap { $0.extraDays?.value }.max() ?? 0
        var firstLate = [Int?](repeating: nil, count: maxExtra + 1)
        for extra in 1...max(1, maxExtra) where extra <= maxExtra {
            firstLate[extra] = limits.firstIndex { entry in entry.latest.map { $0 + extra >= entry.limit } ?? false }
        }
        let restrictedCycles = limits.indices.filter { !limits[$0].restricted.isEmpty }
        for student in students {
            guard let id = student.id?.value, let extra = student.extraDays, extra.value > 0 else { continue }
            var found: (cycle: Int, item: DatedItem, index: Int)?
            if let cycle = firstLate[extra.value], let item = limits[cycle].latestItem, let index = limits[cycle].latest {
                found = (cycle, item, index)
            }
            if let firstRestricted = restrictedCycles.first, firstRestricted < (found?.cycle ?? Int.max) {
                let choices = Dictionary(student.choices.map { ($0.milestone.value, $0.choice.value) }, uniquingKeysWith: { first, _ in first })
                for cycle in restrictedCycles where cycle < (found?.cycle ?? Int.max) {
                    // Only an item that would be late matters; test that before visibility.
                    if let hit = limits[cycle].restricted.first(where: { $0.index + extra.value >= limits[cycle].limit && visible($0.item, group: student.group?.value, choices: choices) }),
                       hit.index + extra.value >= limits[cycle].limit {
                        found = (cycle, hit.item, hit.index)
                        break
                    }
                }
            }
            guard let (cycle, item, _) = found else { continue }
            let dueDate = shifted(item.date, by: extra.value, in: school)
            let limit = cycle + 1 < cycles.count && dueDate >= cycles[cycle + 1].start
                ? "the start of cycle `\(cycles[cycle + 1].id)` (\(cycles[cycle + 1].start))"
                : "the exhibition (\(exhibition.map(\.description) ?? ""))"
            facts.lateStudentDates.append(Schedule.LateDate(
                student: id, extraDays: extra, studentRange: student.id?.range ?? student.range,
                studentFile: student.id?.file ?? student.file, item: item.id, due: dueDate, limit: limit))
        }
    }

    /// Students whose extra days move due work past a class event that depends on it (its
    /// `after` names the work): they would come to the critique without the draft. One finding
    /// per student. Pairs are sorted by their slack in meetings, so a student's search stops at
    /// the first pair with more slack than their extra days.
    private static func findDuesAfterEvents(_ students: [Student], project: Project, cycles: [DatedCycle], school: SchoolCalendar,
                                            facts: inout Schedule.SectionFacts) {
        guard students.contains(where: { ($0.extraDays?.value ?? 0) > 0 }) else { return }
        var byID: [String: (item: DatedItem, meeting: Int)] = [:]
        for item in cycles.flatMap(\.items) where !item.isReflection {
            if byID[item.id] == nil, let meeting = school.firstMeeting(onOrAfter: item.date) { byID[item.id] = (item, meeting) }
        }
        var pairs: [(work: DatedItem, event: DatedItem, slack: Int)] = []
        for milestone in project.cycles.lazy.flatMap(\.milestones) {
            guard let id = milestone.id?.value, let event = byID[id], event.item.isClassEvent else { continue }
            for dependency in milestone.after {
                guard let work = byID[dependency.value], !work.item.isClassEvent, work.meeting <= event.meeting else { continue }
                pairs.append((work.item, event.item, event.meeting - work.meeting))
            }
        }
        guard !pairs.isEmpty else { return }
        pairs.sort { $0.slack < $1.slack }
        for student in students {
            guard let id = student.id?.value, let extra = student.extraDays, extra.value > pairs[0].slack else { continue }
            let choices = Dictionary(student.choices.map { ($0.milestone.value, $0.choice.value) }, uniquingKeysWith: { first, _ in first })
            let group = student.group?.value
            for pair in pairs {
                if pair.slack >= extra.value { break }
                guard visible(pair.work, group: group, choices: choices), visible(pair.event, group: group, choices: choices) else { continue }
                facts.duesAfterEvents.append(Schedule.DueAfterEvent(
                    student: id, extraDays: extra, studentRange: student.id?.range ?? student.range,
                    studentFile: student.id?.file ?? student.file, work: pair.work.id,
                    due: shifted(pair.work.date, by: extra.value, in: school), event: pair.event.id, eventDate: pair.event.date))
                break
            }
        }
    }

    /// `only`: every restriction given must hold (a group list, and chosen options).
    static func visible(_ item: DatedItem, group: String?, choices: [String: String]) -> Bool {
        if !item.onlyGroups.isEmpty && !item.onlyGroups.contains(group ?? "") { return false }
        for (milestone, choice) in item.onlyChoices where choices[milestone] != choice { return false }
        return true
    }

    /// A date moved `meetings` class meetings later; past the calendar's end, school days are
    /// counted on as if the calendar went on (the checks report it).
    static func shifted(_ date: CivilDate, by meetings: Int, in school: SchoolCalendar) -> CivilDate {
        guard meetings > 0, let index = school.firstMeeting(onOrAfter: date) else { return date }
        if index + meetings < school.meetings.count { return school.meetings[index + meetings] }
        var day = school.meetings.last ?? date
        var left = index + meetings - (school.meetings.count - 1)
        while left > 0 {
            day = day.adding(days: 1)
            if Weekday.schoolWeek.contains(day.weekday) { left -= 1 }
        }
        return day
    }
}
