import Dispatch

/// The students' checklists as what to copy out: for each student the jobs (rendered pieces)
/// their checklist is made of, in order, and their own texts for the markers, raw and
/// escaped. Worked out in parallel, a chunk of students at a time; then copied out in order
/// through one small buffer, so the document itself is never held in memory.
struct ChecklistOutput {
    final class Chunk: @unchecked Sendable {
        // Sendable: each chunk is filled by one thread, then only read.
        /// Each student's jobs: `jobs[jobStarts[i]..<jobStarts[i + 1]]` for the i-th of the chunk.
        var jobs: [Int32] = []
        var jobStarts: [Int] = [0]
        /// Each student's texts, raw then escaped for each marker: ranges of `bytes`, from
        /// `textStarts[i]` for the i-th student of the chunk.
        var bytes: [UInt8] = []
        var texts: [Range<Int>] = []
        var textStarts: [Int] = [0]
        var byteCount = 0
    }

    let chunks: [Chunk]
    let rendered: MemoizedChecklists.Rendered
    var byteCount: Int { chunks.reduce(0) { $0 + $1.byteCount } }

    /// Students per chunk: enough to keep both cores busy, few enough to balance them.
    static let chunkSize = 128

    init(_ memo: MemoizedChecklists, _ rendered: MemoizedChecklists.Rendered, escape: @escaping @Sendable (String) -> String) {
        self.rendered = rendered
        let count = memo.shapeOfStudent.count
        chunks = (0..<(count + Self.chunkSize - 1) / Self.chunkSize).map { _ in Chunk() }
        let tables = memo.walkTables()
        // Read through plain pointers by both threads (see WalkTables).
        let segments = Pinned(rendered.segments), starts = Pinned(rendered.starts)
        let shared = ReadOnly((chunks, memo.texts, memo.textStarts))
        DispatchQueue.concurrentPerform(iterations: chunks.count) { part in
            let (chunks, texts, textStarts) = shared.value
            let chunk = chunks[part]
            var jobs: [Int32] = [], bytes: [UInt8] = [], ranges: [Range<Int>] = []
            var jobStarts = [0], rangeStarts = [0], byteCount = 0
            for student in part * Self.chunkSize..<min(count, (part + 1) * Self.chunkSize) {
                let firstRange = ranges.count
                for text in texts[textStarts[student]..<textStarts[student + 1]] {
                    for form in [text, escape(text)] {
                        ranges.append(bytes.count..<bytes.count + form.utf8.count)
                        bytes.append(contentsOf: form.utf8)
                    }
                }
                rangeStarts.append(ranges.count)
                let firstJob = jobs.count
                tables.jobs(ofStudent: student, into: &jobs)
                jobStarts.append(jobs.count)
                for job in jobs[firstJob...] {
                    for index in starts[Int(job)]..<starts[Int(job) + 1] {
                        let segment = segments[index]
                        byteCount += segment.count >= 0 ? Int(segment.count)
                            : ranges[firstRange + 2 * Int(segment.start) + (segment.count == -2 ? 1 : 0)].count
                    }
                }
            }
            chunk.jobs = jobs
            chunk.jobStarts = jobStarts
            chunk.bytes = bytes
            chunk.texts = ranges
            chunk.textStarts = rangeStarts
            chunk.byteCount = byteCount
        }
    }

    /// Copies the checklists out in order, through a buffer of a megabyte.
    func write(to sink: inout some OutputSink) throws {
        var buffer = CopyBuffer(capacity: 1 << 20)
        defer { buffer.deallocate() }
        // Plain pointers: a few hundred thousand copies of a few hundred bytes.
        try rendered.arena.withUnsafeBytes { arena in
            try rendered.segments.withUnsafeBufferPointer { segments in
                try rendered.starts.withUnsafeBufferPointer { starts in
                    for chunk in chunks {
                        try chunk.bytes.withUnsafeBytes { bytes in
                            try chunk.jobs.withUnsafeBufferPointer { jobs in
                                for student in 0..<chunk.jobStarts.count - 1 {
                                    let texts = chunk.textStarts[student]
                                    for job in jobs[chunk.jobStarts[student]..<chunk.jobStarts[student + 1]] {
                                        for index in starts[Int(job)]..<starts[Int(job) + 1] {
                                            let segment = segments[index]
                                            if segment.count >= 0 {
                                                try buffer.put(arena.baseAddress! + Int(segment.start), Int(segment.count), to: &sink)
                                            } else {
                                                let range = chunk.texts[texts + 2 * Int(segment.start) + (segment.count == -2 ? 1 : 0)]
                                                if !range.isEmpty { try buffer.put(bytes.baseAddress! + range.lowerBound, range.count, to: &sink) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        try buffer.flush(to: &sink)
    }
}

/// Bytes gathered for one `write`.
private struct CopyBuffer {
    let start: UnsafeMutableRawPointer
    let capacity: Int
    var used = 0

    init(capacity: Int) {
        start = .allocate(byteCount: capacity, alignment: 16)
        self.capacity = capacity
    }

    func deallocate() { start.deallocate() }

    mutating func put(_ bytes: UnsafeRawPointer, _ count: Int, to sink: inout some OutputSink) throws {
        if used + count > capacity {
            try flush(to: &sink)
            if count > capacity { return try sink.write(UnsafeRawBufferPointer(start: bytes, count: count)) }
        }
        (start + used).copyMemory(from: bytes, byteCount: count)
        used += count
    }

    mutating func flush(to sink: inout some OutputSink) throws {
        try sink.write(UnsafeRawBufferPointer(start: start, count: used))
        used = 0
    }
}
