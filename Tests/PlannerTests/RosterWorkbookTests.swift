import Foundation
import XCTest
@testable import Planner
@testable import PlannerCheck
@testable import PlannerDates
@testable import PlannerLoad
@testable import PlannerModel
@testable import PlannerResources
@testable import PlannerSchedule
@testable import Workbook
import Diagnostics
import YAMLTree

/// `.xlsx` rosters, written by openpyxl and by hand during the run (`WorkbookFixtures`):
/// what a teacher's workbook holds comes out as the cells show it, every finding is at its
/// cell (the row as the line, the column's number as the column), and whatever the bytes
/// are, reading ends with one clear error, quickly.
final class RosterWorkbookTests: XCTestCase {
    private func check(_ fixture: String, roster: String = "roster.xlsx") throws -> (FileReport, [Student]) {
        let project = RosterSpreadsheetTests.project.replacingOccurrences(of: "roster: roster.csv", with: "roster: \(roster)")
        return try RosterSpreadsheetTests.check(try WorkbookFixtures.bytes(fixture), project: project, name: "roster.xlsx")
    }

    private func describe(_ report: FileReport) -> String {
        report.diagnostics.map { d in
            "\(d.rule ?? ""):\(d.range.map { CellPlace.cellName($0.start) } ?? "-") \(d.message)"
        }.joined(separator: "\n")
    }

    private func cell(_ located: Located<String>?) -> String? { located.map { CellPlace.cellName($0.range.start) } }

    func testANormalRoster() throws {
        let (report, students) = try check("normal.xlsx")
        XCTAssertEqual(report.diagnostics.count, 0, describe(report))
        XCTAssertEqual(students.map { $0.id?.value }, ["s01", "s02"])
        XCTAssertEqual(students[0].name?.value, "López, Ana")
        XCTAssertEqual(students[0].extraDays?.value, 1)
        XCTAssertEqual(students[0].goals.map(\.value), ["Lead the team", "Ask why"])
        XCTAssertEqual(students[0].choices.first?.choice.value, "field")
        XCTAssertEqual(students[1].name?.value, "Ben Okafor", "rich text is its runs' text")
        XCTAssertEqual(cell(students[1].group), "C3")
        XCTAssertEqual(students[1].group?.file.hasSuffix("/roster.xlsx"), true)
        XCTAssertEqual(cell(students[1].choices.first?.choice), "F3")
    }

    func testAsExcelWritesIt() throws {
        let (report, students) = try check("excel.xlsx")
        XCTAssertEqual(report.diagnostics.count, 0, describe(report))
        XCTAssertEqual(students.map { $0.id?.value }, ["10249", "10250", "10251"])
        XCTAssertEqual(students.map { $0.name?.value }, ["Ana López", "Ben", "Chen"])
        XCTAssertEqual(students.map { $0.extraDays?.value }, [1, nil, 2])
        XCTAssertEqual(cell(students[2].name), "B4")
    }

    func testNumbersAsIDsComeOutAsTheirDigits() throws {
        let (report, students) = try check("numbers.xlsx")
        XCTAssertEqual(students.map { $0.id?.value }, ["10249", "10250", "S-2027-003"])
        XCTAssertEqual(students[0].extraDays?.value, 2)
        // A boolean reads as Excel shows it, so the finding names what the teacher sees.
        XCTAssertEqual(describe(report), "dangling-reference:C4 no group has the id `TRUE`")
        XCTAssertEqual(SheetReader.number("2.5"), "2.5")
        XCTAssertEqual(SheetReader.number("0.30000000000000004"), "0.3")
        XCTAssertEqual(SheetReader.number("1E+20"), "1e+20")
        XCTAssertEqual(SheetReader.number("-12"), "-12")
    }

    func testTheFirstSheetOrANamedOne() throws {
        let (first, students) = try check("sheets.xlsx")
        XCTAssertEqual(first.diagnostics.count, 0)
        XCTAssertEqual(students.map { $0.id?.value }, ["p1-01"])
        let (second, period2) = try check("sheets.xlsx", roster: "roster.xlsx#Period 2")
        XCTAssertEqual(second.diagnostics.count, 0, describe(second))
        XCTAssertEqual(period2.map { $0.id?.value }, ["p2-01", "p2-02"])
        let (folded, _) = try check("sheets.xlsx", roster: "roster.xlsx#period 2")
        XCTAssertEqual(folded.diagnostics.count, 0, "the sheet's case does not matter")
        XCTAssertEqual(RosterLoader.fileAndSheet("Roster.XLSX#Period 2").file, "Roster.XLSX")
        let (missing, none) = try check("sheets.xlsx", roster: "roster.xlsx#Perod 2")
        XCTAssertEqual(none.count, 0)
        let error = try XCTUnwrap(missing.having("roster-not-found").first, describe(missing))
        XCTAssertEqual(error.message, "the workbook `roster.xlsx` has no sheet `Perod 2`")
        XCTAssertEqual(error.file?.hasSuffix("project.yaml"), true)
        XCTAssertEqual(error.range?.start.line, 4)
        XCTAssertEqual(error.range?.start.column, 9)
        XCTAssertEqual(error.help, "did you mean `roster: roster.xlsx#Period 2`? its sheets: `Period 1`, `Period 2`")
        XCTAssertEqual(missing.diagnostics.count, 1, "and no `no-students` note after it")
        XCTAssertEqual(RosterLoader.fileAndSheet("rosters/class.xlsx#P5 #2").file, "rosters/class.xlsx")
        XCTAssertEqual(RosterLoader.fileAndSheet("rosters/class.xlsx#P5 #2").sheet, "P5 #2")
        XCTAssertEqual(RosterLoader.fileAndSheet("class#2.csv").file, "class#2.csv")
        XCTAssertNil(RosterLoader.fileAndSheet("class.xlsx#").sheet)
    }

