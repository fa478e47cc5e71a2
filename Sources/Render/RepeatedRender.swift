import Mustache
import PlannerModel
import PlannerDates

extension TemplateRenderer {
    /// Renders every student's checklist into one document (the `checklist.*` template `name`)
    /// and writes it to `sink`.
    ///
    /// The output is what swift-mustache renders for the whole template with the whole context
    /// (`ChecklistSources.document`). It is put together from pieces instead (`ChecklistPieces`),
    /// each distinct piece rendered once, and written out as it is put together: a class of
    /// thousands costs a few hundred renderings, not thousands, and is never held whole. A
    /// template the pieces cannot reproduce is rendered whole, as before, and slower.
    public func renderChecklists(_ name: String, plan: DatedPlan, students: [(student: StudentPlan, section: SectionPlan)],
                                 look: PrintLook, to sink: inout some OutputSink) throws {
        let sources = ChecklistSources(students, wording: ItemWording(plan, look: look))
        var pieces = try self.pieces(name, plan: plan, students: students, look: look, sources: sources)
        guard pieces?.renderAll() == true, let pieces else {
            return try sink.write(compile(name).render(sources.document(plan, look: look, students: students)))
        }
        sink.reserve(pieces.byteCount)
        var writer = PieceWriter(sink: sink)
        pieces.walk(into: &writer)
        defer { sink = writer.sink }
        try writer.finish()
    }

    /// The pieces of a template that can be rendered so: one that does not set its own content
    /// type (it would set it in one piece only), change its delimiters, use the names the
    /// pieces' frame uses, or ask for a loop position (`{{index()}}`, which a piece alone does
    /// not have); and whose class's texts leave the markers' characters free.
    func pieces(_ name: String, plan: DatedPlan, students: [(student: StudentPlan, section: SectionPlan)], look: PrintLook,
                sources: ChecklistSources) throws -> ChecklistPieces? {
        let fileName = Self.fileName(name)
        guard let found = source(of: name) else { return nil }
        try Self.checkNotBlank(found, fileName: fileName)
        let text = String(decoding: found.bytes, as: UTF8.self)
        let pragma = Self.pragma(for: fileName, text: text)
        guard !pragma.isEmpty, !text.contains("{{="), !text.contains("_pbl_"), !Self.asksForLoopPosition(text),
              Self.markersFree(text: text, plan: plan, sources: sources, students: students),
              let whole = try? MustacheTemplate(string: pragma + text) else { return nil }
        let contentType = Self.contentType(for: fileName)
        return try? ChecklistPieces(whole: whole, text: text, pragma: "{{% CONTENT_TYPE: \(Self.markedPrefix)\(contentType)}}\n",
                                    plan: plan, look: look, sources: sources, students: students, escape: Self.escape(contentType))
    }

    /// A tag with `()`: a transform of the section's loop position, on the safe side.
    static func asksForLoopPosition(_ text: String) -> Bool {
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            rest = rest[open.upperBound...]
            guard let close = rest.range(of: "}}") else { return false }
            if rest[..<close.lowerBound].contains("()") { return true }
        }
        return false
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
            if StudentShape.singleTexts(student, section: section).count + student.goals.count >= StudentShape.limit { return false }
        }
        return true
    }
}
