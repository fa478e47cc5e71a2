import Mustache
import Planner

extension TemplateRenderer {
    /// Renders every student's checklist into one document (the `checklist.*` template `name`)
    /// and writes it to `sink`.
    ///
    /// The output is what swift-mustache renders for the whole template with the whole context
    /// (`ChecklistSources.document`). A template `ChecklistLayout` can cut (the built-in ones,
    /// and a department's of the same shape) is rendered piece by piece instead, each distinct
    /// piece once (`MemoizedChecklists`), and written out as it is put together: a class of
    /// thousands costs a few hundred renderings, not thousands, and is never held whole.
    public func renderChecklists(_ name: String, plan: DatedPlan, students: [(student: StudentPlan, section: SectionPlan)],
                                 paper: ChecklistContext.Paper, to sink: inout some ByteSink) throws {
        let whole = try compile(name)  // syntax errors first, with the template's own line numbers
        let sources = ChecklistSources(students)
        let fileName = Self.fileName(name)
        let text = source(of: name).map { String(decoding: $0.bytes, as: UTF8.self) } ?? ""
        let pragma = Self.pragma(for: fileName, text: text)
        // A template that sets its own content type would set it in one piece only.
        guard !pragma.isEmpty, let layout = ChecklistLayout(pragma + text) else {
            return try sink.write(whole.render(sources.document(plan, paper: paper, students: students)))
        }
        let contentType = Self.contentType(for: fileName)
        let marked = layout.slottable && Self.markersFree(text: text, plan: plan, sources: sources, students: students)
        let piecePragma = marked ? "{{% CONTENT_TYPE: \(Self.markedPrefix)\(contentType)}}\n" : pragma
        let templates: [MustacheTemplate], before: MustacheTemplate, after: MustacheTemplate
        do {
            templates = try layout.pieces.map { try layout.wrapped($0, pragma: piecePragma) }
            before = try MustacheTemplate(string: String(layout.before))
            after = try MustacheTemplate(string: pragma + layout.after)
        } catch {
            return try sink.write(whole.render(sources.document(plan, paper: paper, students: students)))
        }
        let wholeStudents = layout.outsideUsesStudents || layout.used[RecordKind.document.rawValue].contains(DocumentField.students)
        let document = wholeStudents ? sources.document(plan, paper: paper, students: students)
            : ChecklistValues.document(plan, paper: paper, students: nil)
        let memo = MemoizedChecklists(layout: layout, sources: sources, plan: plan, students: students,
                                      marked: marked, goalsMarked: layout.goalsSlottable)
        let rendered = memo.render(templates, document: document)
        let head = before.render(document), tail = after.render(document)
        let escaped = memo.texts.map(Self.escape(contentType))
        sink.reserve(head.utf8.count + Self.size(memo, rendered, escaped: escaped) + tail.utf8.count)
        try sink.write(head)
        try Self.emit(memo, rendered, escaped: escaped, to: &sink)
        try sink.write(tail)
    }

    typealias Rendered = (arena: [UInt8], segments: [MemoizedChecklists.Segment], starts: [Int])

    /// The byte count of the students' checklists.
    private static func size(_ memo: MemoizedChecklists, _ rendered: Rendered, escaped: [String]) -> Int {
        var literal = [Int](repeating: 0, count: memo.jobs.count), marked = [Bool](repeating: false, count: memo.jobs.count)
        for job in memo.jobs.indices {
            for segment in rendered.segments[rendered.starts[job]..<rendered.starts[job + 1]] {
                if segment.count >= 0 { literal[job] += Int(segment.count) } else { marked[job] = true }
            }
        }
        var total = 0
        for student in memo.textRanges.indices {
            let first = memo.textRanges[student].lowerBound
            for job in memo.refs[memo.refStarts[student]..<memo.refStarts[student + 1]].lazy.map(Int.init) {
                total += literal[job]
                guard marked[job] else { continue }
                for segment in rendered.segments[rendered.starts[job]..<rendered.starts[job + 1]] where segment.count < 0 {
                    total += (segment.count == -1 ? memo.texts : escaped)[first + Int(segment.start)].utf8.count
                }
            }
        }
        return total
    }