    func testBlankRowsAndATrailingEmptyColumn() throws {
        let (report, students) = try check("blank.xlsx")
        XCTAssertEqual(report.diagnostics.count, 0, describe(report))
        XCTAssertEqual(students.map { $0.id?.value }, ["s01", "s02"])
        XCTAssertEqual(cell(students[1].id), "A6")
    }

    func testASparseRowAndABadIDAreAtTheirCells() throws {
        let (report, students) = try check("sparse.xlsx")
        XCTAssertEqual(describe(report), """
            missing-field:A2 student `s01` has no name
            malformed-value:A3 `S 03` is not a valid student id
            """)
        XCTAssertEqual(report.having("malformed-value").first?.help?.hasSuffix("like `S-03`"), true)
        XCTAssertEqual(cell(students.first?.group), "C2")
        // Row 3 stops at B3; the student spans A3 to C3, the header's width.
        XCTAssertEqual(students.last?.range.end, Mark(line: 3, column: 4, offset: 3 * 1025 + 4))
    }

    func testAWrongHeaderAndItsFix() throws {
        let (report, _) = try check("wrong-header.xlsx")
        XCTAssertEqual(describe(report), """
            missing-field:A1 the roster has no `name` column
            unknown-key:B1 unknown roster column `nmae`
            """)
        XCTAssertEqual(report.having("unknown-key").first?.help, "did you mean `name`?")
        let (fixed, _) = try check("normal.xlsx")
        XCTAssertEqual(fixed.diagnostics.count, 0)
    }

    func testADuplicatedHeaderNamesBothCells() throws {
        let (report, _) = try check("duplicate-header.xlsx")
        XCTAssertEqual(describe(report), "roster-malformed:D1 the column `Name` is named twice in the header")
        let note = try XCTUnwrap(report.diagnostics.first?.notes.first)
        XCTAssertEqual(note.range.map { CellPlace.cellName($0.start) }, "B1")
        XCTAssertEqual(note.file, "roster.xlsx")
    }

    func testInlineStringsPrefixesAndCellsWithoutReferences() throws {
        let (report, students) = try check("inline.xlsx")
        XCTAssertEqual(report.diagnostics.count, 0, describe(report))
        XCTAssertEqual(students.map { $0.id?.value }, ["s01", "s02"])
        XCTAssertEqual(students.map { $0.name?.value }, ["Ana López", "Ben"], "runs joined, the phonetic guide left out")
        XCTAssertEqual(students[0].group?.value, "otters", "a formula's cached text")
        XCTAssertEqual(cell(students[0].group), "C2")
        XCTAssertEqual(cell(students[1].id), "A5")
    }

    // MARK: files that are not workbooks, and hostile ones

    private func refused(_ fixture: String, file: StaticString = #filePath, line: UInt = #line) throws -> Diagnostic {
        let started = Date()
        let (report, students) = try check(fixture)
        XCTAssertLessThan(Date().timeIntervalSince(started), 20, "\(fixture) took too long", file: file, line: line)
        XCTAssertEqual(students.count, 0, file: file, line: line)
        XCTAssertEqual(report.diagnostics.count, 1, describe(report), file: file, line: line)
        let error = try XCTUnwrap(report.having("roster-malformed").first, describe(report), file: file, line: line)
        XCTAssertEqual(error.file, "roster.xlsx", file: file, line: line)
        XCTAssertNotNil(error.help, file: file, line: line)
        return error
    }

