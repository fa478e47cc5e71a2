import Foundation
import PlannerModel
import PlannerDates

/// Students' checklists and the teacher's sign-off sheets as PDF, laid out from the dated
/// plan (not from HTML): the same content as render/checklist.html and teacher.html, one
/// student per page (more when a checklist runs long, the name repeated at the top), with
/// drawn tick boxes, ruled lines for reflections, a bookmark per student and page numbers.
///
/// The bytes depend only on the input and `date` (the document's creation date, from the
/// caller's clock), so the same input gives the same file.
public struct ChecklistPDF: Sendable {
    /// The department's look (`render/look.yaml`): paper, sizes, header, footer, logo, signature line.
    public var look: PrintLook
    public var date: Date
    /// The document's author (the project's authors); "pbl" when there are none.
    public var author: String

    public var paper: PaperSize { look.paper }
    /// The look's logo, decoded by cairo when the renderer is made.
    let logo: PDFImage?

    public init(look: PrintLook, date: Date, author: String = "") throws {
        self.look = look
        logo = try look.logo.map { logo throws in try PDFImage(png: logo.png, path: logo.path) }
        self.date = date
        self.author = author.isEmpty ? "pbl" : author
    }

    /// Every student's checklist in one document, in the order given.
    public func render(_ plan: DatedPlan, students: [(student: StudentPlan, section: SectionPlan)]) throws -> Data {
        try document(on: canvas(), plan, students: students, title: Self.title(plan, students.map(\.student)))
    }

    /// `<project title>: checklists`, or `<project title>: <name>` for one student (`blank
    /// checklist` for a checklist without one).
    static func title(_ plan: DatedPlan, _ students: [StudentPlan]) -> String {
        "\(plan.title): \(students.count == 1 ? (students[0].isBlank ? "blank checklist" : students[0].name) : "checklists")"
    }

    /// A student's bookmark: their name, or `Blank checklist 2 (section p2)`.
    static func bookmark(_ student: StudentPlan) -> String {
        guard student.isBlank else { return student.name }
        let number = student.id.split(separator: "-").last.map(String.init) ?? ""
        return "Blank checklist \(number)" + (student.section.map { " (section \($0))" } ?? "")
    }

    /// A document per student, handed to `each` in the order given: one canvas for all of
    /// them, so fonts are loaded and the plan's text is laid out once, not once a student.
    public func renderEach(_ plan: DatedPlan, students: [(student: StudentPlan, section: SectionPlan)],
                           _ each: (StudentPlan, Data) throws -> Void) throws {
        let canvas = canvas()
        for entry in students {
            try each(entry.student, try document(on: canvas, plan, students: [entry], title: Self.title(plan, [entry.student])))
        }
    }

    /// A canvas with the checklist's fonts: the look's base size for body text, the rest
    /// scaled from it (nothing a student reads below 10 pt).
    func canvas() -> PDFCanvas {
        let base = look.fontSize
        return PDFCanvas(sizes: .init(name: base * 1.5, sheetTitle: base * 1.3, heading: base * 1.15, body: base,
                                      small: max(10, base - 1), footer: 8.5), logo: logo)
    }

    /// The sign-off sheets' fonts: a teacher's table of a whole class, smaller than a
    /// student's checklist but following the same base size.
    func sheetCanvas() -> PDFCanvas {
        let base = look.fontSize
        return PDFCanvas(sizes: .init(name: base * 1.3, sheetTitle: base * 1.2, heading: base, body: base * 0.9,
                                      small: base * 0.8, footer: 8.5), logo: logo)
    }

    private func document(on canvas: PDFCanvas, _ plan: DatedPlan, students: [(student: StudentPlan, section: SectionPlan)],
                          title: String) throws -> Data {
        let geometry = PDFGeometry(paper: paper, landscape: false)
        canvas.beginDocument(width: geometry.width, height: geometry.height)
        canvas.setMetadata(title: title, author: author, date: date)
        let pages = StudentPages(canvas: canvas, geometry: geometry, plan: plan, look: look)
        for entry in students {
            pages.draw(entry.student, section: entry.section)
        }
        if students.isEmpty { pages.drawEmpty("No students in this selection.") }
        return try canvas.finishDocument()
    }
}

