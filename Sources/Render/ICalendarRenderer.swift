import PlannerModel
import PlannerDates


/// A dated plan as an iCalendar (RFC 5545) file: one all-day event per cycle span and one per
/// milestone and reflection, for a class section or for one student.
///
/// The output is byte-for-byte reproducible: `DTSTAMP` is the caller's `stamp` (the CLI takes
/// it from `SOURCE_DATE_EPOCH` or the clock), UIDs are made from ids only, and nothing else
/// depends on the time or the machine. Every line ends in CRLF, TEXT values are escaped
/// (RFC 5545 §3.3.11) and content lines are folded at 75 octets without splitting a UTF-8
/// sequence (§3.1).
///
/// Events are all-day (`VALUE=DATE`, floating, no time zone) with an exclusive `DTEND`, and
/// `TRANSP:TRANSPARENT` so that a school day's milestones do not mark anyone busy.
public struct ICalendarRenderer: Sendable {
    /// When the calendar was made: every event's `DTSTAMP`.
    public var stamp: Timestamp
    public var productID: String

    public init(stamp: Timestamp, productID: String = "-//pbl//pbl schedule//EN") {
        self.stamp = stamp
        self.productID = productID
    }

    /// One calendar (one VCALENDAR: what calendar apps import) with the events of every
    /// section of `plan` (filter the plan first for one section), named `<title> (<section> /
    /// ...)`. With more than one section each event's SUMMARY starts with its section
    /// (`[p2] In class: Need-to-know list`). UIDs are `<project>.<section or "all">.<item or
    /// cycle id>@pbl`, so a section's events keep their UIDs in a calendar of their own; the
    /// exhibition is one event, `<project>.exhibition@pbl`, in every calendar of the plan.
    public func render(_ plan: DatedPlan) -> String {
        let sectionIDs = plan.sections.compactMap(\.id)
        var name = plan.title
        if !sectionIDs.isEmpty { name += " (" + sectionIDs.joined(separator: " / ") + ")" }
        var out = header(name: name)
        for section in plan.sections {
            let scope = section.id ?? "all"
            let prefix = plan.sections.count > 1 ? "[\(scope)] " : ""
            for cycle in section.cycles {
                out += cycleEvent(cycle, prefix: prefix, uid: uid(plan, scope, cycle.id))
                for item in cycle.items {
                    out += itemEvent(item, date: item.date, chosen: nil, prefix: prefix, uid: uid(plan, scope, item.id))
                }
            }
        }
        if let exhibition = plan.exhibition {
            out += exhibitionEvent(plan, date: exhibition, uid: Self.escape("\(plan.projectID).exhibition@pbl"))
        }
        return out + Self.line("END", "VCALENDAR")
    }

    /// One student's calendar: the items in `student.items` on the student's own due dates,
    /// with the option they chose, the span of each cycle they have items in (class dates),
    /// and the exhibition; named `<title> - <student name> (<section>)`.
    /// UIDs are `<project>.<student>.<item or cycle id>@pbl`, the exhibition's
    /// `<project>.<student>._exhibition@pbl` (no id has a `_`).
    public func render(student: StudentPlan, of plan: DatedPlan, section: SectionPlan) -> String {
        var out = header(name: plan.title + " - " + student.name + (section.id.map { " (\($0))" } ?? ""))
        var cyclesShown: Set<String> = []
        for entry in student.items {
            let cycleID = entry.item.cycleID
            if !cyclesShown.contains(cycleID), let cycle = section.cycles.first(where: { $0.id == cycleID }) {
                cyclesShown.insert(cycleID)
                out += cycleEvent(cycle, prefix: "", uid: uid(plan, plan.safeName(ofStudent: student.id), cycle.id))
            }
            out += itemEvent(entry.item, date: entry.due, chosen: entry, prefix: "", uid: uid(plan, plan.safeName(ofStudent: student.id), entry.item.id))
        }
        if let exhibition = plan.exhibition {
            out += exhibitionEvent(plan, date: exhibition, uid: uid(plan, plan.safeName(ofStudent: student.id), "_exhibition"))
        }
        return out + Self.line("END", "VCALENDAR")
    }

    // MARK: - Components

    private func header(name: String) -> String {
        Self.line("BEGIN", "VCALENDAR")
            + Self.line("VERSION", "2.0")
            + Self.line("PRODID", Self.escape(productID))
            + Self.line("CALSCALE", "GREGORIAN")
            + Self.line("METHOD", "PUBLISH")
            + Self.line("X-WR-CALNAME", Self.escape(name))
    }

    private func uid(_ plan: DatedPlan, _ scope: String, _ id: String) -> String {
        Self.escape("\(plan.projectID).\(scope).\(id)@pbl")
    }

