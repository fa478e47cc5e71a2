import Foundation

/// One sheet of an .xlsx workbook (Office Open XML, ECMA-376), as the cells a person sees:
/// shared and inline strings, numbers as Excel shows them (`10249`, not `10249.0`), booleans
/// as `TRUE`/`FALSE`. Rows and cells without a value are left out, so a sparse sheet costs
/// what its values cost.
///
/// Every size is bounded (`WorkbookLimits`): the archive's parts, their ratio to what they
/// take compressed (a zip bomb), XML depth, rows, cells and the length of one cell. Whatever
/// the bytes are, reading ends with a sheet or one `WorkbookError`.
public enum Workbook {
    /// The cells of the sheet named `sheet` (matched exactly, then without regard to case),
    /// or of the first sheet in tab order when `sheet` is nil.
    public static func readSheet(_ bytes: [UInt8], named sheet: String? = nil,
                                 limits: WorkbookLimits = .default) throws(WorkbookError) -> Sheet {
        let package = try WorkbookPackage(bytes: bytes, limits: limits)
        let workbook = try package.officeDocumentPath(limits: limits)
        let contents = try package.contents(of: workbook, limits: limits)
        let sheets = contents.sheets
        guard !sheets.isEmpty else {
            throw WorkbookError(.damaged, "the workbook has no worksheets", help: Self.resave)
        }
        let chosen: (name: String, path: String)
        if let sheet {
            guard let found = sheets.first(where: { $0.name == sheet })
                    ?? sheets.first(where: { $0.name.lowercased() == sheet.lowercased() }) else {
                throw WorkbookError(.sheetNotFound(available: sheets.map(\.name)), "the workbook has no sheet `\(sheet)`")
            }
            chosen = found
        } else {
            chosen = sheets[0]
        }
        var strings: [String] = []
        if let path = contents.sharedStrings, package.has(path) {
            var reader = SharedStringsReader(limits: limits)
            strings = try XMLParts.parse(try package.part(path, what: "shared texts"), part: path, limits: limits, with: &reader)
        }
        let data = try package.part(chosen.path, what: "sheet `\(chosen.name)`")
        var reader = SheetReader(sharedStrings: strings, limits: limits)
        let rows = try XMLParts.parse(data, part: chosen.path, limits: limits, with: &reader)
        return Sheet(name: chosen.name, rows: rows)
    }

    static let resave = "open it in Excel (or LibreOffice, or Google Sheets) and save it again as an Excel Workbook (.xlsx)"
}

/// What one workbook may cost to read. The defaults are far above any class roster and far
/// below what would strain a laptop.
public struct WorkbookLimits: Sendable {
    /// One part (a sheet, the shared strings) once decompressed.
    public var maxPartBytes: Int
    /// A part may be at most this many times larger than its compressed bytes (past 1 MB).
    public var maxCompressionRatio: Int
    /// Files in the archive.
    public var maxEntries: Int
    public var maxRows: Int
    public var maxCells: Int
    /// The rightmost column a value may be in (1024 is `AMJ`).
    public var maxColumn: Int
    /// UTF-8 bytes in one cell, as for a CSV field.
    public var maxCellBytes: Int
    public var maxSharedStrings: Int
    /// Nesting of XML elements (a sheet needs 5).
    public var maxDepth: Int

    public init(maxPartBytes: Int = 16 << 20, maxCompressionRatio: Int = 200, maxEntries: Int = 10_000,
                maxRows: Int = 100_000, maxCells: Int = 1_000_000, maxColumn: Int = 1024,
                maxCellBytes: Int = 64 << 10, maxSharedStrings: Int = 1_000_000, maxDepth: Int = 32) {
        self.maxPartBytes = maxPartBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.maxEntries = maxEntries
        self.maxRows = maxRows
        self.maxCells = maxCells
        self.maxColumn = maxColumn
        self.maxCellBytes = maxCellBytes
        self.maxSharedStrings = maxSharedStrings
        self.maxDepth = maxDepth
    }

    public static let `default` = WorkbookLimits()
}

/// A cell's place: 1-based row and column, named as a spreadsheet names it (`B7`).
public struct CellPosition: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var row: Int
    public var column: Int

    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }

    public var name: String { Self.columnName(column) + String(row) }
    public var description: String { name }

    public static func < (a: CellPosition, b: CellPosition) -> Bool { (a.row, a.column) < (b.row, b.column) }

    /// `1` is `A`, `26` is `Z`, `27` is `AA`.
    public static func columnName(_ column: Int) -> String {
        var n = max(column, 1)
        var letters: [Character] = []
        while n > 0 {
            let digit = (n - 1) % 26
            letters.append(Character(Unicode.Scalar(UInt8(65 + digit))))
            n = (n - 1) / 26
        }
        return String(letters.reversed())
    }

    /// `B7` as a position; nil unless it is letters then digits.
    public init?(name: String) {
        var column = 0
        var row = 0
        var sawDigit = false
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z") where !sawDigit:
                column = column * 26 + Int(byte - 64)
            case UInt8(ascii: "a")...UInt8(ascii: "z") where !sawDigit:
                column = column * 26 + Int(byte - 96)
            case UInt8(ascii: "$"):
                continue
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                sawDigit = true
                row = row * 10 + Int(byte - 48)
            default:
                return nil
            }
            if column > 1 << 20 || row > 1 << 24 { return nil }
        }
        guard column > 0, row > 0 else { return nil }
        self.init(row: row, column: column)
    }
}

public struct SheetCell: Sendable, Hashable {
    public var position: CellPosition
    public var text: String
}

/// A row with at least one value; its cells in column order, empty ones left out.
public struct SheetRow: Sendable, Hashable {
    public var number: Int
    public var cells: [SheetCell]
}

public struct Sheet: Sendable {
    public var name: String
    public var rows: [SheetRow]
}

/// Why a workbook could not be read, with the cell it is about when there is one.
public struct WorkbookError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Not a ZIP archive at all (text, an old .xls, an encrypted workbook).
        case notAWorkbook
        /// A ZIP archive, but not one a spreadsheet program wrote, or a damaged one.
        case damaged
        /// Over one of the limits.
        case tooLarge
        case sheetNotFound(available: [String])
        /// A value in a cell that cannot be read.
        case badCell
    }

    public var kind: Kind
    public var message: String
    public var position: CellPosition?
    public var help: String?

    public init(_ kind: Kind, _ message: String, at position: CellPosition? = nil, help: String? = nil) {
        self.kind = kind
        self.message = message
        self.position = position
        self.help = help
    }

    public var description: String { (position.map { "\($0.name): " } ?? "") + message }
}
