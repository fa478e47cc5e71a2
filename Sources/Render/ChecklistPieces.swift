import Mustache
import PlannerModel
import PlannerDates

/// A class's checklist document rendered piece by piece: the whole template once, with each
/// list (`students`, a student's `cycles`, a cycle's `items` and `reflections`) replaced by a
/// marker; then each list's body, as swift-mustache parsed it, once per record it is shown
/// for, again with the lists inside it replaced. A piece is reused for every place its record
/// is shown in, unless its rendering read a record above its own (an item that prints the
/// student's name): then it is rendered again for each set of records above it. The pieces'
/// outputs are copied out in order, with the students' texts for their markers.
struct ChecklistPieces {
    /// A template rendered for records of one level: the whole template, or a list's body.
    struct Body {
        var list: ListKind?
        var template: MustacheTemplate
        var level: Level { list?.elementLevel ?? .document }
    }

    /// A run of a rendered piece's output.
    enum Run {
        case bytes(Range<Int>)
        /// The student's text of this marker number, raw or escaped.
        case text(slot: Int, escaped: Bool)
        /// A list, its elements each rendered with this body.
        case list(body: Int)
    }

    struct Piece {
        var runs: [Run]
        /// The levels above its own the rendering read: it is valid only for those records.
        var readAbove: ReadLevels
    }

    /// Where in the document a piece is shown: the student, the student's cycle (one of
    /// `ChecklistSources.cycleUses`) and the leaf it is inside, as far as it is inside them.
    struct Place: Hashable {
        var student: Int?
        var cycleUse: Int?
        var leaf: Int?
    }

    /// A rendering to do: a body at a place.
    struct Job {
        var body: Int
        var place: Place
    }

    /// A rendering of a body for a record, and for the records above it (shape, then cycle
    /// record) when the body's first rendering for the record read any of them.
    struct Key: Hashable {
        var body: Int
        var record: Int
        var above: [Int] = []
    }

    let sources: ChecklistSources
    private let document: TemplateRecord
    private let frame: MustacheTemplate
    private let templateText: String
    private var shapes: [TemplateRecord] = []
    private var shapeOfStudent: [Int] = []
    /// Each student's texts for the markers, raw and escaped, as ranges of `textBytes`: the
    /// n-th text of student i is `texts[2 * (textStarts[i] + n)]`, escaped the one after.
    private var textBytes: [UInt8] = []
    private var texts: [Range<Int>] = []
    private var textStarts: [Int] = [0]
    /// Cycle records by section and cycle: the same for every student (lists are the pieces').
    private let cycleRecords: [[TemplateRecord]]
    /// The number of section s's first cycle record among all sections'.
    private let firstCycleRecord: [Int]
    private let leafRecords: [TemplateRecord]

    private var bodies: [Body]
    private var bodyIDs: [ListKind: [String: Int]] = [:]
    private(set) var arena: [UInt8] = []
    private var pieces: [Piece] = []
    /// By body and record of the body's level: the first rendering.
    private var shared: [[Int?]]
    private var byRecordsAbove: [Key: Int] = [:]

    /// `whole` is the whole template as it renders; `pragma` sets the marked content type.
    init(whole: MustacheTemplate, text: String, pragma: String, plan: DatedPlan, look: PrintLook, sources: ChecklistSources,
         students: [(student: StudentPlan, section: SectionPlan)], escape: @escaping @Sendable (String) -> String) throws {
        self.sources = sources
        templateText = text
        document = ChecklistValues.document(plan, look: look, students: nil)
        frame = try MustacheTemplate(string: pragma + PieceRoot.frame)
        var shapeIDs: [StudentShape: Int] = [:]
        for (index, chosen) in students.enumerated() {
            let section = sources.uses[index].section
            let (shape, own) = StudentShape.of(chosen.student, sectionIndex: section, section: chosen.section)
            if let id = shapeIDs[shape] {
                shapeOfStudent.append(id)
            } else {
                shapeIDs[shape] = shapes.count
                shapeOfStudent.append(shapes.count)
                shapes.append(shape.record(plan, noSchool: chosen.section.noSchool))
            }
            for text in own {
                for form in [text, escape(text)] {
                    texts.append(textBytes.count..<textBytes.count + form.utf8.count)
                    textBytes += form.utf8
                }
            }
            textStarts.append(texts.count / 2)
        }
        cycleRecords = sources.sections.map { section in
            section.cycles.enumerated().map { number, cycle in
                ChecklistValues.cycle(cycle, number: number + 1, items: [], reflections: [])
            }
        }
        firstCycleRecord = cycleRecords.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        leafRecords = sources.leaves.indices.map(sources.record)
        bodies = [Body(list: nil, template: whole)]
        shared = [[nil]]
    }

