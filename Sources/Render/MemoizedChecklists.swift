import Dispatch
import Mustache
import PlannerModel
import PlannerDates

/// The students section of a checklist document, rendered piece by piece (`ChecklistLayout`):
/// each piece once per distinct set of records it depends on, by swift-mustache, then copied
/// into every student's checklist that has that set.
///
/// The records are the students' shapes (`StudentShape`), the cycles (the fields of them the
/// template uses) and the items and reflections (`ChecklistSources.Leaf`), each made once.
/// A piece depends on the records of the levels its names come from; one that depends on one
/// record has a rendering (a job) per record of that kind, one that depends on more (an item
/// piece that prints the student's name) has one per combination the students have.
struct MemoizedChecklists {
    /// A rendering of one piece: the records it depends on, by id (-1: does not depend).
    struct Job: Hashable {
        var piece: Int32
        var student: Int32
        var cycle: Int32
        var leaf: Int32
    }

    /// A run of a rendered piece: bytes of `arena`, or a student's text by marker number.
    struct Segment {
        var start: Int32
        /// The byte count; -1 for the student's text raw, -2 escaped.
        var count: Int32
    }

    typealias Rendered = (arena: [UInt8], segments: [Segment], starts: [Int])

    let layout: ChecklistLayout
    let sources: ChecklistSources
    let marked: Bool

    private(set) var shapes: [TemplateRecord] = []
    /// Each student's shape, and the texts its markers stand for (`texts[textStarts[i]...]`).
    private(set) var shapeOfStudent: [Int] = []
    private(set) var texts: [String] = []
    private(set) var textStarts: [Int] = [0]

    private var cycleRecords: [TemplateRecord] = []
    /// The record of each of `sources.cycleUses`.
    private(set) var cycleOfUse: [Int] = []
    private var leafRecords: [TemplateRecord] = []

    private(set) var jobs: [Job] = []
    /// Jobs by piece and record id, for pieces that depend on one record; others by `Job`.
    private var jobByRecord: [[Int32]]
    private var jobIDs: [Job: Int32] = [:]

    init(layout: ChecklistLayout, sources: ChecklistSources, plan: DatedPlan,
         students: [(student: StudentPlan, section: SectionPlan)], marked: Bool, goalsMarked: Bool) {
        self.layout = layout
        self.sources = sources
        self.marked = marked
        jobByRecord = Array(repeating: [], count: layout.pieces.count)
        makeShapes(plan, students: students, goalsMarked: goalsMarked)
        makeCycles()
        let items = layout.used[RecordKind.item.rawValue], reflections = layout.used[RecordKind.reflection.rawValue]
        leafRecords = sources.leaves.indices.map { sources.record($0, item: items, reflection: reflections) }
        makeJobs()
    }

    /// Students' shapes, worked out in parallel and numbered in student order.
    private mutating func makeShapes(_ plan: DatedPlan, students: [(student: StudentPlan, section: SectionPlan)], goalsMarked: Bool) {
        var found = [(shape: StudentShape, texts: [String])?](repeating: nil, count: students.count)
        let shared = ReadOnly((students, sources, layout.used[RecordKind.student.rawValue], marked))
        found.withUnsafeMutableBufferPointer { found in
            let output = SendableBuffer(found)
            let chunk = 256
            DispatchQueue.concurrentPerform(iterations: (students.count + chunk - 1) / chunk) { part in
                let (students, sources, keep, marked) = shared.value
                for index in part * chunk..<min(students.count, (part + 1) * chunk) {
                    var texts: [String] = []
                    let shape = StudentShape.of(students[index].student, index: index, section: sources.sections[sources.uses[index].section],
                                                keep: keep, marked: marked, goalsMarked: goalsMarked, texts: &texts)
                    output.buffer[index] = (shape, texts)
                }
            }
        }
        var ids: [StudentShape: Int] = [:]
        shapeOfStudent.reserveCapacity(students.count)
        for case let (shape, own)? in found {
            if let id = ids[shape] {
                shapeOfStudent.append(id)
            } else {
                ids[shape] = shapes.count
                shapeOfStudent.append(shapes.count)
                let record = shape.record(plan) { fullCycles(of: $0) }
                shapes.append(record)
            }
            texts += own
            textStarts.append(texts.count)
        }
    }

