import Mustache
import PlannerModel
import PlannerDates

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
                                 look: PrintLook, to sink: inout some OutputSink) throws {
        let sources = ChecklistSources(students, wording: ItemWording(plan, look: look))
        let fileName = Self.fileName(name)
        let found = source(of: name)
        if let found { try Self.checkNotBlank(found, fileName: fileName) }
        let text = found.map { String(decoding: $0.bytes, as: UTF8.self) } ?? ""
        let pragma = Self.pragma(for: fileName, text: text)
        // The whole template, parsed: to render it whole, or for the error and its line.
        func whole() throws -> String {
            try compile(name).render(sources.document(plan, look: look, students: students))
        }
        // A template that sets its own content type would set it in one piece only.
        guard !pragma.isEmpty, let layout = ChecklistLayout(pragma + text) else { return try sink.write(whole()) }
        let contentType = Self.contentType(for: fileName)
        let marked = layout.slottable && Self.markersFree(text: text, plan: plan, sources: sources, students: students)
        let piecePragma = marked ? "{{% CONTENT_TYPE: \(Self.markedPrefix)\(contentType)}}\n" : pragma
        let templates: [MustacheTemplate], before: MustacheTemplate, after: MustacheTemplate
        do {
            templates = try layout.pieces.map { try layout.wrapped($0, pragma: piecePragma) }
            before = try MustacheTemplate(string: String(layout.before))
            after = try MustacheTemplate(string: pragma + layout.after)
        } catch {
            // A piece that does not parse: the whole template reports the error, with its own
            // line numbers. (Pieces that parse, the text between them, make a whole that does.)
            return try sink.write(whole())
        }
        let wholeStudents = layout.outsideUsesStudents || layout.used[RecordKind.document.rawValue].contains(DocumentField.students)
        let document = wholeStudents ? sources.document(plan, look: look, students: students)
            : ChecklistValues.document(plan, look: look, students: nil)
        let memo = MemoizedChecklists(layout: layout, sources: sources, plan: plan, students: students,
                                      marked: marked, goalsMarked: layout.goalsSlottable)
        let rendered = memo.render(templates, document: document)
        let output = ChecklistOutput(memo, rendered, escape: Self.escape(contentType))
        let head = before.render(document), tail = after.render(document)
        sink.reserve(head.utf8.count + output.byteCount + tail.utf8.count)
        try sink.write(head)
        try output.write(to: &sink)
        try sink.write(tail)
    }

    /// Content types of rendered pieces with markers: `PBL_MARKED_HTML` and so on.
    static let markedPrefix = "PBL_MARKED_"

    /// The escaping of a content type. Most students' texts (names, ids) have nothing to
    /// escape: ASCII texts without a character the escaping changes are returned as they are.
    static func escape(_ contentType: String) -> @Sendable (String) -> String {
        switch contentType {
        case "HTML": { needsEscaping($0, htmlSpecials) ? Escape.html($0) : $0 }
        case "MARKDOWN": { needsEscaping($0, markdownSpecials) ? Escape.markdown($0) : $0 }
        default: { needsEscaping($0, terminalSpecials) ? Escape.terminal($0) : $0 }
        }
    }

    static let htmlSpecials = specials(Escape.html)
    static let markdownSpecials = specials(Escape.markdown)
    static let terminalSpecials = specials(Escape.terminal)

    /// The ASCII characters an escaping changes, found by escaping each (escapings work
    /// character by character), so the list cannot fall behind `Escape`.
    private static func specials(_ escape: (String) -> String) -> [Bool] {
        (0..<128).map { code in
            let text = String(Unicode.Scalar(UInt8(code)))
            return escape(text) != text
        }
    }

    /// Whether a text may change when escaped: it has a character outside ASCII, or one of
    /// `specials`.
    static func needsEscaping(_ text: String, _ specials: [Bool]) -> Bool {
        var text = text
        return specials.withUnsafeBufferPointer { specials in text.withUTF8 { $0.contains { $0 >= 0x80 || specials[Int($0)] } } }
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
                || (student.group.map(found) ?? false) || (student.groupTitle.map(found) ?? false) || (student.section.map(found) ?? false) {
                return false
            }
            if section.noSchool.contains(where: { $0.reason.map(found) ?? false }) { return false }
            // id, name, group, section, extra days, and the goals.
            if 5 + student.goals.count >= StudentShape.limit { return false }
        }
        return true
    }
}
