import YAMLTree
/// Findings about a spreadsheet workbook (`.xlsx`) are about cells, not lines: their marks
/// carry the cell's row as the line and its column number as the column (`B7` is line 7,
/// column 2), which every machine format prints as it is. People are shown the cell's name.
public enum CellPlace {
    /// A workbook is told by its name, as pbl reads it.
    public static func isWorkbook(_ file: String) -> Bool {
        file.utf8.count > 5 && file.lowercased().hasSuffix(".xlsx")
    }

    /// `B7` for line 7, column 2.
    public static func cellName(_ mark: Mark) -> String {
        var column = max(mark.column, 1)
        var letters: [Character] = []
        while column > 0 {
            letters.append(Character(Unicode.Scalar(UInt8(65 + (column - 1) % 26))))
            column = (column - 1) / 26
        }
        return String(letters.reversed()) + String(mark.line)
    }

    /// `file:line:column`, or `file:B7` in a workbook.
    public static func describe(_ file: String, _ mark: Mark) -> String {
        isWorkbook(file) ? "\(file):\(cellName(mark))" : "\(file):\(mark.line):\(mark.column)"
    }
}