    private func cycleEvent(_ cycle: DatedCycle, prefix: String, uid: String) -> String {
        var description: [String] = []
        if let goal = cycle.goal { description.append(goal) }
        description.append("\(cycle.days) class \(cycle.days == 1 ? "day" : "days")")
        return event(uid: uid, start: cycle.start, end: cycle.end, summary: prefix + "Cycle: " + cycle.title,
                     description: description, category: "cycle")
    }

    /// `In class: ...` for a class event (the class's date, whoever the student), `Due: ...`
    /// for work handed in (a student's own date), `Reflection: ...` for a prompt (in class).
    private func itemEvent(_ item: DatedItem, date: CivilDate, chosen entry: StudentPlan.Item?, prefix: String, uid: String) -> String {
        var description: [String] = []
        if let deliverable = item.deliverable { description.append("Deliverable: " + deliverable) }
        if let evidence = item.evidence { description.append("Evidence: " + evidence) }
        if let chosen = entry?.chosen {
            description.append("Chosen: " + chosen.title)
        } else if !item.options.isEmpty {
            description.append("Options: " + item.options.map(\.title).joined(separator: "; "))
        }
        if !item.standards.isEmpty { description.append("Standards: " + item.standards.joined(separator: ", ")) }
        if item.optional { description.append("Optional.") }
        if let entry, entry.due != item.date { description.append("Class date: \(item.date)") }
        let summary = item.isReflection ? "Reflection: " + item.title : (item.isClassEvent ? "In class: " : "Due: ") + item.title
        return event(uid: uid, start: date, end: date, summary: prefix + summary, description: description,
                     category: item.kindName)
    }

    /// The exhibition, with its audience and the public product.
    private func exhibitionEvent(_ plan: DatedPlan, date: CivilDate, uid: String) -> String {
        var description: [String] = []
        if let audience = plan.audience { description.append("Audience: " + audience) }
        if let product = plan.productTitle { description.append("Public product: " + product) }
        return event(uid: uid, start: date, end: date, summary: "Exhibition", description: description, category: "exhibition")
    }

    /// An all-day event from `start` through `end` (inclusive; `DTEND` is the day after).
    private func event(uid: String, start: CivilDate, end: CivilDate, summary: String, description: [String],
                       category: String) -> String {
        var out = Self.line("BEGIN", "VEVENT")
            + Self.line("UID", uid)
            + Self.line("DTSTAMP", stamp.iCalendar)
            + Self.line("DTSTART;VALUE=DATE", Self.compact(start))
            + Self.line("DTEND;VALUE=DATE", Self.compact(end.adding(days: 1)))
            + Self.line("SUMMARY", Self.escape(summary))
        if !description.isEmpty {
            out += Self.line("DESCRIPTION", Self.escape(description.joined(separator: "\n")))
        }
        return out + Self.line("CATEGORIES", Self.escape(category))
            + Self.line("TRANSP", "TRANSPARENT")
            + Self.line("END", "VEVENT")
    }

    // MARK: - Content lines

    /// `NAME:value`, folded, with its CRLF.
    static func line(_ name: String, _ value: String) -> String {
        fold(name + ":" + value)
    }

    /// Folds a content line (RFC 5545 §3.1): no physical line over 75 octets, excluding the
    /// CRLF; a continuation line starts with one space, which counts toward its 75. Breaks fall
    /// between Unicode scalars, so a multi-octet UTF-8 sequence is never split. Ends in CRLF.
    static func fold(_ line: String) -> String {
        let limit = 75
        var out = String.UnicodeScalarView()
        var octets = 0
        for scalar in line.unicodeScalars {
            let width = UTF8.width(scalar)
            if octets + width > limit {
                out.append(contentsOf: "\r\n ".unicodeScalars)
                octets = 1
            }
            out.append(scalar)
            octets += width
        }
        out.append(contentsOf: "\r\n".unicodeScalars)
        return String(out)
    }

    /// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma get a backslash,
    /// a line break (CRLF, CR or LF) becomes `\n`. Other control characters, which TEXT does not
    /// allow, are dropped, except tab.
    static func escape(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var afterCR = false
        for scalar in text.unicodeScalars {
            defer { afterCR = scalar == "\r" }
            switch scalar {
            case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
            case ";": out.append(contentsOf: "\\;".unicodeScalars)
            case ",": out.append(contentsOf: "\\,".unicodeScalars)
            case "\r": out.append(contentsOf: "\\n".unicodeScalars)
            case "\n": if !afterCR { out.append(contentsOf: "\\n".unicodeScalars) }
            case "\t": out.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// `YYYYMMDD`, the DATE form.
    static func compact(_ date: CivilDate) -> String {
        pad(date.year, 4) + pad(date.month, 2) + pad(date.day, 2)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
