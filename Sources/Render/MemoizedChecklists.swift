import Dispatch
import Mustache
import Planner

/// The students section of a checklist document, rendered piece by piece (`ChecklistLayout`):
/// each piece once per distinct set of records it depends on, by swift-mustache, then copied
/// into every student's checklist that has that set.
///
/// First every student is walked through the layout, noting for each piece the records it
/// depends on: the student's shape (`StudentShape`), the cycle (its fields the template
/// uses) and the item or reflection (the class's item, the due date, the choice). The
/// distinct sets are then rendered in parallel; writing out is copying.
struct MemoizedChecklists {
    /// A rendering of one piece: the records it depends on, by id (-1: does not depend).
    struct Job: Hashable {
        var piece: Int32
        var student: Int32
        var cycle: Int32
        var leaf: Int32
    }

    /// A run of the rendered output: bytes of `arena`, or a student's text by marker number.
    struct Segment {
        var start: Int32
        /// The byte count; -1 for the student's text raw, -2 escaped.
        var count: Int32
    }

    let layout: ChecklistLayout
    let sources: ChecklistSources
    let marked: Bool

    private(set) var shapes: [TemplateRecord] = []
    private var shapeIDs: [StudentShape: Int] = [:]
    /// Each student's shape, and the texts its markers stand for (a range of `texts`).
    private(set) var shapeOfStudent: [Int] = []
    private(set) var texts: [String] = []
    private(set) var textRanges: [Range<Int>] = []

    private var cycleRecords: [TemplateRecord] = []
    private var cycleIDs: [CycleKey: Int] = [:]
    /// The record of each of `sources.cycleUses`.
    private var cycleOfUse: [Int] = []
    private var leafRecords: [TemplateRecord?]
    private var fullLeaves: [TemplateRecord?]

    private(set) var jobs: [Job] = []
    private var jobIDs: [Job: Int32] = [:]
    /// Jobs by piece and record id, for pieces that depend on one record only (most of them).
    private var jobByRecord: [[Int32]]
    /// Each student's output: jobs in order (a range of `refs` per student).
    private(set) var refs: [Int32] = []
    private(set) var refStarts: [Int] = [0]

    private struct CycleKey: Hashable {
        var section: Int
        var cycle: Int
        var items: ArraySlice<Int>?
        var reflections: ArraySlice<Int>?
    }

    init(layout: ChecklistLayout, sources: ChecklistSources, plan: DatedPlan,
         students: [(student: StudentPlan, section: SectionPlan)], marked: Bool, goalsMarked: Bool) {
        self.layout = layout
        self.sources = sources
        self.marked = marked
        leafRecords = Array(repeating: nil, count: sources.leaves.count)
        fullLeaves = Array(repeating: nil, count: sources.leaves.count)
        jobByRecord = Array(repeating: [], count: layout.pieces.count)
        let studentFields = layout.used[RecordKind.student.rawValue]
        for (index, use) in sources.uses.enumerated() {
            let section = sources.sections[use.section]
            let first = texts.count
            let shape = StudentShape.of(students[index].student, index: index, section: section, keep: studentFields,
                                        marked: marked, goalsMarked: goalsMarked, texts: &texts)
            if let id = shapeIDs[shape] {
                shapeOfStudent.append(id)
            } else {
                shapeIDs[shape] = shapes.count
                shapeOfStudent.append(shapes.count)
                shapes.append(shape.record(plan) { self.fullCycles(of: $0) })
            }
            textRanges.append(first..<texts.count)
            for cycle in use.cycles { cycleOfUse.append(cycleRecord(cycle, section: use.section)) }
            walk(0, student: index, cycleUse: -1, leaf: -1)
            refStarts.append(refs.count)
        }
    }

    /// The cycle's record with the fields the template uses; interned, so that cycles the same
    /// for two students are one record.
    private mutating func cycleRecord(_ use: Int, section: Int) -> Int {
        let cycleUse = sources.cycleUses[use]
        let keep = layout.used[RecordKind.cycle.rawValue]
        let key = CycleKey(section: section, cycle: cycleUse.cycle,
                           items: keep.contains(CycleField.items) ? sources.leafIDs[cycleUse.items] : nil,
                           reflections: keep.contains(CycleField.reflections) ? sources.leafIDs[cycleUse.reflections] : nil)
        if let id = cycleIDs[key] { return id }
        // Records a piece reaches through `items` or `reflections` are whole.
        var items: [TemplateRecord] = [], reflections: [TemplateRecord] = []
        for leaf in key.items ?? [] { items.append(fullLeaf(leaf)) }
        for leaf in key.reflections ?? [] { reflections.append(fullLeaf(leaf)) }
        let cycle = ChecklistValues.cycle(sources.sections[section].cycles[cycleUse.cycle], number: cycleUse.cycle + 1,
                                          items: items, reflections: reflections, keep: keep)
        cycleIDs[key] = cycleRecords.count
        cycleRecords.append(cycle)
        return cycleRecords.count - 1
    }

    private mutating func fullLeaf(_ leaf: Int) -> TemplateRecord {
        if let made = fullLeaves[leaf] { return made }
        let made = sources.record(leaf, item: .all, reflection: .all)
        fullLeaves[leaf] = made
        return made
    }

