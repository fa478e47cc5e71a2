/// What finding a student's jobs reads, copied to memory of its own and read through plain
/// pointers. Walking 5,000 students on two threads through Swift arrays and structs retained
/// and released their storage at every step, on both cores at once: the walk took 20 times
/// as long, all of it contention for reference counts.
final class WalkTables: @unchecked Sendable {
    // Sendable: written once in `init`, then only read.
    private let steps: Pinned<ChecklistLayout.Step>
    private let bodies: Pinned<Range<Int>>
    private let depends: Pinned<UInt8>
    private let uses: Pinned<ChecklistSources.StudentUse>
    private let cycleUses: Pinned<ChecklistSources.CycleUse>
    private let leafIDs: Pinned<Int>
    private let shapeOfStudent: Pinned<Int>
    private let cycleOfUse: Pinned<Int>
    /// Jobs of the pieces that depend on one record: `jobs[jobStarts[piece] + record]`.
    private let jobs: Pinned<Int32>
    private let jobStarts: Pinned<Int>
    /// Jobs of the pieces that depend on more than one record (rare).
    private let memo: MemoizedChecklists
    private let jobIDs: [MemoizedChecklists.Job: Int32]

    init(_ memo: MemoizedChecklists, jobByRecord: [[Int32]], jobIDs: [MemoizedChecklists.Job: Int32], cycleOfUse: [Int]) {
        steps = Pinned(memo.layout.steps)
        bodies = Pinned(memo.layout.bodies)
        depends = Pinned(memo.layout.depends)
        uses = Pinned(memo.sources.uses)
        cycleUses = Pinned(memo.sources.cycleUses)
        leafIDs = Pinned(memo.sources.leafIDs)
        shapeOfStudent = Pinned(memo.shapeOfStudent)
        self.cycleOfUse = Pinned(cycleOfUse)
        jobs = Pinned(jobByRecord.flatMap { $0 })
        jobStarts = Pinned(jobByRecord.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1.count) })
        self.memo = memo
        self.jobIDs = jobIDs
    }

    /// Appends the jobs of one student's checklist to `output`, in order.
    func jobs(ofStudent student: Int, into output: inout [Int32]) {
        let steps = steps.buffer, bodies = bodies.buffer, depends = depends.buffer, cycleUses = cycleUses.buffer
        let leafIDs = leafIDs.buffer, cycleOfUse = cycleOfUse.buffer, jobs = jobs.buffer, jobStarts = jobStarts.buffer
        let shape = shapeOfStudent.buffer[student], cycles = uses.buffer[student].cycles
        func walk(_ body: Int, cycleUse: Int, leaf: Int) {
            for index in bodies[body] {
                let step = steps[index]
                if step.piece >= 0 {
                    switch depends[step.piece] {
                    case 1: output.append(jobs[jobStarts[step.piece] + shape])
                    case 2: output.append(jobs[jobStarts[step.piece] + cycleOfUse[cycleUse]])
                    case 4: output.append(jobs[jobStarts[step.piece] + leaf])
                    default: output.append(jobIDs[memo.key(step.piece, student: student, cycleUse: cycleUse, leaf: leaf)]!)
                    }
                } else if step.repeats == .cycle {
                    for use in cycles { walk(step.body, cycleUse: use, leaf: -1) }
                } else {
                    let cycle = cycleUses[cycleUse]
                    for position in step.repeats == .item ? cycle.items : cycle.reflections {
                        walk(step.body, cycleUse: cycleUse, leaf: leafIDs[position])
                    }
                }
            }
        }
        walk(0, cycleUse: -1, leaf: -1)
    }
}

/// An array's elements in memory of their own, for as long as the object lives.
final class Pinned<Element>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Element>
    /// Valid as long as the object lives.
    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(storage) }

    init(_ elements: [Element]) {
        storage = .allocate(capacity: elements.count)
        _ = storage.initialize(from: elements)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    subscript(index: Int) -> Element { storage[index] }
}