/// Lays out and draws one student's pages at a time on a shared canvas.
final class StudentPages {
    let canvas: PDFCanvas
    let geometry: PDFGeometry
    let plan: DatedPlan
    let look: PrintLook

    /// Columns of an item row: tick box, date (`in class Thu Mar 4`, `due Fri Mar 5`), the
    /// item, notes (initials, standards), wide enough for the look's text size.
    let boxColumn = 20.0
    let dueColumn: Double
    let notesColumn: Double
    let gap = 6.0
    let padding = 2.25
    /// Ruled lines under each reflection prompt, and their spacing: room for handwriting.
    var reflectionLines: Int { look.reflectionLines }
    let lineSpacing: Double

    init(canvas: PDFCanvas, geometry: PDFGeometry, plan: DatedPlan, look: PrintLook) {
        self.canvas = canvas
        self.geometry = geometry
        self.plan = plan
        self.look = look
        // `in class Thu Mar 14` on one line at the body size; the notes column holds `Teacher: ____`.
        dueColumn = (canvas.sizes.body * 9.7).rounded()
        notesColumn = (canvas.sizes.small * 10).rounded()
        lineSpacing = max(18, (canvas.sizes.body * 1.75).rounded())
    }

    var width: Double { geometry.contentWidth }
    var left: Double { geometry.left }
    var mainColumn: Double { width - boxColumn - dueColumn - notesColumn - 3 * gap }

    func draw(_ student: StudentPlan, section: SectionPlan) {
        let blocks = letterhead() + header(student, section: section) + goals(student) + cycles(student, section: section)
            + signatureLine()
        drawPages(blocks, of: student, bookmark: ChecklistPDF.bookmark(student))
    }

    /// A student's blocks on as many pages as they take, the name repeated at the top of the
    /// later ones, a bookmark at the first and `page k of n` at the foot of each.
    func drawPages(_ blocks: [PDFBlock], of student: StudentPlan, bookmark: String) {
        let continuation = continuationHeader(student)
        let pages = PDFPagination.paginate(blocks, firstTop: geometry.top, nextTop: geometry.top + continuation.height + 8,
                                           bottom: geometry.bottom)
        canvas.addOutline(bookmark)
        for (number, page) in pages.enumerated() {
            if number > 0 { continuation.draw(geometry.top) }
            canvas.clipped(x: 0, y: 0, width: geometry.width, height: geometry.bottom + 2) {
                for (block, y) in page { block.draw(y) }
            }
            footer(page: number + 1, of: pages.count)
            canvas.endPage()
        }
        canvas.recycleText()
    }

    func drawEmpty(_ message: String) {
        let text = canvas.text([.init(text: message)], font: .body, width: width)
        canvas.draw(text, x: left, y: geometry.top)
        footer(page: 1, of: 1)
        canvas.endPage()
        canvas.recycleText()
    }

    // MARK: Blocks

    /// Name (a line to write it on, for a blank checklist), group, section and project; the
    /// question, the product, the exhibition, extra days.
    func header(_ student: StudentPlan, section: SectionPlan) -> [PDFBlock] {
        let name = student.isBlank ? canvas.text([.init(text: "Name:")], font: .name, width: width, shared: true)
            : canvas.text([.init(text: student.name)], font: .name, width: width, maxLines: 3)
        var parts: [PDFCanvas.TextBox] = [name]
        var meta: [PDFCanvas.Run] = []
        if let group = student.groupTitle ?? student.group { meta += [.init(text: "Group: "), .init(text: group), .init(text: " · ")] }
        if let id = student.section ?? section.id { meta += [.init(text: "Section \(id) · ")] }
        meta += [.init(text: "Project: "), .init(text: plan.title, bold: true)]
        parts.append(canvas.text(meta, font: .small, width: width, maxLines: 4, shared: true))
        if let question = plan.drivingQuestion {
            parts.append(canvas.text([.init(text: question, italic: true)], font: .body, width: width, maxLines: 6, shared: true))
        }
        if let product = plan.productTitle {
            let audience = plan.exhibition == nil ? plan.audience.map { ", for \($0)" } ?? "" : ""
            parts.append(canvas.text([.init(text: "We make: \(product)\(audience)")], font: .small, width: width, maxLines: 4, shared: true))
        }
        if let exhibition = plan.exhibition {
            parts.append(canvas.text(Self.exhibitionRuns(exhibition, plan.audience), font: .small, width: width, maxLines: 4, shared: true))
        }
        if student.extraDays > 0 {
            parts.append(canvas.text([.init(text: "Your dates include \(student.extraDays) extra class day(s).")], font: .small, width: width, shared: true))
        }
        var block = stack(parts, gap: 2)
        if student.isBlank {
            let drawText = block.draw
            block.draw = { [canvas, left, width] y in
                drawText(y)
                let base = y + name.baseline + 3
                canvas.line(from: (left + name.width + 6, base), to: (left + width * 0.75, base), width: 1)
            }
        }
        return [block]
    }

