import Foundation

/// A worksheet part: `<sheetData>` holds `<row r="7">`s of `<c r="B7" t="...">` cells, each
/// with a value `<v>` (a number, a shared string's index, a boolean, a formula's result) or an
/// inline string `<is>`. Rows and cells may leave out `r`; they then follow the one before.
struct SheetReader: PartHandler {
    private enum Capture { case none, value, inline }

    let sharedStrings: [String]
    let limits: WorkbookLimits
    private var rows: [SheetRow] = []
    private var cellCount = 0
    private var inSheetData = false
    private var rowNumber = 0
    private var inRow = false
    private var rowCells: [SheetCell] = []
    private var column = 0
    private var cell: CellPosition?
    private var cellType: String?
    private var value = ""
    private var inline = ""
    private var inInline = false
    private var phonetic = 0
    private var capture = Capture.none

    init(sharedStrings: [String], limits: WorkbookLimits) {
        self.sharedStrings = sharedStrings
        self.limits = limits
    }

    static let maxRowNumber = 1_048_576

    mutating func start(_ name: String, _ attributes: [String: String]) throws(WorkbookError) {
        switch name {
        case "sheetData":
            inSheetData = true
        case "row" where inSheetData:
            if let given = attributes["r"] {
                guard let number = Int(given), number >= 1, number <= Self.maxRowNumber else {
                    throw WorkbookError(.damaged, "the workbook is damaged: a row is numbered `\(given)`", help: Workbook.resave)
                }
                rowNumber = number
            } else {
                rowNumber += 1
            }
            inRow = true
            rowCells = []
            column = 0
        case "c" where inRow:
            if let reference = attributes["r"] {
                guard let position = CellPosition(name: reference), position.row <= Self.maxRowNumber else {
                    throw WorkbookError(.damaged, "the workbook is damaged: a cell in row \(rowNumber) is named `\(reference)`",
                                        at: CellPosition(row: rowNumber, column: max(column, 1)), help: Workbook.resave)
                }
                column = position.column
                rowNumber = position.row
            } else {
                column += 1
            }
            cell = CellPosition(row: rowNumber, column: column)
            cellType = attributes["t"]
            value = ""
            inline = ""
        case "v" where cell != nil:
            capture = .value
        case "is" where cell != nil:
            inInline = true
        case "rPh":
            phonetic += 1
        case "t" where inInline && phonetic == 0:
            capture = .inline
        default:
            break
        }
    }

    mutating func text(_ text: String) throws(WorkbookError) {
        switch capture {
        case .none: return
        case .value: value += text
        case .inline: inline += text
        }
        if value.utf8.count + inline.utf8.count > limits.maxCellBytes, let cell {
            throw WorkbookError(.badCell, "cell \(cell.name) is longer than \(limits.maxCellBytes >> 10) KB", at: cell,
                                help: "roster cells are short: check for text pasted into one cell by mistake")
        }
    }

    mutating func end(_ name: String) throws(WorkbookError) {
        switch name {
        case "v", "t": capture = .none
        case "is": inInline = false
        case "rPh": phonetic -= 1
        case "c" where cell != nil: try finishCell()
        case "row" where inRow: try finishRow()
        case "sheetData": inSheetData = false
        default: break
        }
    }

    private mutating func finishCell() throws(WorkbookError) {
        guard let position = cell else { return }
        cell = nil
        capture = .none
        let text: String
        switch cellType {
        case "s":
            guard let index = Int(value.trimmingCharacters(in: .whitespaces)), sharedStrings.indices.contains(index) else {
                throw WorkbookError(.damaged, "the workbook is damaged: cell \(position.name) names text number `\(value)`, which it does not hold",
                                    at: position, help: Workbook.resave)
            }
            text = sharedStrings[index]
        case "inlineStr":
            text = XMLParts.unescape(inline)
        case "b":
            let flag = value.trimmingCharacters(in: .whitespaces)
            text = flag == "1" ? "TRUE" : flag == "0" ? "FALSE" : flag
        case "str", "e", "d":
            text = XMLParts.unescape(value)
        default:
            text = Self.number(value)
        }
        if text.isEmpty { return }
        if position.column > limits.maxColumn {
            throw WorkbookError(.tooLarge, "cell \(position.name) is past column \(CellPosition.columnName(limits.maxColumn)); pbl reads the first \(limits.maxColumn) columns",
                                at: position, help: "move the roster's columns to the left, or delete what is out there")
        }
        cellCount += 1
        if cellCount > limits.maxCells {
            throw WorkbookError(.tooLarge, "the sheet holds more than \(limits.maxCells) values", at: position,
                                help: "a roster needs one row per student: copy those rows into a new sheet")
        }
        rowCells.append(SheetCell(position: position, text: text))
    }

