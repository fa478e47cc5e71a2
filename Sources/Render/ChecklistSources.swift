import PlannerModel
import PlannerDates

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
        /// Where the item is.
        enum Source {
            /// Position in the class cycle's items.
            case classItem(Int)
            /// A student's own item, not found in the class cycle: the n-th of `strays`.
            case stray(Int)
        }

        var section: Int
        var cycle: Int
        var source: Source
        var due: CivilDate
        /// Position of the chosen option in the item's options.
        var chosen: Int?
        var reflection: Bool
        /// What the progress record says of it (checklists printed with `--progress`).
        var record: StudentPlan.ItemRecord?
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
    /// The look's lines and statements, the same in every item record.
    let wording: ItemWording
    /// Items of students that are not their class cycle's (see `Leaf.index`).
    private var strays: [StudentPlan.Item] = []

    init(_ students: [(student: StudentPlan, section: SectionPlan)], wording: ItemWording) {
        self.wording = wording
        var sectionIndex: [String?: Int] = [:]
        var sectionOf: [Int] = []
        sectionOf.reserveCapacity(students.count)
        for chosen in students {
            if let known = sectionIndex[chosen.section.id] {
                sectionOf.append(known)
            } else {
                sectionIndex[chosen.section.id] = sections.count
                sectionOf.append(sections.count)
                sections.append(chosen.section)
            }
        }
        // Where each student's items are in the class's cycles, each student's in its own
        // range of `located`.
        var starts = [0]
        for chosen in students { starts.append(starts[starts.count - 1] + chosen.student.items.count) }
        var located = [Located](repeating: Located(), count: starts[starts.count - 1])
        var kept = [Int](repeating: 0, count: students.count)
        located.withUnsafeMutableBufferPointer { located in
            for index in students.indices {
                let target = UnsafeMutableBufferPointer(rebasing: located[starts[index]..<starts[index + 1]])
                kept[index] = students[index].student.items.withUnsafeBufferPointer { items in
                    Self.locate(items, in: sections[sectionOf[index]].cycles, into: target)
                }
            }
        }
        // Leaves, each made once, in student order (the few variants of each class item are
        // few enough to search).
        var variants = sections.map { $0.cycles.map { Array(repeating: [Int](), count: $0.items.count) } }
        uses.reserveCapacity(students.count)
        leafIDs.reserveCapacity(located.count)
        located.withUnsafeBufferPointer { located in
            for index in students.indices {
                let s = sectionOf[index]
                let entries = located[starts[index]..<starts[index] + kept[index]]
                let firstCycle = cycleUses.count
                var start = entries.startIndex
                while start < entries.endIndex {
                    var end = start
                    while end < entries.endIndex, entries[end].cycle == entries[start].cycle { end += 1 }
                    // A cycle's items, then its reflections, each in the student's order.
                    let first = leafIDs.count
                    for entry in entries[start..<end] where !entry.reflection {
                        leafIDs.append(leaf(entry, section: s, variants: &variants[s], of: students, index))
                    }
                    let middle = leafIDs.count
                    for entry in entries[start..<end] where entry.reflection {
                        leafIDs.append(leaf(entry, section: s, variants: &variants[s], of: students, index))
                    }
                    cycleUses.append(CycleUse(cycle: Int(entries[start].cycle), items: first..<middle, reflections: middle..<leafIDs.count))
                    start = end
                }
                uses.append(StudentUse(section: s, cycles: firstCycle..<cycleUses.count))
            }
        }
    }

    /// Where a student's item is: its cycle and place in the class's cycle (-1: not there, or
    /// with an option the class item does not have), due date and chosen option.
    private struct Located {
        var cycle: Int32 = 0
        var index: Int32 = -1
        var chosen: Int32 = -1
        var position: Int32 = 0
        var reflection = false
        var due = CivilDate(year: 2000, month: 1, day: 1)!
        var record: StudentPlan.ItemRecord?
    }

    /// Locates a student's items, cycles in the class's order and a cycle's items in the
    /// student's; items of no cycle of the section are left out (never shown). The count kept.
    private static func locate(_ items: UnsafeBufferPointer<StudentPlan.Item>, in cycles: [DatedCycle],
                               into output: UnsafeMutableBufferPointer<Located>) -> Int {
        var count = 0, cycle = 0, cursor = 0, inOrder = true
        for position in items.indices {
            // Read in place: copying every item struct would retain all its strings.
            let cycleID = items[position].item.cycleID
            if cycle >= cycles.count || cycles[cycle].id != cycleID {
                guard let found = cycles.firstIndex(where: { $0.id == cycleID }) else { continue }
                if found < cycle { inOrder = false }
                cycle = found
                cursor = 0
            }
            let id = items[position].item.id
            // Usually the next class item: a student's items keep the class's order.
            var index = -1
            if cursor < cycles[cycle].items.count, cycles[cycle].items[cursor].id == id {
                index = cursor
            } else if let found = cycles[cycle].items.firstIndex(where: { $0.id == id }) {
                index = found
            }
            var chosen = -1
            if index >= 0, let option = items[position].chosen {
                chosen = cycles[cycle].items[index].options.firstIndex(of: option) ?? -1
                if chosen < 0 { index = -1 }
            }
            if index >= 0 { cursor = index + 1 }
            // The item's kind as its record will have it (the class item's, when there is one).
            let reflection = index >= 0 ? cycles[cycle].items[index].isReflection : items[position].item.isReflection
            output[count] = Located(cycle: Int32(cycle), index: Int32(index), chosen: Int32(chosen), position: Int32(position),
                                    reflection: reflection, due: items[position].due, record: items[position].record)
            count += 1
        }
        if !inOrder {
            var kept = UnsafeMutableBufferPointer(rebasing: output[..<count])
            kept.sort { ($0.cycle, $0.position) < ($1.cycle, $1.position) }
        }
        return count
    }

    /// The leaf of a located item: the one made for the same class item, date and choice, or
    /// a new one.
    private mutating func leaf(_ entry: Located, section: Int, variants: inout [[[Int]]],
                               of students: [(student: StudentPlan, section: SectionPlan)], _ student: Int) -> Int {
        let cycle = Int(entry.cycle), index = Int(entry.index), chosen = entry.chosen >= 0 ? Int(entry.chosen) : nil
        guard index >= 0 else {
            leaves.append(Leaf(section: section, cycle: cycle, source: .stray(strays.count), due: entry.due, chosen: nil,
                               reflection: entry.reflection, record: entry.record))
            strays.append(students[student].student.items[Int(entry.position)])
            return leaves.count - 1
        }
        if let seen = variants[cycle][index].first(where: {
            leaves[$0].due == entry.due && leaves[$0].chosen == chosen && leaves[$0].record == entry.record
        }) { return seen }
        leaves.append(Leaf(section: section, cycle: cycle, source: .classItem(index), due: entry.due, chosen: chosen,
                           reflection: entry.reflection, record: entry.record))
        variants[cycle][index].append(leaves.count - 1)
        return leaves.count - 1
    }

    /// The class item behind a leaf (or the student's own), its due date and the chosen option.
    func entry(_ leaf: Int) -> (item: DatedItem, due: CivilDate, chosen: DatedItem.Option?) {
        let leaf = leaves[leaf]
        switch leaf.source {
        case .stray(let number):
            let stray = strays[number]
            return (stray.item, stray.due, stray.chosen)
        case .classItem(let index):
            let item = sections[leaf.section].cycles[leaf.cycle].items[index]
            return (item, leaf.due, leaf.chosen.map { item.options[$0] })
        }
    }

    /// The record of a leaf: an item or a reflection.
    func record(_ leaf: Int) -> TemplateRecord {
        let (item, due, chosen) = entry(leaf)
        return item.isReflection ? ChecklistValues.reflection(item, due: due, wording: wording, record: leaves[leaf].record)
            : ChecklistValues.item(item, due: due, chosen: chosen, wording: wording, record: leaves[leaf].record)
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
    func document(_ plan: DatedPlan, look: PrintLook, students: [(student: StudentPlan, section: SectionPlan)]) -> TemplateRecord {
        var leafRecords: [TemplateRecord?] = Array(repeating: nil, count: leaves.count)
        func leaf(_ id: Int) -> TemplateRecord {
            if let made = leafRecords[id] { return made }
            let made = record(id)
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
        return ChecklistValues.document(plan, look: look, students: records)
    }
}