    /// `Exhibition: Fri Apr 30 (audience: ...)`, as the HTML checklist has it.
    static func exhibitionRuns(_ date: CivilDate, _ audience: String?) -> [PDFCanvas.Run] {
        [.init(text: "Exhibition: "), .init(text: DateText.short(date), bold: true)] + (audience.map { [.init(text: " (audience: \($0))")] } ?? [])
    }

    func goals(_ student: StudentPlan) -> [PDFBlock] {
        guard !student.goals.isEmpty else { return [] }
        let heading = canvas.text([.init(text: "My goals", bold: true)], font: .body, width: width, shared: true)
        var blocks = [PDFBlock(height: heading.height + 1, spaceBefore: 8, keepWithNext: true) { [canvas, left] y in
            canvas.draw(heading, x: left, y: y)
        }]
        for goal in student.goals {
            let bullet = canvas.text([.init(text: "•")], font: .body, width: 12, shared: true)
            let text = canvas.text([.init(text: goal)], font: .body, width: width - 14, maxLines: 12)
            // A goal written right to left is set against the right margin: its bullet goes there too.
            let rightToLeft = PDFCanvas.isRightToLeft(goal)
            blocks.append(PDFBlock(height: text.height, spaceBefore: 1) { [canvas, left, width] y in
                canvas.draw(bullet, x: rightToLeft ? left + width - 8 : left + 3, y: y)
                canvas.draw(text, x: rightToLeft ? left : left + 14, y: y)
            })
        }
        return blocks
    }

    func cycles(_ student: StudentPlan, section: SectionPlan) -> [PDFBlock] {
        var blocks: [PDFBlock] = []
        for (number, cycle) in section.cycles.enumerated() {
            let entries = student.items.filter { $0.item.cycleID == cycle.id }
            guard !entries.isEmpty else { continue }
            blocks.append(cycleHeading(number: number + 1, cycle))
            if let goal = cycle.goal {
                let text = canvas.text([.init(text: goal)], font: .small, width: width, maxLines: 8, shared: true)
                blocks.append(PDFBlock(height: text.height + 1, spaceBefore: 2, keepWithNext: true) { [canvas, left] y in
                    canvas.draw(text, x: left, y: y)
                })
            }
            blocks += entries.filter { !$0.item.isReflection }.map(itemRow)
            blocks += entries.filter(\.item.isReflection).map(reflection)
        }
        return blocks
    }

    /// `Cycle 2: Make the case`, its dates at the right, a rule under both.
    func cycleHeading(number: Int, _ cycle: DatedCycle) -> PDFBlock {
        let dates = canvas.text([.init(text: "\(DateText.short(cycle.start)) – \(DateText.short(cycle.end))")], font: .small, width: 140, align: .right, shared: true)
        let title = canvas.text([.init(text: "Cycle \(number): \(cycle.title)")], font: .heading, width: width - 150, maxLines: 4, shared: true)
        let height = max(title.height, dates.height) + 3
        return PDFBlock(height: height + 2, spaceBefore: 7, keepWithNext: true) { [canvas, left, width] y in
            canvas.draw(title, x: left, y: y)
            canvas.draw(dates, x: left + width - 140, y: y + title.baseline - dates.baseline)
            canvas.line(from: (left, y + height), to: (left + width, y + height), width: 1.5)
        }
    }