    /// Renders every piece the document needs; false when one cannot be rendered alone (see
    /// `RenderLog.unsupported`). Each round renders what the walk did not find.
    mutating func renderAll() -> Bool {
        while true {
            var finder = Finder()
            walk(into: &finder)
            if finder.jobs.isEmpty {
                byteCount = finder.byteCount
                return true
            }
            for job in finder.jobs.values {
                guard render(job) else { return false }
            }
        }
    }

    /// The document's size, once `renderAll` is done.
    private(set) var byteCount = 0
    var renderedCount: Int { pieces.count }
    var shapeCount: Int { shapes.count }

    /// Renders a body at a place with swift-mustache, and keeps its output as runs.
    private mutating func render(_ job: Job) -> Bool {
        let log = RenderLog()
        let body = bodies[job.body]
        let output: String
        if body.list == nil {
            output = body.template.render(Observed(record: document, level: .document, log: log))
        } else {
            let place = job.place
            let cycle = place.cycleUse.map { use in
                cycleRecords[sources.uses[place.student!].section][sources.cycleUses[use].cycle]
            }
            let records = [place.student.map { shapes[shapeOfStudent[$0]] }, cycle, place.leaf.map { leafRecords[$0] }]
            let levels = zip(records, [Level.student, .cycle, .leaf]).map { record, level in
                record.map { Observed(record: $0, level: level, log: log) }
            }
            output = frame.render(PieceRoot(document: Observed(record: document, level: .document, log: log), levels: levels,
                                            piece: body.template))
        }
        guard !log.unsupported, log.listLookups == log.lists.count else { return false }
        var lists: [Int] = []
        for (kind, text) in log.lists {
            guard let id = bodyID(kind, text) else { return false }
            lists.append(id)
        }
        guard let runs = cutIntoRuns(output, lists: lists) else { return false }
        let readAbove = log.read.intersection(.above(body.level))
        pieces.append(Piece(runs: runs, readAbove: readAbove))
        let record = self.record(of: job.place, at: body.level)
        if shared[job.body][record] == nil { shared[job.body][record] = pieces.count - 1 }
        if !readAbove.isEmpty || pieces[shared[job.body][record]!].readAbove != [] {
            byRecordsAbove[keyWithRecordsAbove(job.body, job.place)] = pieces.count - 1
        }
        return true
    }

    /// The body of a list section met while rendering, parsed once.
    private mutating func bodyID(_ kind: ListKind, _ text: String) -> Int? {
        if let known = bodyIDs[kind]?[text] { return known }
        guard parsesAlone(text, list: kind, in: templateText), let template = try? MustacheTemplate(string: text) else { return nil }
        bodies.append(Body(list: kind, template: template))
        let count = switch kind.elementLevel {
        case .student: shapes.count
        case .cycle: firstCycleRecord.last!
        default: leafRecords.count
        }
        shared.append(Array(repeating: nil, count: count))
        bodyIDs[kind, default: [:]][text] = bodies.count - 1
        return bodies.count - 1
    }

    /// A rendered output as runs: bytes kept in `arena`, markers of students' texts and lists.
    private mutating func cutIntoRuns(_ output: String, lists: [Int]) -> [Run]? {
        var output = output
        var runs: [Run] = []
        var listsLeft = lists[...]
        let complete: Bool = output.withUTF8 { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            var literal = 0
            func flush(_ end: Int) {
                guard end > literal else { return }
                runs.append(.bytes(arena.count..<arena.count + end - literal))
                arena.append(contentsOf: raw[literal..<end])
            }
            var index = 0
            while let found = raw[index...].firstIndex(of: 0xEE) {
                guard let marker = StudentShape.marker(in: raw, at: found) else { return false }
                flush(found)
                switch marker {
                case .text(let slot, let escaped): runs.append(.text(slot: slot, escaped: escaped))
                case .list:
                    guard let body = listsLeft.popFirst() else { return false }
                    runs.append(.list(body: body))
                }
                index = found + 3
                literal = index
            }
            flush(raw.count)
            return listsLeft.isEmpty
        }
        return complete ? runs : nil
    }

    /// The record of the place at a level: shape, cycle record (numbered over all sections) or leaf.
    private func record(of place: Place, at level: Level) -> Int {
        switch level {
        case .student: return shapeOfStudent[place.student!]
        case .cycle:
            return firstCycleRecord[sources.uses[place.student!].section] + sources.cycleUses[place.cycleUse!].cycle
        case .leaf: return place.leaf!
        default: return 0
        }
    }

    /// The key of a body's rendering at a place for its record and every record above it.
    private func keyWithRecordsAbove(_ body: Int, _ place: Place) -> Key {
        let level = bodies[body].level
        var above: [Int] = []
        if level > .student { above.append(record(of: place, at: .student)) }
        if level > .cycle { above.append(record(of: place, at: .cycle)) }
        return Key(body: body, record: record(of: place, at: level), above: above)
    }