    /// A student's cycles as a whole (when the template looks `cycles` up outside the loop).
    private func fullCycles(of student: Int) -> [TemplateRecord] {
        let use = sources.uses[student]
        let section = sources.sections[use.section]
        return sources.cycleUses[use.cycles].map { cycle in
            ChecklistValues.cycle(section.cycles[cycle.cycle], number: cycle.cycle + 1,
                                  items: sources.leafIDs[cycle.items].map { sources.record($0, item: .all, reflection: .all) },
                                  reflections: sources.leafIDs[cycle.reflections].map { sources.record($0, item: .all, reflection: .all) })
        }
    }

    /// Notes the jobs of one student's output, in order (-1: no cycle or leaf yet).
    private mutating func walk(_ body: Int, student: Int, cycleUse: Int, leaf: Int) {
        for index in layout.bodies[body] {
            let step = layout.steps[index]
            if step.piece >= 0 {
                refs.append(job(step.piece, student: student, cycleUse: cycleUse, leaf: leaf))
            } else if step.repeats == .cycle {
                for use in sources.uses[student].cycles { walk(step.body, student: student, cycleUse: use, leaf: -1) }
            } else {
                let cycle = sources.cycleUses[cycleUse]
                for position in step.repeats == .item ? cycle.items : cycle.reflections {
                    walk(step.body, student: student, cycleUse: cycleUse, leaf: sources.leafIDs[position])
                }
            }
        }
    }

    private mutating func job(_ piece: Int, student: Int, cycleUse: Int, leaf: Int) -> Int32 {
        let depends = layout.depends[piece]
        var job = Job(piece: Int32(piece), student: -1, cycle: -1, leaf: -1)
        if depends & 1 != 0 { job.student = Int32(shapeOfStudent[student]) }
        if depends & 2 != 0 { job.cycle = Int32(cycleOfUse[cycleUse]) }
        if depends & 4 != 0 {
            job.leaf = Int32(leaf)
            if leafRecords[leaf] == nil {
                leafRecords[leaf] = sources.record(leaf, item: layout.used[RecordKind.item.rawValue],
                                                   reflection: layout.used[RecordKind.reflection.rawValue])
            }
        }
        // One record: a table by its id; more: a hash of them all.
        if depends == 1 || depends == 2 || depends == 4 {
            let id = Int(max(job.student, job.cycle, job.leaf))
            if id < jobByRecord[piece].count {
                let known = jobByRecord[piece][id]
                if known >= 0 { return known }
            } else {
                jobByRecord[piece] += repeatElement(-1, count: id + 1 - jobByRecord[piece].count)
            }
            jobByRecord[piece][id] = Int32(jobs.count)
        } else if let known = jobIDs[job] {
            return known
        } else {
            jobIDs[job] = Int32(jobs.count)
        }
        jobs.append(job)
        return Int32(jobs.count - 1)
    }

    /// Renders every job, in parallel: the output of each as segments of one arena.
    func render(_ templates: [MustacheTemplate], document: TemplateRecord) -> (arena: [UInt8], segments: [Segment], starts: [Int]) {
        let blanks = RecordKind.allCases.map { TemplateRecord($0, Array(repeating: Absent.value, count: $0.names.count)) }
        var outputs = [String](repeating: "", count: jobs.count)
        // Records are read, never changed, while the jobs render.
        let shared = ReadOnly((self, templates, document, blanks))
        outputs.withUnsafeMutableBufferPointer { buffer in
            let slots = SendableBuffer(buffer)
            let chunk = max(1, jobs.count / 64)
            DispatchQueue.concurrentPerform(iterations: (jobs.count + chunk - 1) / chunk) { part in
                let (memo, templates, document, blanks) = shared.value
                for index in part * chunk..<min(memo.jobs.count, (part + 1) * chunk) {
                    let job = memo.jobs[index]
                    let chain = memo.layout.pieces[Int(job.piece)].chain
                    var levels = [job.student >= 0 ? memo.shapes[Int(job.student)] : blanks[RecordKind.student.rawValue]]
                    if chain.count > 1 { levels.append(job.cycle >= 0 ? memo.cycleRecords[Int(job.cycle)] : blanks[RecordKind.cycle.rawValue]) }
                    if chain.count > 2 { levels.append(job.leaf >= 0 ? memo.leafRecords[Int(job.leaf)]! : blanks[chain[2].rawValue]) }
                    slots.buffer[index] = templates[Int(job.piece)].render(PieceRoot(document: document, levels: levels))
                }
            }
        }
        var arena: [UInt8] = []
        var segments: [Segment] = []
        var starts = [0]
        for var output in outputs {
            output.withUTF8 { bytes in
                let raw = UnsafeRawBufferPointer(bytes)
                var literal = 0
                var index = 0
                func flush(_ end: Int) {
                    guard end > literal else { return }
                    segments.append(Segment(start: Int32(arena.count), count: Int32(end - literal)))
                    arena.append(contentsOf: raw[literal..<end])
                }
                while marked, index < raw.count {
                    if raw[index] == 0xEE, let marker = StudentShape.marker(in: raw, at: index) {
                        flush(index)
                        segments.append(Segment(start: Int32(marker.slot), count: marker.escaped ? -2 : -1))
                        index += 3
                        literal = index
                    } else {
                        index += 1
                    }
                }
                flush(raw.count)
            }
            starts.append(segments.count)
        }
        return (arena, segments, starts)
    }
}

struct ReadOnly<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

struct SendableBuffer<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}
