import Planner

/// Every chosen student's checklist as references into the class plan: which cycles they see
/// and, in each, which of the class's items and reflections, on which due date, with which
/// option chosen. A class of thousands shares a few hundred such item references (a group,
/// an option, a number of extra days), so each is built, and rendered, once.
///
/// A student's item is the class's item of the same id in the same cycle (`Scheduler` copies
/// it from there), on the student's own date. An item found nowhere in its class cycle, or
/// with an option the item does not offer, keeps a reference of its own.
struct ChecklistSources {
    /// One item of one cycle on one due date with one choice.
    struct Leaf {
        var section: Int
        var cycle: Int
        /// Position in the class cycle's items, or `-1 - n` for the n-th item not found there.
        var index: Int
        var due: CivilDate
        /// Position of the chosen option in the item's options, -1 when none is chosen.
        var chosen: Int
    }

    /// A cycle as one student sees it: ranges of `leafIDs`.
    struct CycleUse {
        var cycle: Int
        var items: Range<Int>
        var reflections: Range<Int>
    }

    /// A student: their section (in `sections`) and a range of `cycleUses`.
    struct StudentUse {
        var section: Int
        var cycles: Range<Int>
    }

    /// The sections the students are in, each once, as the students' entries give them.
    private(set) var sections: [SectionPlan] = []
    private(set) var leaves: [Leaf] = []
    private(set) var leafIDs: [Int] = []
    private(set) var cycleUses: [CycleUse] = []
    private(set) var uses: [StudentUse] = []
    /// Items of students that are not their class cycle's (see `Leaf.index`).
    private var strays: [StudentPlan.Item] = []

    init(_ students: [(student: StudentPlan, section: SectionPlan)]) {
        var sectionIndex: [String?: Int] = [:]
        // Leaves by section, cycle and class item position: the few (due, chosen) variants seen.
        var variants: [[[[Int]]]] = []
        var entries: [Entry] = []
        uses.reserveCapacity(students.count)
        for chosen in students.indices {
            let sectionID = students[chosen].section.id
            let s: Int
            if let known = sectionIndex[sectionID] {
                s = known
            } else {
                s = sections.count
                sectionIndex[sectionID] = s
                sections.append(students[chosen].section)
                variants.append(students[chosen].section.cycles.map { Array(repeating: [], count: $0.items.count) })
            }
            entries.removeAll(keepingCapacity: true)
            // Read in place: copying every item struct would retain all its strings.
            let inOrder = students[chosen].student.items.withUnsafeBufferPointer { items in
                locate(items, section: s, variants: &variants[s], into: &entries)
            }
            // A cycle's items in the student's order, cycles in the class's order.
            if !inOrder { entries = entries.enumerated().sorted { ($0.element.cycle, $0.offset) < ($1.element.cycle, $1.offset) }.map(\.element) }
            let firstCycle = cycleUses.count
            var start = 0
            while start < entries.count {
                var end = start
                while end < entries.count, entries[end].cycle == entries[start].cycle { end += 1 }
                let first = leafIDs.count
                for entry in entries[start..<end] where !entry.reflection { leafIDs.append(entry.leaf) }
                let middle = leafIDs.count
                for entry in entries[start..<end] where entry.reflection { leafIDs.append(entry.leaf) }
                cycleUses.append(CycleUse(cycle: entries[start].cycle, items: first..<middle, reflections: middle..<leafIDs.count))
                start = end
            }
            uses.append(StudentUse(section: s, cycles: firstCycle..<cycleUses.count))
        }
    }

    private struct Entry {
        var cycle: Int
        var leaf: Int
        var reflection: Bool
    }

