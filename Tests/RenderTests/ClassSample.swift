import Foundation
@testable import Planner
@testable import PlannerCheck
@testable import PlannerDates
@testable import PlannerLoad
@testable import PlannerModel
@testable import PlannerResources
@testable import PlannerSchedule
@testable import Render
import XCTest

/// A class of students over SamplePlan's two sections, different in every way a checklist
/// can be: groups, sections, extra days, choices made and not, goals, names with markup,
/// quotes, control characters and other scripts, an item of their own, items out of order.
/// Several students share everything but their names, so memoized pieces are reused; a blank
/// checklist per section comes last.
enum ClassSample {
    static let names = [
        "Ana López 山田", "Zoë \"Z\" O'Brien <b>bold</b> & co", "*star* _under_ `tick` [x] #1 |pipe| ~t~ \\",
        "Ctrl\u{1B}[31m red\u{7F}\u{85}", "مريم الحسيني", "Chen Wei", "Ben Okafor", "Dana\nKowalski", "Émile Dubois", "Kai",
    ]

    static func plan(names: [String] = names) -> DatedPlan {
        var plan = SamplePlan.plan()
        plan.sections = plan.sections.enumerated().map { number, section in
            var section = section
            section.students = names.indices.filter { $0 % 2 == number }.map { student(number: $0, name: names[$0], section: section) }
            return section
        }
        return plan
    }

    /// The class's students, then a blank checklist for each section (`SectionPlan.blankStudent`).
    static func students(_ plan: DatedPlan) -> [(student: StudentPlan, section: SectionPlan)] {
        plan.sections.flatMap { section in section.students.map { (student: $0, section: section) } }
            + plan.sections.map { (student: $0.blankStudent(number: 1), section: $0) }
    }

    /// The n-th student: extra days 0, 1, 2, 0, ...; a choice every other student (one of them
    /// an option the item does not offer); goals none, one or two; a group for most.
    static func student(number: Int, name: String, section: SectionPlan) -> StudentPlan {
        let extra = number % 3
        let groups: [(String?, String?)] = [("otters", "Otters"), ("herons", "Herons & <Cranes>"), (nil, nil), ("kits", nil)]
        let (group, title) = groups[number % groups.count]
        var items: [StudentPlan.Item] = []
        for cycle in section.cycles {
            for item in cycle.items where !(item.optional && number % 2 == 1) {
                var chosen: DatedItem.Option?
                if !item.options.isEmpty, number % 2 == 0 {
                    chosen = number == 6 ? DatedItem.Option(id: "canoe", title: "By canoe, not offered") : item.options[number / 2 % item.options.count]
                }
                let due = item.isReflection || item.isClassEvent ? item.date : item.date.adding(days: extra)
                items.append(StudentPlan.Item(item: item, due: due, chosen: chosen))
            }
        }
        if number == 5 {
            // An item of their own, not in the class's cycle.
            let own = DatedItem(id: "extra-practice", cycleID: "argue", kind: .milestone(.work), title: "Extra <practice>",
                                date: section.cycles[1].start, day: 1, deliverable: "Notes")
            items.insert(StudentPlan.Item(item: own, due: own.date, chosen: nil), at: items.count - 1)
        }
        if number == 7 {
            // Cycles out of order: the second cycle's items first.
            items = items.filter { $0.item.cycleID == "argue" } + items.filter { $0.item.cycleID != "argue" }
        }
        let goals = [[], ["Lead the field team"], ["Ask one question", "Use <three> sources & cite"]][number % 3]
        return StudentPlan(id: "s\(number + 1)", name: name, group: group, groupTitle: title, section: section.id,
                           extraDays: extra, goals: goals, items: items)
    }

    /// A renderer whose department root has `text` as `render/<name>.mustache` (nil: built-in).
    static func renderer(_ name: String, text: String?) throws -> TemplateRenderer {
        guard let text else { return TemplateRenderer(roots: TemplateRoots()) }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pbl-render-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("render"), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: root.appendingPathComponent("render/\(name).mustache"))
        return TemplateRenderer(roots: TemplateRoots(directories: [root.path]))
    }

    /// What swift-mustache renders for the whole template with the whole context, or the
    /// error; and the same from `renderChecklists`.
    static func both(_ renderer: TemplateRenderer, _ name: String, _ plan: DatedPlan,
                     students: [(student: StudentPlan, section: SectionPlan)]? = nil) -> (whole: String, fast: String) {
        let students = students ?? Self.students(plan)
        let whole: String
        do {
            whole = try renderer.compile(name).render(ChecklistContext.students(plan, students: students, look: PrintLook(paper: .a4)))
        } catch {
            whole = "error: \(error)"
        }
        var sink = MemorySink()
        do {
            try renderer.renderChecklists(name, plan: plan, students: students, look: PrintLook(paper: .a4), to: &sink)
            return (whole, sink.text)
        } catch {
            return (whole, "error: \(error)")
        }
    }

    /// Whether `renderChecklists` puts the document together from pieces (rather than
    /// rendering the template whole).
    static func isPieced(_ renderer: TemplateRenderer, _ name: String, _ plan: DatedPlan,
                         students: [(student: StudentPlan, section: SectionPlan)]? = nil) -> Bool {
        pieces(renderer, name, plan, students: students) != nil
    }

    /// The rendered pieces of a template, if it can be put together from pieces.
    static func pieces(_ renderer: TemplateRenderer, _ name: String, _ plan: DatedPlan,
                       students: [(student: StudentPlan, section: SectionPlan)]? = nil) -> ChecklistPieces? {
        let students = students ?? Self.students(plan)
        let look = PrintLook(paper: .a4)
        let sources = ChecklistSources(students, wording: ItemWording(plan, look: look))
        guard var pieces = try? renderer.pieces(name, plan: plan, students: students, look: look, sources: sources),
              pieces.renderAll() else { return nil }
        return pieces
    }
}
