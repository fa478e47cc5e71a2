import Foundation
import PlannerModel
import PlannerDates

extension ChecklistPDF {
    /// The teacher's sign-off sheets, landscape: per section and cycle, every student (sorted
    /// by group, so groups show at a glance) against each checkpoint (hatched where the
    /// student does not have it), and the choices they made; blank rows (`StudentPlan.isBlank`)
    /// last, to write names in. A long class continues on more pages with the title and the
    /// column heads repeated; a bookmark per sheet.
    public func renderSignOff(_ plan: DatedPlan, sections: [SectionPlan]) throws -> Data {
        let geometry = PDFGeometry(paper: paper, landscape: true)
        let canvas = sheetCanvas()
        canvas.beginDocument(width: geometry.width, height: geometry.height)
        canvas.setMetadata(title: "\(plan.title): sign-off sheets", author: author, date: date)
        let sheets = SignOffSheets(canvas: canvas, geometry: geometry, plan: plan, look: look)
        var drawn = 0
        for section in sections {
            let students = ChecklistContext.signOffOrder(section.students)
            for (number, cycle) in section.cycles.enumerated() {
                let checkpoints = cycle.items.filter(\.isCheckpoint)
                let choices = cycle.items.filter { !$0.options.isEmpty }
                let assessed = cycle.items.filter { !$0.criteria.isEmpty }
                guard !checkpoints.isEmpty || !choices.isEmpty || !assessed.isEmpty else { continue }
                sheets.draw(cycle, number: number + 1, section: section.id, students: students, checkpoints: checkpoints, choices: choices,
                            assessed: assessed)
                drawn += 1
            }
        }
        if drawn == 0 {
            StudentPages(canvas: canvas, geometry: geometry, plan: plan, look: look).drawEmpty("No cycle has checkpoints or choices to sign off.")
        }
        return try canvas.finishDocument()
    }
}

/// One sheet (a cycle of a section) at a time: a table with a row per student.
final class SignOffSheets {
    let canvas: PDFCanvas
    let geometry: PDFGeometry
    let plan: DatedPlan
    let look: PrintLook
    let padding = 3.5
    /// Room to initial in, whatever the text in the row.
    let minimumRow: Double

    init(canvas: PDFCanvas, geometry: PDFGeometry, plan: DatedPlan, look: PrintLook) {
        self.canvas = canvas
        self.geometry = geometry
        self.plan = plan
        self.look = look
        minimumRow = max(24, (canvas.sizes.body * 2.4).rounded())
    }