    /// A tick box, the student's due date, the item with what to hand in, show or choose, and
    /// the notes column: a line for the teacher's initials on a checkpoint, standard codes.
    func itemRow(_ entry: StudentPlan.Item) -> PDFBlock {
        let item = entry.item
        var title: [PDFCanvas.Run] = [.init(text: item.title, bold: true)]
        if item.optional { title.append(.init(text: " (optional)", italic: true)) }
        switch entry.record {
        case .done(let on, let late)?:
            if let on { title.append(.init(text: "  done \(DateText.short(on))" + (late ? ", late" : ""), gray: true)) }
        case .missed?: title.append(.init(text: "  MISSED", bold: true))
        case .moved(let from)?: title.append(.init(text: "  moved from \(DateText.short(from))", gray: true))
        case nil: break
        }
        var main = [canvas.text(title, font: .body, width: mainColumn, maxLines: 8, shared: true)]
        if let deliverable = item.deliverable { main.append(canvas.text([.init(text: deliverable)], font: .small, width: mainColumn, maxLines: 10, shared: true)) }
        if item.isCheckpoint, let evidence = item.evidence {
            main.append(canvas.text([.init(text: "Show: \(evidence)")], font: .small, width: mainColumn, maxLines: 10, shared: true))
        }
        if let chosen = entry.chosen {
            main.append(canvas.text([.init(text: "My choice: \(chosen.title)")], font: .small, width: mainColumn, maxLines: 6, shared: true))
        } else if !item.options.isEmpty {
            var runs: [PDFCanvas.Run] = [.init(text: "Choose one of:")]
            for option in item.options {
                // A word joiner keeps each box on the line of the option it belongs to.
                runs += [.init(text: " "), .box(), .init(text: "\u{2060}" + option.title)]
            }
            main.append(canvas.text(runs, font: .small, width: mainColumn, maxLines: 12, shared: true))
        }
        // The rubric's criteria, each a box to tick when the student can show it.
        for criterion in item.criteria {
            var runs: [PDFCanvas.Run] = [.box(), .init(text: "\u{2060} " + criterion.title)]
            if let target = criterion.target { runs.append(.init(text: " (\(target))", gray: true)) }
            main.append(canvas.text(runs, font: .small, width: mainColumn, maxLines: 8, shared: true))
        }
        // The date never breaks inside: `in class` / `Wed Mar 10` at most.
        let when = DateWords.phrase(item, DateText.short(entry.due).replacingOccurrences(of: " ", with: "\u{00A0}"))
            .replacingOccurrences(of: "in class", with: "in\u{00A0}class")
        let due = canvas.text([.init(text: when)], font: .body, width: dueColumn, maxLines: 2, shared: true)
        let teacher = item.isCheckpoint ? canvas.text([.init(text: "Teacher:")], font: .small, width: notesColumn, shared: true) : nil
        // A standard in the student's words goes under the item, its code after it; codes
        // without words stay in the notes column.
        let worded = look.shortStatements ? item.standards.compactMap { code in plan.standardStatements[code].map { (code, $0) } } : []
        for (code, statement) in worded {
            main.append(canvas.text([.init(text: statement.forStudents), .init(text: " (\(code))", gray: true)],
                                    font: .small, width: mainColumn, maxLines: 6, shared: true))
        }
        let codesOnly = item.standards.filter { code in !worded.contains { $0.0 == code } }
        let standards = codesOnly.isEmpty ? nil
            : canvas.text([.init(text: codesOnly.joined(separator: ", "))], font: .small, width: notesColumn, maxLines: 6, shared: true)
        // Initials need more room than the word: the line sits a little lower.
        let initialsRoom = teacher.map { $0.height + 6 } ?? 0
        let mainHeight = main.reduce(0) { $0 + $1.height } + Double(max(0, main.count - 1))
        let height = max(mainHeight, initialsRoom + (standards?.height ?? 0), due.height) + 2 * padding
        let (boxColumn, dueColumn, notesColumn, gap, padding) = (boxColumn, dueColumn, notesColumn, gap, padding)
        let done: Bool
        if case .done? = entry.record { done = true } else { done = false }
        return PDFBlock(height: height) { [canvas, left, width] y in
            let top = y + padding
            let boxSize = 10.0
            let firstBaseline = top + main[0].baseline
            canvas.strokeRect(x: left + 3, y: firstBaseline - boxSize + 1, width: boxSize, height: boxSize, lineWidth: 1.3)
            if done {
                // A tick in the box: the record says it is done.
                let (x, bottom) = (left + 3, firstBaseline + 1)
                canvas.line(from: (x + 2, bottom - boxSize / 2), to: (x + 4.2, bottom - 2.2), width: 1.5)
                canvas.line(from: (x + 4.2, bottom - 2.2), to: (x + 8.5, bottom - boxSize + 2), width: 1.5)
            }
            canvas.draw(due, x: left + boxColumn + gap, y: firstBaseline - due.baseline)
            var lineY = top
            let mainX = left + boxColumn + dueColumn + 2 * gap
            for part in main {
                canvas.draw(part, x: mainX, y: lineY)
                lineY += part.height + 1
            }
            let notesX = left + width - notesColumn
            if let teacher {
                canvas.draw(teacher, x: notesX, y: top)
                let lineBase = top + teacher.baseline + 4
                canvas.line(from: (notesX + teacher.width + 3, lineBase), to: (left + width - 4, lineBase), width: 0.8)
            }
            if let standards { canvas.draw(standards, x: notesX, y: top + initialsRoom) }
            canvas.line(from: (left, y + height), to: (left + width, y + height), width: 0.6, gray: 0.55)
        }
    }