    /// The leaves of one student's items, in their order; false when their cycles are not in
    /// the class's order. Items of no cycle of the section are left out (never shown).
    private mutating func locate(_ items: UnsafeBufferPointer<StudentPlan.Item>, section s: Int, variants: inout [[[Int]]],
                                 into entries: inout [Entry]) -> Bool {
        let cycles = sections[s].cycles
        var cycle = 0, cursor = 0, inOrder = true
        for position in items.indices {
            let cycleID = items[position].item.cycleID
            if cycle >= cycles.count || cycles[cycle].id != cycleID {
                guard let found = cycles.firstIndex(where: { $0.id == cycleID }) else { continue }
                if found < cycle { inOrder = false }
                cycle = found
                cursor = 0
            }
            let id = items[position].item.id
            // Usually the next class item: a student's items keep the class's order.
            var index: Int? = nil
            if cursor < cycles[cycle].items.count, cycles[cycle].items[cursor].id == id {
                index = cursor
            } else {
                index = cycles[cycle].items.firstIndex { $0.id == id }
            }
            let due = items[position].due
            var chosen = -1
            if let option = items[position].chosen {
                chosen = index.flatMap { cycles[cycle].items[$0].options.firstIndex(of: option) } ?? -2
            }
            let leaf: Int
            if let index, chosen != -2 {
                cursor = index + 1
                if let seen = variants[cycle][index].first(where: { leaves[$0].due == due && leaves[$0].chosen == chosen }) {
                    leaf = seen
                } else {
                    leaf = leaves.count
                    leaves.append(Leaf(section: s, cycle: cycle, index: index, due: due, chosen: chosen))
                    variants[cycle][index].append(leaf)
                }
            } else {
                leaf = leaves.count
                leaves.append(Leaf(section: s, cycle: cycle, index: -1 - strays.count, due: due, chosen: -1))
                strays.append(items[position])
            }
            entries.append(Entry(cycle: cycle, leaf: leaf, reflection: items[position].item.isReflection))
        }
        return inOrder
    }

    /// The class item behind a leaf (or the student's own), its due date and the chosen option.
    func entry(_ leaf: Int) -> (item: DatedItem, due: CivilDate, chosen: DatedItem.Option?) {
        let source = leaves[leaf]
        guard source.index >= 0 else {
            let stray = strays[-1 - source.index]
            return (stray.item, stray.due, stray.chosen)
        }
        let item = sections[source.section].cycles[source.cycle].items[source.index]
        return (item, source.due, source.chosen >= 0 ? item.options[source.chosen] : nil)
    }

    /// The record of a leaf: an item or a reflection, with the fields `keep` asks for.
    func record(_ leaf: Int, item itemFields: FieldMask, reflection reflectionFields: FieldMask) -> TemplateRecord {
        let (item, due, chosen) = entry(leaf)
        return item.isReflection ? ChecklistValues.reflection(item, due: due, keep: reflectionFields)
            : ChecklistValues.item(item, due: due, chosen: chosen, keep: itemFields)
    }

    /// Whether a text of the class's cycles and items (or of a student's own item) matches.
    func anyText(where matches: (String) -> Bool) -> Bool {
        func item(_ item: DatedItem) -> Bool {
            matches(item.id) || matches(item.title) || (item.deliverable.map(matches) ?? false) || (item.evidence.map(matches) ?? false)
                || item.standards.contains(where: matches) || item.options.contains { matches($0.title) }
        }
        return sections.contains { section in
            section.cycles.contains { cycle in matches(cycle.title) || (cycle.goal.map(matches) ?? false) || cycle.items.contains(where: item) }
        } || strays.contains { item($0.item) }
    }

    /// The whole context of every student, as the template sees it when rendered in one piece.
    func document(_ plan: DatedPlan, paper: ChecklistContext.Paper, students: [(student: StudentPlan, section: SectionPlan)]) -> TemplateRecord {
        var leafRecords: [TemplateRecord?] = Array(repeating: nil, count: leaves.count)
        func leaf(_ id: Int) -> TemplateRecord {
            if let made = leafRecords[id] { return made }
            let made = record(id, item: .all, reflection: .all)
            leafRecords[id] = made
            return made
        }
        let records = zip(students, uses).map { chosen, use in
            let cycles = cycleUses[use.cycles].map { cycle in
                ChecklistValues.cycle(sections[use.section].cycles[cycle.cycle], number: cycle.cycle + 1,
                                      items: leafIDs[cycle.items].map(leaf), reflections: leafIDs[cycle.reflections].map(leaf))
            }
            return ChecklistValues.student(chosen.student, section: sections[use.section], plan: plan, cycles: cycles)
        }
        return ChecklistValues.document(plan, paper: paper, students: records)
    }
}