    func draw(_ cycle: DatedCycle, number: Int, section: String?, students: [StudentPlan], checkpoints: [DatedItem], choices: [DatedItem],
              assessed: [DatedItem] = []) {
        // A column per rubric criterion of each assessed milestone, after the checkpoints.
        let criteria = assessed.flatMap { item in item.criteria.map { (item: item, criterion: $0) } }
        let width = geometry.contentWidth, left = geometry.left
        // Name and group columns, then the checkpoints and choices share what is left.
        let nameWidth = min(170, width * 0.22), groupWidth = min(100, width * 0.12)
        // With a signature line on the checklists, a last column to tick when it comes back signed.
        let signed = look.signature
        let rest = Double(checkpoints.count + criteria.count + choices.count + (signed == nil ? 0 : 1))
        let cellWidth = (width - nameWidth - groupWidth) / max(1, rest)
        var columns = [left, left + nameWidth]
        for index in 0...Int(rest) { columns.append(left + nameWidth + groupWidth + Double(index) * cellWidth) }
        let inner = { (column: Int) in columns[column + 1] - columns[column] - 2 * self.padding }

        let sectionNote = section.map { " (section \($0))" } ?? ""
        let heading = "\(cycle.title): cycle \(number), \(DateText.short(cycle.start)) – \(DateText.short(cycle.end))\(sectionNote)"
        let title = canvas.text([.init(text: heading)], font: .sheetTitle, width: width, maxLines: 3, shared: true)
        let levels = plan.masteryLevels.enumerated().map { "\($0.offset + 1) \($0.element)" }.joined(separator: ", ")
        let noteText = criteria.isEmpty
            ? "Initial each checkpoint when the evidence is there. Hatched cells: the student does not have that checkpoint."
            : "Initial each checkpoint when the evidence is there; write each criterion's level (\(levels)). Hatched cells: the student does not have that item."
        let note = canvas.text([.init(text: noteText)],
                               font: .small, width: width, shared: true)
        let exhibition = plan.exhibition.map { canvas.text(StudentPages.exhibitionRuns($0, plan.audience), font: .small, width: width, maxLines: 3, shared: true) }
        let exhibitionRoom = exhibition.map { $0.height + 2 } ?? 0
        let continued = canvas.text([.init(text: heading, bold: true), .init(text: " (continued)", gray: true)], font: .body, width: width, maxLines: 2, shared: true)

        // Column heads: each checkpoint's title, date and evidence; each choice's title.
        var heads: [[PDFCanvas.TextBox]] = [[canvas.text([.init(text: "Student", bold: true)], font: .small, width: inner(0), shared: true)],
                                            [canvas.text([.init(text: "Group", bold: true)], font: .small, width: inner(1), shared: true)]]
        for (index, checkpoint) in checkpoints.enumerated() {
            var cell = [canvas.text([.init(text: checkpoint.title, bold: true)], font: .small, width: inner(2 + index), maxLines: 5, shared: true),
                        canvas.text([.init(text: DateText.short(checkpoint.date))], font: .small, width: inner(2 + index), shared: true)]
            if let evidence = checkpoint.evidence {
                cell.append(canvas.text([.init(text: evidence, gray: true)], font: .small, width: inner(2 + index), maxLines: 5, shared: true))
            }
            heads.append(cell)
        }
        for (index, (item, criterion)) in criteria.enumerated() {
            let column = 2 + checkpoints.count + index
            heads.append([canvas.text([.init(text: criterion.title, bold: true)], font: .small, width: inner(column), maxLines: 5, shared: true),
                          canvas.text([.init(text: "\(item.title), level 1–\(plan.masteryLevels.count)", gray: true)], font: .small,
                                      width: inner(column), maxLines: 4, shared: true)])
        }
        for (index, milestone) in choices.enumerated() {
            heads.append([canvas.text([.init(text: "Choice: ", bold: true), .init(text: milestone.title, bold: true)], font: .small,
                                      width: inner(2 + checkpoints.count + criteria.count + index), maxLines: 5, shared: true)])
        }
        if let signed {
            heads.append([canvas.text([.init(text: signed, bold: true)], font: .small, width: inner(columns.count - 2), maxLines: 3, shared: true)])
        }
        let headRow = row(heads, columns: columns, shaded: [])
        let letterhead = PDFLook.letterhead(look, canvas: canvas, left: left, width: width)

        var rows: [PDFBlock] = []
        for student in students {
            if student.isBlank {
                // Every checkpoint open and nothing filled in: the teacher writes the name.
                rows.append(row(Array(repeating: [], count: columns.count - 1), columns: columns, shaded: []))
                continue
            }
            let seen = Dictionary(student.items.map { ($0.item.id, $0) }, uniquingKeysWith: { first, _ in first })
            var cells: [[PDFCanvas.TextBox]] = [[canvas.text([.init(text: student.name, bold: true)], font: .body, width: inner(0), maxLines: 3)],
                                                [canvas.text([.init(text: student.groupTitle ?? student.group ?? "")], font: .small, width: inner(1), maxLines: 3, shared: true)]]
            var hatched: Set<Int> = []
            for (index, checkpoint) in checkpoints.enumerated() {
                if let entry = seen[checkpoint.id] {
                    cells.append([canvas.text([.init(text: DateText.short(entry.due), gray: true)], font: .small, width: inner(2 + index), shared: true)])
                } else {
                    cells.append([])
                    hatched.insert(2 + index)
                }
            }
            for (index, (item, _)) in criteria.enumerated() {
                cells.append([])
                if seen[item.id] == nil { hatched.insert(2 + checkpoints.count + index) }
            }
            for (index, milestone) in choices.enumerated() {
                let chosen = seen[milestone.id].map { $0.chosen?.title ?? "not chosen" } ?? ""
                cells.append([canvas.text([.init(text: chosen)], font: .small, width: inner(2 + checkpoints.count + criteria.count + index),
                                          maxLines: 4, shared: true)])
            }
            if signed != nil { cells.append([]) }
            rows.append(row(cells, columns: columns, shaded: hatched))
        }

        let letterRoom = letterhead.map { $0.height + 4 } ?? 0
        let firstTop = geometry.top + letterRoom + title.height + 4 + exhibitionRoom + note.height + 6 + headRow.height
        let nextTop = geometry.top + continued.height + 6 + headRow.height
        let pages = PDFPagination.paginate(rows, firstTop: firstTop, nextTop: nextTop, bottom: geometry.bottom)
        canvas.addOutline("Cycle \(number): \(cycle.title)\(sectionNote)")
        for (index, page) in pages.enumerated() {
            var y = geometry.top
            if index == 0 {
                if let letterhead {
                    letterhead.draw(y)
                    y += letterRoom
                }
                canvas.draw(title, x: left, y: y)
                y += title.height + 4
                if let exhibition {
                    canvas.draw(exhibition, x: left, y: y)
                    y += exhibitionRoom
                }
                canvas.draw(note, x: left, y: y)
                y += note.height + 6
            } else {
                canvas.draw(continued, x: left, y: y)
                y += continued.height + 6
            }
            headRow.draw(y)
            canvas.clipped(x: 0, y: 0, width: geometry.width, height: geometry.bottom + 2) {
                for (block, top) in page { block.draw(top) }
            }
            footer(page: index + 1, of: pages.count)
            canvas.endPage()
        }
        canvas.recycleText()
    }

    /// A table row: each cell's paragraphs stacked, a border round every cell, hatching in
    /// the cells that do not apply.
    func row(_ cells: [[PDFCanvas.TextBox]], columns: [Double], shaded: Set<Int>) -> PDFBlock {
        let contentHeight = cells.map { cell in cell.reduce(0) { $0 + $1.height } + Double(max(0, cell.count - 1)) }.max() ?? 0
        let height = max(minimumRow, contentHeight + 2 * padding)
        return PDFBlock(height: height) { [canvas, padding] y in
            for (column, cell) in cells.enumerated() {
                let x = columns[column], cellWidth = columns[column + 1] - columns[column]
                if shaded.contains(column) { canvas.hatch(x: x, y: y, width: cellWidth, height: height) }
                var top = y + padding
                for part in cell {
                    canvas.draw(part, x: x + padding, y: top)
                    top += part.height + 1
                }
                canvas.strokeRect(x: x, y: y, width: cellWidth, height: height, lineWidth: 0.8)
            }
        }
    }

    /// `<project id>: teacher's sign-off sheets`, the look's footer line and `page 1 of 2` (of this sheet).
    func footer(page: Int, of pages: Int) {
        PDFLook.footer(look, canvas: canvas, geometry: geometry, left: "\(plan.projectID): teacher's sign-off sheets", right: "page \(page) of \(pages)")
    }
}
