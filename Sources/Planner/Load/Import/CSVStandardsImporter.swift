import YAMLTree
import PlannerModel

/// `code,grade,subject,text` rows (any order, extra columns ignored) into a catalog.
enum CSVStandardsImporter {
    static func run(_ bytes: [UInt8], catalogID: String, title: String?) throws(StandardsImportError) -> ImportedCatalog {
        let table: CSVTable
        do {
            let limits = YAMLLimits(maxInputBytes: Int.max)
            table = try CSVTable(source: try SourceText(bytes: bytes, limits: limits))
        } catch let error as YAMLError {
            throw StandardsImportError(message: error.productMessage, path: "\(error.range.start)")
        } catch let error as CSVTable.Error {
            throw StandardsImportError(message: error.message + (error.help.map { "; \($0)" } ?? ""), path: "\(error.range.start)")
        } catch {
            throw StandardsImportError(message: "\(error)", path: "1:1")
        }
        let expected = "the first line should name the columns code,grade,subject,text (in any order)"
        guard let header = table.rows.first else {
            throw StandardsImportError(message: "the file is empty; \(expected)", path: "1:1")
        }
        var columns: [String: Int] = [:]
        for (position, field) in header.enumerated() {
            let name = field.text.trimmed.lowercased()
            guard !name.isEmpty else { continue }
            if columns[name] != nil, ["code", "grade", "subject", "text", "student_text", "parent"].contains(name) {
                throw StandardsImportError(message: "the header names the column `\(name)` twice", path: "\(field.range.start)")
            }
            if columns[name] == nil { columns[name] = position }
        }
        for required in ["code", "text"] where columns[required] == nil {
            let at = header.last.map { $0.range.end } ?? Mark.start
            throw StandardsImportError(message: "the header has no `\(required)` column; \(expected)", path: "\(at)")
        }
        var items: [ImportedCatalog.Item] = []
        items.reserveCapacity(table.rows.count)
        var firstByCode: [String: Int] = [:]
        var noCode = 0
        var noText = 0
        var repeatedCodes = 0
        var badGrades = 0
        var firstBadGrade = ""
        for row in table.rows.dropFirst() {
            if row.count != header.count {
                let at = row.count > header.count ? row[header.count].range.start : row[row.count - 1].range.end
                throw StandardsImportError(
                    message: "this row has \(row.count) \(row.count == 1 ? "field" : "fields") but the header has \(header.count); put a field that holds a comma in double quotes",
                    path: "\(at)")
            }
            func cell(_ name: String) -> String? {
                guard let column = columns[name] else { return nil }
                let text = row[column].text.trimmed
                return text.isEmpty ? nil : text
            }
            guard let code = cell("code") else {
                noCode += 1
                continue
            }
            guard let text = cell("text") else {
                noText += 1
                continue
            }
            let key = StandardCode.normalize(code)
            if firstByCode[key] != nil {
                repeatedCodes += 1
                continue
            }
            firstByCode[key] = items.count
            var grade: String?
            if let written = cell("grade") {
                let (band, unknown) = GradeLevels.band([written])
                if band == nil || !unknown.isEmpty {
                    badGrades += 1
                    if firstBadGrade.isEmpty { firstBadGrade = "\"\(written)\" at \(row[columns["grade"]!].range.start)" }
                } else {
                    grade = band
                }
            }
            var parent = cell("parent")
            if let written = parent, StandardCode.normalize(written) == key { parent = nil }
            items.append(ImportedCatalog.Item(code: code, grade: grade, subject: cell("subject"), text: text, parent: parent,
                                               studentText: cell("student_text")))
        }
        var notes: [String] = []
        if noCode > 0 { notes.append("skipped \(CASEImporter.count(noCode, "row")) with an empty code") }
        if noText > 0 { notes.append("skipped \(CASEImporter.count(noText, "row")) with an empty text") }
        if repeatedCodes > 0 {
            notes.append("skipped \(CASEImporter.count(repeatedCodes, "row")) whose code repeats an earlier row's (as pbl compares codes); kept the first")
        }
        if badGrades > 0 {
            notes.append("left out \(CASEImporter.count(badGrades, "grade")) pbl cannot read (first: \(firstBadGrade)); grades are K, 1 to 12 or a band like 6-8")
        }
        let given = title.map(\.trimmed).flatMap(nonEmpty)
        return ImportedCatalog(id: catalogID, title: given ?? catalogID, items: items, skipped: noCode + noText, notes: notes)
    }
}