    /// Cycle records with the fields the template uses; cycles that are the same for two
    /// students (always, unless a piece looks up their `items` or `reflections`) are one record.
    private mutating func makeCycles() {
        let keep = layout.used[RecordKind.cycle.rawValue]
        let lists = keep.contains(CycleField.items) || keep.contains(CycleField.reflections)
        var bySectionCycle = sources.sections.map { [Int](repeating: -1, count: $0.cycles.count) }
        var byKey: [[Int]: Int] = [:]
        cycleOfUse.reserveCapacity(sources.cycleUses.count)
        for use in sources.uses {
            for cycleUse in use.cycles {
                let cycle = sources.cycleUses[cycleUse]
                let key = lists ? [use.section, cycle.cycle, -1] + sources.leafIDs[cycle.items] + [-1] + sources.leafIDs[cycle.reflections] : []
                if let id = lists ? byKey[key] : bySectionCycle[use.section][cycle.cycle].nonNegative {
                    cycleOfUse.append(id)
                    continue
                }
                // Records a piece reaches through `items` or `reflections` are whole.
                let sources = sources
                func whole(_ leaves: ArraySlice<Int>) -> [TemplateRecord] { leaves.map { sources.record($0, item: .all, reflection: .all) } }
                cycleRecords.append(ChecklistValues.cycle(sources.sections[use.section].cycles[cycle.cycle], number: cycle.cycle + 1,
                                                          items: lists ? whole(sources.leafIDs[cycle.items]) : [],
                                                          reflections: lists ? whole(sources.leafIDs[cycle.reflections]) : [], keep: keep))
                if lists { byKey[key] = cycleRecords.count - 1 } else { bySectionCycle[use.section][cycle.cycle] = cycleRecords.count - 1 }
                cycleOfUse.append(cycleRecords.count - 1)
            }
        }
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

    /// One job per record for a piece that depends on one record (every record of the kind
    /// is reached: each was made for some student); for the others, the combinations the
    /// students have, found by walking them.
    private mutating func makeJobs() {
        for piece in layout.pieces.indices {
            let count: Int
            switch layout.depends[piece] {
            case 1: count = shapes.count
            case 2: count = cycleRecords.count
            case 4: count = sources.leaves.count
            default: continue
            }
            let reflections = layout.pieces[piece].chain.last == .reflection
            jobByRecord[piece] = (0..<count).map { id in
                if layout.depends[piece] == 4, sources.leaves[id].reflection != reflections { return -1 }
                var job = Job(piece: Int32(piece), student: -1, cycle: -1, leaf: -1)
                switch layout.depends[piece] {
                case 1: job.student = Int32(id)
                case 2: job.cycle = Int32(id)
                default: job.leaf = Int32(id)
                }
                jobs.append(job)
                return Int32(jobs.count - 1)
            }
        }
        guard layout.depends.contains(where: { ![1, 2, 4].contains($0) }) else { return }
        var found: [Job] = []
        for student in sources.uses.indices {
            Self.walk(layout, sources, student: student) { piece, cycleUse, leaf in
                if ![1, 2, 4].contains(layout.depends[piece]) { found.append(key(piece, student: student, cycleUse: cycleUse, leaf: leaf)) }
            }
        }
        for job in found where jobIDs[job] == nil {
            jobIDs[job] = Int32(jobs.count)
            jobs.append(job)
        }
    }

    /// The records a piece depends on, where it is reached.
    func key(_ piece: Int, student: Int, cycleUse: Int, leaf: Int) -> Job {
        let depends = layout.depends[piece]
        return Job(piece: Int32(piece), student: depends & 1 != 0 ? Int32(shapeOfStudent[student]) : -1,
                   cycle: depends & 2 != 0 ? Int32(cycleOfUse[cycleUse]) : -1, leaf: depends & 4 != 0 ? Int32(leaf) : -1)
    }

    /// The tables a student's jobs are found with, for `ChecklistOutput`'s threads.
    func walkTables() -> WalkTables { WalkTables(self, jobByRecord: jobByRecord, jobIDs: jobIDs, cycleOfUse: cycleOfUse) }

    /// Each piece of a student's checklist in order, with the cycle use and leaf it is at (-1: none).
    static func walk(_ layout: ChecklistLayout, _ sources: ChecklistSources, student: Int,
                             _ visit: (_ piece: Int, _ cycleUse: Int, _ leaf: Int) -> Void) {
        func steps(_ body: Int, cycleUse: Int, leaf: Int) {
            for index in layout.bodies[body] {
                let step = layout.steps[index]
                if step.piece >= 0 {
                    visit(step.piece, cycleUse, leaf)
                } else if step.repeats == .cycle {
                    for use in sources.uses[student].cycles { steps(step.body, cycleUse: use, leaf: -1) }
                } else {
                    let cycle = sources.cycleUses[cycleUse]
                    for position in step.repeats == .item ? cycle.items : cycle.reflections {
                        steps(step.body, cycleUse: cycleUse, leaf: sources.leafIDs[position])
                    }
                }
            }
        }
        steps(0, cycleUse: -1, leaf: -1)
    }

    /// Renders every job, in parallel: the output of each as segments of one arena.
    func render(_ templates: [MustacheTemplate], document: TemplateRecord) -> Rendered {
        let blanks = RecordKind.allCases.map { TemplateRecord($0, Array(repeating: Absent.value, count: $0.names.count)) }
        var outputs = [String](repeating: "", count: jobs.count)
        // Records are read, never changed, while the jobs render.
        let shared = ReadOnly((self, templates, document, blanks))
        outputs.withUnsafeMutableBufferPointer { buffer in
            let slots = SendableBuffer(buffer)
            DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
                let (memo, templates, document, blanks) = shared.value
                let job = memo.jobs[index]
                let chain = memo.layout.pieces[Int(job.piece)].chain
                var levels = [job.student >= 0 ? memo.shapes[Int(job.student)] : blanks[RecordKind.student.rawValue]]
                if chain.count > 1 { levels.append(job.cycle >= 0 ? memo.cycleRecords[Int(job.cycle)] : blanks[RecordKind.cycle.rawValue]) }
                if chain.count > 2 { levels.append(job.leaf >= 0 ? memo.leafRecords[Int(job.leaf)] : blanks[chain[2].rawValue]) }
                slots.buffer[index] = templates[Int(job.piece)].render(PieceRoot(document: document, levels: levels))
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

extension Int {
    fileprivate var nonNegative: Int? { self >= 0 ? self : nil }
}

struct ReadOnly<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

struct SendableBuffer<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}