    private mutating func finishRow() throws(WorkbookError) {
        inRow = false
        guard !rowCells.isEmpty else { return }
        // Cells are written left to right; a hand-made part may not, and may name a row twice.
        if !zip(rowCells, rowCells.dropFirst()).allSatisfy({ $0.position < $1.position }) {
            rowCells.sort { $0.position < $1.position }
        }
        var start = 0
        while start < rowCells.count {
            let number = rowCells[start].position.row
            var end = start
            while end < rowCells.count && rowCells[end].position.row == number { end += 1 }
            rows.append(SheetRow(number: number, cells: Array(rowCells[start..<end])))
            start = end
        }
        if rows.count > limits.maxRows {
            throw WorkbookError(.tooLarge, "the sheet has more than \(limits.maxRows) rows with values", at: rowCells.first?.position,
                                help: "a roster needs one row per student: copy those rows into a new sheet")
        }
    }

    mutating func finish() throws(WorkbookError) -> [SheetRow] {
        guard !zip(rows, rows.dropFirst()).allSatisfy({ $0.number < $1.number }) else { return rows }
        var merged: [SheetRow] = []
        for row in rows.sorted(by: { $0.number < $1.number }) {
            if let last = merged.last, last.number == row.number {
                var cells = last.cells
                for cell in row.cells where !cells.contains(where: { $0.position == cell.position }) { cells.append(cell) }
                merged[merged.count - 1].cells = cells.sorted { $0.position < $1.position }
            } else {
                merged.append(row)
            }
        }
        return merged
    }

    /// A number as Excel shows it in a General cell: whole numbers without a decimal point
    /// (an id stored as the number 10249 is `10249`), others to 15 significant digits.
    static func number(_ stored: String) -> String {
        let text = stored.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return "" }
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        if !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return text }
        guard let number = Double(text), number.isFinite else { return text }
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return String(format: "%.15g", number)
    }
}

extension WorkbookPackage {
    /// The workbook part, as `_rels/.rels` names it (`xl/workbook.xml` in every real file).
    func officeDocumentPath(limits: WorkbookLimits) throws(WorkbookError) -> String {
        if has("_rels/.rels") {
            var reader = RelationshipsReader()
            let relationships = try XMLParts.parse(try part("_rels/.rels", what: "package relationships"), part: "_rels/.rels",
                                                   limits: limits, with: &reader)
            if let document = relationships.first(where: { $0.type.hasSuffix("/officeDocument") }) {
                return Self.resolve(document.target, from: "")
            }
        }
        if has("xl/workbook.xml") { return "xl/workbook.xml" }
        throw WorkbookError(.notAWorkbook, "this ZIP archive is not an .xlsx workbook: it has no workbook part (xl/workbook.xml)",
                            help: Workbook.resave)
    }

    /// The worksheets in tab order (chart sheets left out) and the shared strings part.
    func contents(of workbook: String, limits: WorkbookLimits) throws(WorkbookError) -> (sheets: [(name: String, path: String)], sharedStrings: String?) {
        var list = SheetListReader()
        let sheets = try XMLParts.parse(try part(workbook, what: "sheet list"), part: workbook, limits: limits, with: &list)
        let folder = Self.folder(of: workbook)
        let relsPath = (folder.isEmpty ? "" : folder + "/") + "_rels/" + Self.fileName(of: workbook) + ".rels"
        var relationships: [RelationshipsReader.Relationship] = []
        if has(relsPath) {
            var reader = RelationshipsReader()
            relationships = try XMLParts.parse(try part(relsPath, what: "relationships"), part: relsPath, limits: limits, with: &reader)
        }
        var worksheets: [(name: String, path: String)] = []
        for (index, sheet) in sheets.enumerated() {
            if let relationship = relationships.first(where: { $0.id == sheet.relationship }) {
                guard relationship.type.hasSuffix("/worksheet") else { continue }
                worksheets.append((sheet.name, Self.resolve(relationship.target, from: folder)))
            } else if relationships.isEmpty {
                worksheets.append((sheet.name, (folder.isEmpty ? "" : folder + "/") + "worksheets/sheet\(index + 1).xml"))
            }
        }
        let strings = relationships.first { $0.type.hasSuffix("/sharedStrings") }.map { Self.resolve($0.target, from: folder) }
            ?? (has(folder + "/sharedStrings.xml") ? folder + "/sharedStrings.xml" : nil)
        return (worksheets, strings)
    }

    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    static func fileName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// A relationship's target: absolute from the package root (`/xl/...`) or relative to
    /// the folder of the part that names it.
    static func resolve(_ target: String, from folder: String) -> String {
        let joined = target.hasPrefix("/") ? String(target.dropFirst()) : (folder.isEmpty ? target : folder + "/" + target)
        var parts: [Substring] = []
        for component in joined.split(separator: "/") {
            if component == "." { continue }
            if component == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(component)
        }
        return parts.joined(separator: "/")
    }
}