    func testAFileThatIsNotAZip() throws {
        let directory = try WorkbookFixtures.folder.get()
        try Data("id,name\ns01,Ana\n".utf8).write(to: directory.appendingPathComponent("text.xlsx"))
        try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)).write(to: directory.appendingPathComponent("old.xlsx"))
        try Data((0..<600).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 1) }).write(to: directory.appendingPathComponent("noise.xlsx"))
        let text = try refused("text.xlsx")
        XCTAssertEqual(text.message, "this is a text file (CSV?), not an .xlsx workbook")
        XCTAssertNil(text.range, "about the whole file")
        XCTAssertEqual(text.help?.contains("`roster: roster.csv`"), true)
        XCTAssertEqual(try refused("old.xlsx").message,
                       "this is an Excel 97-2003 workbook (.xls) or a password-protected one, not an .xlsx workbook")
        XCTAssertEqual(try refused("noise.xlsx").message, "not an .xlsx workbook: an .xlsx file is a ZIP archive, and this one is not")
        XCTAssertEqual(try refused("plain.zip.xlsx").message,
                       "this ZIP archive is not an .xlsx workbook: it has no workbook part (xl/workbook.xml)")
    }

    func testAZipBombIsRefused() throws {
        XCTAssertEqual(try refused("bomb.xlsx").message,
                       "the workbook's sheet `Sheet1` unpacks to over 200 times its packed size (a zip bomb?)")
        XCTAssertEqual(try refused("lying-bomb.xlsx").message,
                       "the workbook's sheet `Sheet1` unpacks to over 200 times its packed size (a zip bomb?)")
        XCTAssertEqual(try refused("big.xlsx").message, "the workbook's sheet `Sheet1` is over 16 MB once unpacked")
    }

    func testDeepXMLAndEntitiesAreRefused() throws {
        XCTAssertEqual(try refused("deep.xlsx").message, "the workbook's XML is nested more than 32 elements deep")
        XCTAssertEqual(try refused("laughs.xlsx").message,
                       "the workbook's xl/worksheets/sheet1.xml declares a DOCTYPE, which spreadsheet programs never write")
    }

    func testDamagedArchivesEndWithAnError() throws {
        XCTAssertEqual(try refused("endless.xlsx").message, "the workbook is damaged: its sheet `Sheet1` is cut off")
        XCTAssertEqual(try refused("checksum.xlsx").message, "the workbook is damaged: its sheet `Sheet1` fails its checksum")
        let bad = try refused("bad-string.xlsx")
        XCTAssertEqual(bad.message, "the workbook is damaged: cell B4 names text number `70`, which it does not hold")
        XCTAssertEqual(bad.range.map { CellPlace.cellName($0.start) }, "B4")
        // Every prefix of a real workbook, as a download cut short leaves it.
        let whole = try WorkbookFixtures.bytes("normal.xlsx")
        for length in stride(from: 0, to: whole.count, by: 97) {
            XCTAssertThrowsError(try Workbook.readSheet(Array(whole.prefix(length))), "\(length) bytes")
        }
    }

    func testCellsPastTheLimitsAreNamed() throws {
        let far = try refused("far-column.xlsx")
        XCTAssertEqual(far.message, "cell AMK2 is past column AMJ; pbl reads the first 1024 columns")
        XCTAssertEqual(far.range.map { CellPlace.cellName($0.start) }, "AMK2")
        let long = try refused("long-cell.xlsx")
        XCTAssertEqual(long.message, "cell B2 is longer than 64 KB")
        XCTAssertEqual(long.range?.start.line, 2)
        XCTAssertEqual(long.range?.start.column, 2)
        let twenty = try WorkbookFixtures.bytes("twenty.xlsx")
        XCTAssertEqual(try Workbook.readSheet(twenty).rows.count, 21)
        XCTAssertThrowsError(try Workbook.readSheet(twenty, limits: WorkbookLimits(maxRows: 10))) { error in
            XCTAssertEqual((error as? WorkbookError)?.message, "the sheet has more than 10 rows with values")
            XCTAssertEqual((error as? WorkbookError)?.position?.name, "A11")
        }
        XCTAssertThrowsError(try Workbook.readSheet(twenty, limits: WorkbookLimits(maxCells: 15))) { error in
            XCTAssertEqual((error as? WorkbookError)?.message, "the sheet holds more than 15 values")
            XCTAssertEqual((error as? WorkbookError)?.position?.name, "B8", "the 16th value")
        }
    }

    func testCellNames() {
        XCTAssertEqual(CellPosition(name: "B7"), CellPosition(row: 7, column: 2))
        XCTAssertEqual(CellPosition(name: "$AA$10"), CellPosition(row: 10, column: 27))
        XCTAssertEqual(CellPosition(row: 2, column: 1025).name, "AMK2")
        XCTAssertNil(CellPosition(name: "7B"))
        XCTAssertNil(CellPosition(name: "B"))
        XCTAssertEqual(CellPlace.cellName(Mark(line: 7, column: 702, offset: 0)), "ZZ7")
        XCTAssertEqual(CellPlace.describe("roster.xlsx", Mark(line: 7, column: 2, offset: 0)), "roster.xlsx:B7")
        XCTAssertEqual(CellPlace.describe("roster.csv", Mark(line: 7, column: 2, offset: 0)), "roster.csv:7:2")
    }
}