    /// Copies each student's pieces to the sink, with their own texts where the markers were.
    private static func emit(_ memo: MemoizedChecklists, _ rendered: Rendered, escaped: [String], to sink: inout some ByteSink) throws {
        // The students' texts of a batch of parts, until the parts are written.
        var scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
        defer { scratch.deallocate() }
        var filled = 0
        var parts: [UnsafeRawBufferPointer] = []
        parts.reserveCapacity(1100)
        var raw: [UnsafeRawBufferPointer] = [], marked: [UnsafeRawBufferPointer] = []
        func keep(_ text: String) -> UnsafeRawBufferPointer {
            let count = text.utf8.count
            let target = UnsafeMutableRawBufferPointer(rebasing: scratch[filled..<filled + count])
            target.copyBytes(from: text.utf8)
            filled += count
            return UnsafeRawBufferPointer(target)
        }
        // Unsafe buffers: the loop below runs a few hundred thousand times.
        try rendered.arena.withUnsafeBytes { arena in
            try rendered.segments.withUnsafeBufferPointer { segments in
                try rendered.starts.withUnsafeBufferPointer { starts in
                    try memo.refs.withUnsafeBufferPointer { refs in
                        for student in memo.textRanges.indices {
                            let texts = memo.textRanges[student]
                            raw.removeAll(keepingCapacity: true)
                            marked.removeAll(keepingCapacity: true)
                            if !texts.isEmpty {
                                let need = texts.reduce(0) { $0 + memo.texts[$1].utf8.count + escaped[$1].utf8.count }
                                if filled + need > scratch.count {
                                    try sink.write(parts)
                                    parts.removeAll(keepingCapacity: true)
                                    filled = 0
                                    if need > scratch.count {
                                        scratch.deallocate()
                                        scratch = .allocate(byteCount: max(need, 2 * scratch.count), alignment: 1)
                                    }
                                }
                                for text in texts {
                                    raw.append(keep(memo.texts[text]))
                                    marked.append(keep(escaped[text]))
                                }
                            }
                            for job in refs[memo.refStarts[student]..<memo.refStarts[student + 1]] {
                                for segment in segments[starts[Int(job)]..<starts[Int(job) + 1]] {
                                    switch segment.count {
                                    case -1: parts.append(raw[Int(segment.start)])
                                    case -2: parts.append(marked[Int(segment.start)])
                                    default: parts.append(UnsafeRawBufferPointer(rebasing: arena[Int(segment.start)..<Int(segment.start + segment.count)]))
                                    }
                                }
                            }
                            if parts.count >= 1024 {
                                try sink.write(parts)
                                parts.removeAll(keepingCapacity: true)
                            }
                        }
                    }
                }
            }
            try sink.write(parts)
        }
    }

    /// Content types of rendered pieces with markers: `PBL_MARKED_HTML` and so on.
    static let markedPrefix = "PBL_MARKED_"

    static func escape(_ contentType: String) -> @Sendable (String) -> String {
        switch contentType {
        case "HTML": Escape.html
        case "MARKDOWN": Escape.markdown
        default: Escape.terminal
        }
    }

    /// Markers can stand for students' texts when no text that may be printed, and not the
    /// template, has a character of their range, and no student has too many texts.
    static func markersFree(text: String, plan: DatedPlan, sources: ChecklistSources,
                            students: [(student: StudentPlan, section: SectionPlan)]) -> Bool {
        let found = StudentShape.hasMarkerRange
        if found(text) || found(plan.title) || found(plan.projectID) { return false }
        if [plan.drivingQuestion, plan.productTitle, plan.audience].contains(where: { $0.map(found) ?? false }) { return false }
        if sources.anyText(where: found) { return false }
        for (student, section) in students {
            if found(student.id) || found(student.name) || (section.id.map(found) ?? false) || student.goals.contains(where: found)
                || [student.group, student.groupTitle, student.section].contains(where: { $0.map(found) ?? false }) {
                return false
            }
            // id, name, group, section, extra days, and the goals.
            if 5 + student.goals.count >= StudentShape.limit { return false }
        }
        return true
    }
}
