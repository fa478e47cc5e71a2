import Foundation
import PlannerDates

extension ChecklistPDF {
    /// A student's conference report as PDF: the checklist's letterhead, header and goals, then
    /// what is done, what is next, where they stand on each standard and the reflections to
    /// talk about, with a line under each to write on.
    public func conference(_ report: ConferenceReport, plan: DatedPlan, student: StudentPlan, section: SectionPlan) throws -> Data {
        let canvas = canvas()
        let geometry = PDFGeometry(paper: paper, landscape: false)
        canvas.beginDocument(width: geometry.width, height: geometry.height)
        canvas.setMetadata(title: "\(plan.title): \(student.name), conference", author: author, date: date)
        StudentPages(canvas: canvas, geometry: geometry, plan: plan, look: look).drawConference(report, student: student, section: section)
        return try canvas.finishDocument()
    }
}

extension StudentPages {
    func drawConference(_ report: ConferenceReport, student: StudentPlan, section: SectionPlan) {
        var blocks = letterhead() + header(student, section: section)
        blocks.append(paragraph([.init(text: "Where I am on \(DateText.short(report.asOf))", bold: true)], font: .body, space: 4))
        blocks += goals(student)
        blocks.append(heading("What I have done"))
        blocks += report.done.isEmpty ? [paragraph([.init(text: "Nothing recorded yet.")])] : report.done.map(line)
        blocks.append(heading("What is next"))
        blocks += report.next.isEmpty ? [paragraph([.init(text: "Everything is done.")])] : report.next.map(line)
        if !report.standards.isEmpty {
            blocks.append(heading("Where I stand on each standard"))
            for standing in report.standards {
                var runs: [PDFCanvas.Run] = [.init(text: standing.code, bold: true), .init(text: ": \(standing.level)")]
                if standing.mastered { runs.append(.init(text: " (mastered)", bold: true)) }
                blocks.append(paragraph(runs, space: 4))
                if let statement = standing.statement { blocks.append(paragraph([.init(text: statement, gray: true)], indent: 12)) }
                for evidence in standing.evidence { blocks.append(paragraph([.init(text: evidence)], indent: 12)) }
            }
        }
        if !report.reflections.isEmpty {
            blocks.append(heading("To talk about"))
            for prompt in report.reflections {
                let text = canvas.text([.init(text: prompt)], font: .body, width: width, maxLines: 10)
                let spacing = lineSpacing
                blocks.append(PDFBlock(height: text.height + 2 * spacing + 3, spaceBefore: 5) { [canvas, left, width] y in
                    canvas.draw(text, x: left, y: y)
                    for number in 1...2 {
                        let lineY = y + text.height + Double(number) * spacing
                        canvas.line(from: (left, lineY), to: (left + width, lineY), width: 0.6, gray: 0.45)
                    }
                })
            }
        }
        blocks += signatureLine()
        drawPages(blocks, of: student, bookmark: student.name)
    }

    private func heading(_ text: String) -> PDFBlock {
        let box = canvas.text([.init(text: text)], font: .heading, width: width, maxLines: 2, shared: true)
        return PDFBlock(height: box.height + 3, spaceBefore: 9, keepWithNext: true) { [canvas, left, width] y in
            canvas.draw(box, x: left, y: y)
            canvas.line(from: (left, y + box.height + 2), to: (left + width, y + box.height + 2), width: 1)
        }
    }

    private func paragraph(_ runs: [PDFCanvas.Run], font: PDFCanvas.Font = .small, indent: Double = 0, space: Double = 1) -> PDFBlock {
        let box = canvas.text(runs, font: font, width: width - indent, maxLines: 12)
        return PDFBlock(height: box.height, spaceBefore: space) { [canvas, left] y in canvas.draw(box, x: left + indent, y: y) }
    }

    private func line(_ line: ConferenceReport.Line) -> PDFBlock {
        paragraph([.init(text: "• " + line.title), .init(text: "  " + line.when, bold: line.flagged, gray: !line.flagged)], font: .body, space: 2)
    }
}