    /// `Reflect (Fri Mar 5): prompt`, then ruled lines to write on.
    func reflection(_ entry: StudentPlan.Item) -> PDFBlock {
        var runs: [PDFCanvas.Run] = [.init(text: "Reflect (\(DateWords.phrase(entry.item, DateText.short(entry.due)))): ", bold: true),
                                     .init(text: entry.item.title)]
        switch entry.record {
        case .done?: runs.append(.init(text: "  done", gray: true))
        case .missed?, .moved?: runs.append(.init(text: "  MISSED", bold: true))
        case nil: break
        }
        let prompt = canvas.text(runs, font: .body, width: width, maxLines: 10, shared: true)
        let (lines, spacing) = (reflectionLines, lineSpacing)
        let height = prompt.height + Double(lines) * spacing + 3
        return PDFBlock(height: height, spaceBefore: 5) { [canvas, left, width] y in
            canvas.draw(prompt, x: left, y: y)
            for line in 1...lines {
                let lineY = y + prompt.height + Double(line) * spacing
                canvas.line(from: (left, lineY), to: (left + width, lineY), width: 0.6, gray: 0.45)
            }
        }
    }

    /// On the second and later pages: whose checklist it is.
    func continuationHeader(_ student: StudentPlan) -> PDFBlock {
        let name = canvas.text([.init(text: student.isBlank ? "Name: ______________________" : student.name, bold: true)], font: .heading,
                               width: width - 120, maxLines: 2)
        let note = canvas.text([.init(text: "checklist, continued", gray: true)], font: .small, width: 110, align: .right, shared: true)
        let height = name.height + 3
        return PDFBlock(height: height) { [canvas, left, width] y in
            canvas.draw(name, x: left, y: y)
            canvas.draw(note, x: left + width - 110, y: y + name.baseline - note.baseline)
            canvas.line(from: (left, y + height), to: (left + width, y + height), width: 0.8)
        }
    }

    /// The project id at the left, the look's footer line, `page 1 of 2` (of this student's pages) at the right.
    func footer(page: Int, of pages: Int) {
        PDFLook.footer(look, canvas: canvas, geometry: geometry, left: plan.projectID, right: "page \(page) of \(pages)")
    }

    /// Paragraphs one under another, as one block.
    func stack(_ parts: [PDFCanvas.TextBox], gap: Double) -> PDFBlock {
        let height = parts.reduce(0) { $0 + $1.height } + gap * Double(max(0, parts.count - 1))
        return PDFBlock(height: height) { [canvas, left] y in
            var top = y
            for part in parts {
                canvas.draw(part, x: left, y: top)
                top += part.height + gap
            }
        }
    }
}
