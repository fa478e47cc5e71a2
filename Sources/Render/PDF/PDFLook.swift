import PlannerModel
import PlannerDates


/// What a department's look adds to every PDF page set: the letterhead (logo, school and
/// department, header line) at the top of a checklist or sheet, the footer line, and the
/// family-signature line at the end of a checklist.
enum PDFLook {
    /// Logo at the left, the school and department in bold and the header line beside it,
    /// a thin rule under both; nil when the look has none of them.
    static func letterhead(_ look: PrintLook, canvas: PDFCanvas, left: Double, width: Double) -> PDFBlock? {
        guard look.logo != nil || look.organization != nil || look.header != nil else { return nil }
        let logo = look.logo?.printedSize
        let textLeft = logo.map { $0.width + 8 } ?? 0
        var lines: [PDFCanvas.TextBox] = []
        if let organization = look.organization {
            lines.append(canvas.text([.init(text: organization, bold: true)], font: .body, width: width - textLeft, maxLines: 2, shared: true))
        }
        if let header = look.header {
            lines.append(canvas.text([.init(text: header)], font: .small, width: width - textLeft, maxLines: 2, shared: true))
        }
        let textHeight = lines.reduce(0) { $0 + $1.height } + Double(max(0, lines.count - 1))
        let height = max(logo?.height ?? 0, textHeight) + 4
        return PDFBlock(height: height + 6) { y in
            if let logo { canvas.drawLogo(x: left, y: y, width: logo.width, height: logo.height) }
            // The text sits in the middle of the logo's height.
            var top = y + max(0, ((logo?.height ?? 0) - textHeight) / 2)
            for line in lines {
                canvas.draw(line, x: left + textLeft, y: top)
                top += line.height + 1
            }
            canvas.line(from: (left, y + height), to: (left + width, y + height), width: 0.6, gray: 0.5)
        }
    }

    /// `Family signature: ________  Date: ______` with room to sign; nil without a label.
    static func signatureLine(_ look: PrintLook, canvas: PDFCanvas, left: Double, width: Double) -> PDFBlock? {
        guard let label = look.signature else { return nil }
        let name = canvas.text([.init(text: label + ":", bold: true)], font: .body, width: width * 0.45, maxLines: 2, shared: true)
        let date = canvas.text([.init(text: "Date:", bold: true)], font: .body, width: 60, shared: true)
        let height = max(30, name.height + 14)
        return PDFBlock(height: height, spaceBefore: 14) { y in
            let base = y + height - 4
            canvas.draw(name, x: left, y: base - name.baseline - 1)
            let dateX = left + width * 0.72
            canvas.line(from: (left + name.width + 6, base), to: (dateX - 12, base), width: 0.9)
            canvas.draw(date, x: dateX, y: base - date.baseline - 1)
            canvas.line(from: (dateX + date.width + 6, base), to: (left + width, base), width: 0.9)
        }
    }

    /// The foot of a page: `left` (the project) at the left, the look's footer in the
    /// middle, `right` (the page number) at the right.
    static func footer(_ look: PrintLook, canvas: PDFCanvas, geometry: PDFGeometry, left: String, right: String) {
        let width = geometry.contentWidth
        let side = look.footer == nil ? width / 2 : width * 0.26
        let id = canvas.text([.init(text: left, gray: true)], font: .footer, width: side, maxLines: 1, shared: true)
        let number = canvas.text([.init(text: right, gray: true)], font: .footer, width: side, maxLines: 1, align: .right, shared: true)
        canvas.draw(id, x: geometry.left, y: geometry.footerTop)
        canvas.draw(number, x: geometry.left + width - side, y: geometry.footerTop)
        if let footer = look.footer {
            let middle = canvas.text([.init(text: footer)], font: .footer, width: width - 2 * side - 12, maxLines: 1, align: .center, shared: true)
            canvas.draw(middle, x: geometry.left + side + 6, y: geometry.footerTop)
        }
    }
}

extension StudentPages {
    func letterhead() -> [PDFBlock] {
        PDFLook.letterhead(look, canvas: canvas, left: left, width: width).map { [$0] } ?? []
    }

    func signatureLine() -> [PDFBlock] {
        PDFLook.signatureLine(look, canvas: canvas, left: left, width: width).map { [$0] } ?? []
    }
}