    /// The piece for a body at a place, if rendered: the first for its record, unless that one
    /// read records above it.
    private func piece(_ body: Int, at place: Place) -> Int? {
        guard let first = shared[body][record(of: place, at: bodies[body].level)] else { return nil }
        guard !pieces[first].readAbove.isEmpty else { return first }
        return byRecordsAbove[keyWithRecordsAbove(body, place)]
    }

    /// Goes through the document in order: the pieces' bytes, each student's texts, and the
    /// places whose piece is not rendered yet.
    func walk<Output: PieceOutput>(into output: inout Output) {
        arena.withUnsafeBytes { arena in
            textBytes.withUnsafeBytes { textBytes in
                visit(0, at: Place(), arena: arena, textBytes: textBytes, into: &output)
            }
        }
    }

    private func visit<Output: PieceOutput>(_ body: Int, at place: Place, arena: UnsafeRawBufferPointer, textBytes: UnsafeRawBufferPointer,
                                            into output: inout Output) {
        guard let piece = piece(body, at: place) else { return output.missing(Job(body: body, place: place), key: missingKey(body, place)) }
        func visit(_ body: Int, at place: Place) { self.visit(body, at: place, arena: arena, textBytes: textBytes, into: &output) }
        for run in pieces[piece].runs {
            switch run {
            case .bytes(let range): output.bytes(UnsafeRawBufferPointer(rebasing: arena[range]))
            case .text(let slot, let escaped):
                let range = texts[2 * (textStarts[place.student!] + slot) + (escaped ? 1 : 0)]
                output.bytes(UnsafeRawBufferPointer(rebasing: textBytes[range]))
            case .list(let list):
                switch bodies[list].list! {
                case .students:
                    for student in sources.uses.indices { visit(list, at: Place(student: student)) }
                case .cycles:
                    for use in sources.uses[place.student!].cycles { visit(list, at: Place(student: place.student, cycleUse: use)) }
                case .items, .reflections:
                    let cycle = sources.cycleUses[place.cycleUse!]
                    for position in bodies[list].list == .items ? cycle.items : cycle.reflections {
                        visit(list, at: Place(student: place.student, cycleUse: place.cycleUse, leaf: sources.leafIDs[position]))
                    }
                }
            }
        }
    }

    /// What a missing rendering is found by: its record alone while it has no rendering, so
    /// that one job renders it for every place.
    private func missingKey(_ body: Int, _ place: Place) -> Key {
        let record = self.record(of: place, at: bodies[body].level)
        return shared[body][record] == nil ? Key(body: body, record: record) : keyWithRecordsAbove(body, place)
    }
}

/// What a walk through the pieces does with them.
protocol PieceOutput {
    /// Bytes of the document, valid during the call.
    mutating func bytes(_ bytes: UnsafeRawBufferPointer)
    mutating func missing(_ job: ChecklistPieces.Job, key: ChecklistPieces.Key)
}

/// Finds the renderings still to do, and counts the document's bytes.
private struct Finder: PieceOutput {
    var jobs: [ChecklistPieces.Key: ChecklistPieces.Job] = [:]
    var byteCount = 0

    mutating func bytes(_ bytes: UnsafeRawBufferPointer) { byteCount += bytes.count }
    mutating func missing(_ job: ChecklistPieces.Job, key: ChecklistPieces.Key) {
        if jobs[key] == nil { jobs[key] = job }
    }
}

/// Copies the document out through a buffer of a megabyte.
struct PieceWriter<Sink: OutputSink>: PieceOutput {
    var sink: Sink
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    private var used = 0
    private(set) var failure: Error?

    init(sink: Sink) { self.sink = sink }

    mutating func bytes(_ bytes: UnsafeRawBufferPointer) {
        if used + bytes.count > buffer.count { flush() }
        guard bytes.count <= buffer.count else { return write(bytes) }
        UnsafeMutableRawBufferPointer(rebasing: buffer[used...]).copyMemory(from: bytes)
        used += bytes.count
    }

    mutating func missing(_ job: ChecklistPieces.Job, key: ChecklistPieces.Key) {
        preconditionFailure("a piece was not rendered")
    }

    mutating func flush() {
        write(UnsafeRawBufferPointer(rebasing: buffer[..<used]))
        used = 0
    }

    /// Writes to the sink; after a failure, nothing more.
    private mutating func write(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil else { return }
        do {
            try sink.write(bytes)
        } catch {
            failure = error
        }
    }

    /// Flushes and frees the buffer.
    mutating func finish() throws {
        flush()
        buffer.deallocate()
        if let failure { throw failure }
    }
}
