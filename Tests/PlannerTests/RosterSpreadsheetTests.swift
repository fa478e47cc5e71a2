import Foundation
import XCTest
@testable import Planner
@testable import PlannerCheck
@testable import PlannerDates
@testable import PlannerLoad
@testable import PlannerModel
@testable import PlannerResources
@testable import PlannerSchedule
import YAMLTree

/// Rosters as spreadsheets write them: semicolons and tabs, headers in any case, Excel's
/// empty trailing columns and blank rows, ids as a school's system exports them, and files
/// that are not UTF-8. Each finding is checked at its line and column, and its help, applied
/// to the file, leaves it clean.
final class RosterSpreadsheetTests: XCTestCase {
    static let project = """
        pbl: 1
        id: creek
        title: Is our creek safe?
        roster: roster.csv
        groups: [{id: otters}, {id: herons}]
        cycles:
          - id: explore
            title: Explore
            days: 5
            milestones:
              - {id: plan, title: Plan, day: 2, choices: [{id: lab, title: Lab}, {id: field, title: Field}]}
        """

    /// Validates the project with `roster.csv` holding exactly `bytes`; the design-review
    /// warnings of this small project are left out, and paths are relative to its folder.
    static func check(_ bytes: [UInt8], project: String = project, name: String = "roster.csv") throws -> (FileReport, [Student]) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pbl-roster-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent(".git"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(bytes).write(to: directory.appendingPathComponent(name))
        let path = directory.appendingPathComponent("project.yaml").path
        try Data(project.utf8).write(to: URL(fileURLWithPath: path))
        var report = Validator().validate(path: path)
        let designReview: Set<String?> = ["no-critique-or-revision", "no-driving-question", "no-public-product", "missing-reflection"]
        report.diagnostics = report.diagnostics.filter { !designReview.contains($0.rule) }.map { diagnostic in
            var copy = diagnostic
            copy.file = copy.file.map { $0.replacingOccurrences(of: directory.path + "/", with: "") }
            copy.notes = copy.notes.map { note in
                var relative = note
                relative.file = note.file.map { $0.replacingOccurrences(of: directory.path + "/", with: "") }
                return relative
            }
            return copy
        }
        return (report, report.project?.students ?? [])
    }

    static func check(_ text: String) throws -> (FileReport, [Student]) { try check(Array(text.utf8)) }

    private func describe(_ report: FileReport) -> String {
        report.diagnostics.map { "\($0.rule ?? ""):\($0.range.map { "\($0.start.line):\($0.start.column)" } ?? "-") \($0.message)" }
            .joined(separator: "\n")
    }

    // MARK: separators

    func testSemicolonsAreReadWithANoteAtTheHeader() throws {
        let csv = "id;name;group;goals\r\ns01;\"López, Ana\";otters;\"Lead; Ask why\"\r\ns02;Ben;herons;\r\n"
        let (report, students) = try Self.check(csv)
        XCTAssertEqual(report.diagnostics.map(\.rule), ["roster-separator"], describe(report))
        let note = try XCTUnwrap(report.diagnostics.first)
        XCTAssertEqual(note.severity, .note)
        XCTAssertEqual(note.file, "roster.csv")
        XCTAssertEqual(note.message, "the roster's columns are separated by semicolons (`;`); pbl reads it that way")
        XCTAssertEqual(note.range?.start, Mark(line: 1, column: 3, offset: 2), "at the header's first separator")
        XCTAssertEqual(students.map { $0.id?.value }, ["s01", "s02"])
        XCTAssertEqual(students[0].name?.value, "López, Ana")
        XCTAssertEqual(students[0].goals.map(\.value), ["Lead", "Ask why"])
        XCTAssertEqual(students[1].group?.range.start, Mark(line: 3, column: 9, offset: 71))
    }

    func testTabsAreReadWithANote() throws {
        let (report, students) = try Self.check("id\tname\tgroup\ns01\tAna López\totters\n")
        XCTAssertEqual(report.diagnostics.map(\.message), ["the roster's columns are separated by tabs; pbl reads it that way"])
        XCTAssertEqual(students.first?.name?.value, "Ana López")
    }

    func testTheSeparatorIsCountedOutsideQuotesOnTheHeaderRow() throws {
        func separator(_ text: String) throws -> UInt8 { CSVTable.separator(of: try SourceText(text)) }
        XCTAssertEqual(try separator("\"id,x,y\";name;group\ns01,a,b,c,d,e\n"), UInt8(ascii: ";"))
        XCTAssertEqual(try separator("id,\"name; first; last\",group\n"), UInt8(ascii: ","))
        XCTAssertEqual(try separator("\u{FEFF};;;\n\nid;name\n"), UInt8(ascii: ";"), "blank lines before the header are skipped")
        XCTAssertEqual(try separator("id\n"), UInt8(ascii: ","))
        XCTAssertEqual(try separator("id;name,group\n"), UInt8(ascii: ","), "a tie is a comma")
        // A quoted header is read with its separator.
        let (report, students) = try Self.check("\"id\";\"name\"\n\"s01\";\"Ana; Maria\"\n")
        XCTAssertEqual(report.diagnostics.map(\.rule), ["roster-separator"])
        XCTAssertEqual(students.first?.name?.value, "Ana; Maria")
    }

    // MARK: headers, empty columns, blank rows

    func testHeadersMatchWithoutCaseOrSurroundingSpaces() throws {
        let (report, students) = try Self.check("ID, Name ,GROUP,Extra_Days, Choice:Plan \ns01,Ana,otters,2,field\n")
        XCTAssertEqual(report.diagnostics.count, 0, describe(report))
        XCTAssertEqual(students.first?.name?.value, "Ana")
        XCTAssertEqual(students.first?.group?.value, "otters")
        XCTAssertEqual(students.first?.extraDays?.value, 2)
        XCTAssertEqual(students.first?.choices.first?.choice.value, "field")
    }

    func testTrailingEmptyColumnsAndBlankRowsAreIgnored() throws {
        // What Excel writes for a sheet with a formatted but empty column E and blank rows.
        let csv = "id,name,group,,\r\n,,,,\r\ns01,Ana,otters,,\r\n,,,,\r\ns02,Ben,herons,,\r\n  , ,,,\r\n,,,,\r\n"
        let (report, students) = try Self.check(csv)
        XCTAssertEqual(report.diagnostics.count, 0, describe(report))
        XCTAssertEqual(students.map { $0.id?.value }, ["s01", "s02"])
        XCTAssertEqual(students[1].id?.range.start.line, 5)
        // Rows that stop before the empty columns are not ragged either.
        let (short, _) = try Self.check("id,name,group,,\ns01,Ana,otters\n")
        XCTAssertEqual(short.diagnostics.count, 0, describe(short))
    }

    func testAValueUnderAnEmptyHeaderIsNamed() throws {
        let (report, students) = try Self.check("id,name,,\ns01,Ana,,\ns02,Ben,band,\ns03,Chen,,choir\n")
        XCTAssertEqual(report.diagnostics.count, 1, describe(report))
        let error = try XCTUnwrap(report.having("roster-malformed").first)
        XCTAssertEqual(error.message, "`band` is in a column with no header")
        XCTAssertEqual(error.range?.start, Mark(line: 3, column: 9, offset: 28))
        XCTAssertEqual(error.notes.map(\.message), ["1 more value like it, first here"])
        XCTAssertEqual(error.notes.first?.range?.start.line, 4)
        XCTAssertEqual(error.help, "name the column in the header row, or clear its cells")
        XCTAssertEqual(students.count, 3)
        let (cleared, _) = try Self.check("id,name,,\ns01,Ana,,\ns02,Ben,,\ns03,Chen,,\n")
        XCTAssertEqual(cleared.diagnostics.count, 0, describe(cleared))
    }

    func testAnEmptyHeaderBetweenColumnsIsNamedByItsPosition() throws {
        let (report, _) = try Self.check("id,,name\ns01,,Ana\n")
        XCTAssertEqual(describe(report), "roster-malformed:1:4 column 2 has no header")
    }

    func testADuplicatedHeaderNamesBothPlaces() throws {
        let (report, _) = try Self.check("id,name,group,Name\ns01,Ana,otters,Ana L\n")
        XCTAssertEqual(report.diagnostics.count, 1, describe(report))
        let error = try XCTUnwrap(report.having("roster-malformed").first)
        XCTAssertEqual(error.message, "the column `Name` is named twice in the header")
        XCTAssertEqual(error.range?.start, Mark(line: 1, column: 15, offset: 14))
        XCTAssertEqual(error.notes.first?.message, "first named here")
        XCTAssertEqual(error.notes.first?.file, error.file)
        XCTAssertEqual(error.notes.first?.range?.start, Mark(line: 1, column: 4, offset: 3))
        // The help applied: the second column deleted.
        let (fixed, _) = try Self.check("id,name,group\ns01,Ana,otters\n")
        XCTAssertEqual(fixed.diagnostics.count, 0)
        let (choices, _) = try Self.check("id,name,choice:plan,Choice: Plan\ns01,Ana,lab,field\n")
        XCTAssertEqual(choices.having("roster-malformed").first?.message, "the column `Choice: Plan` is named twice in the header")
    }

    // MARK: student ids

    func testIDsKeepTheSchoolsSpelling() throws {
        let csv = "id,name,choice:plan\nS-2027-001,Ana,lab\n10249,Ben,field\nab.12,Chen,\nJ_Doe,Dana,\n"
        let (report, students) = try Self.check(csv)
        XCTAssertEqual(report.diagnostics.count, 0, describe(report))
        XCTAssertEqual(students.map { $0.id?.value }, ["S-2027-001", "10249", "ab.12", "J_Doe"])
    }

    func testABadIDSuggestsTheSchoolsSpelling() throws {
        let (report, _) = try Self.check("id,name\nS 2027 001,Ana\n-7,Ben\n")
        let errors = report.having("malformed-value")
        XCTAssertEqual(errors.map(\.message), ["`S 2027 001` is not a valid student id", "`-7` is not a valid student id"])
        XCTAssertEqual(errors.first?.range?.start, Mark(line: 2, column: 1, offset: 8))
        XCTAssertEqual(errors.first?.help,
                       "student ids use letters, digits, hyphens, dots and underscores, starting with a letter or digit, like `S-2027-001`")
        XCTAssertEqual(errors.last?.help?.hasSuffix("like `7`"), true)
        let (fixed, _) = try Self.check("id,name\nS-2027-001,Ana\n7,Ben\n")
        XCTAssertEqual(fixed.diagnostics.count, 0, describe(fixed))
    }

    func testInlineStudentsTakeSchoolIDs() throws {
        let project = Self.project.replacingOccurrences(of: "roster: roster.csv\n", with: "") + """

            students:
              - {id: S-2027-001, name: Ana, choices: {plan: lab}}
              - {id: 10249, name: Ben}
              - {id: ab.12, name: Chen}
              - {id: S 04, name: Dana}
            """
        let report = try validate(project)
        XCTAssertEqual(report.project?.students.compactMap { $0.id?.value }, ["S-2027-001", "10249", "ab.12"])
        XCTAssertEqual(report.having("malformed-value").map(\.message), ["`S 04` is not a valid student id"])
        XCTAssertEqual(report.having("malformed-value").first?.range?.start.line, 15)
        XCTAssertEqual(report.having("malformed-value").first?.help?.hasSuffix("like `S-04`"), true)
    }

    func testTheSchemaTakesSchoolIDs() throws {
        let schema = JSONSchema.project()
        XCTAssertTrue(schema.contains("^[A-Za-z0-9][A-Za-z0-9._-]*$"), "the student id syntax is in the schema")
    }

    // MARK: encodings

    func testWindows1252IsNamedWithTheFixAndThePlace() throws {
        // "López" as Excel's "CSV (Comma delimited)" writes it on Windows: ó is the byte 0xF3.
        let bytes = Array("id,name\ns01,Ana L".utf8) + [0xF3] + Array("pez\ns02,Ben\n".utf8)
        let (report, students) = try Self.check(bytes)
        XCTAssertEqual(report.diagnostics.count, 1, describe(report))
        let error = try XCTUnwrap(report.having("roster-malformed").first)
        XCTAssertEqual(error.message, "the roster is not UTF-8: it looks like Windows-1252 or Latin-1, where byte 0xF3 here is “ó”")
        XCTAssertEqual(error.range?.start, Mark(line: 2, column: 10, offset: 17))
        XCTAssertEqual(error.help?.contains("in Excel: File → Save As → CSV UTF-8 (Comma delimited)"), true)
        XCTAssertEqual(error.help?.contains("Google Sheets: File → Download → Comma-separated values"), true)
        XCTAssertEqual(error.help?.contains("LibreOffice: File → Save As → Text CSV, Character set: Unicode (UTF-8)"), true)
        XCTAssertEqual(students.count, 0)
        // Saved as UTF-8, the same text reads.
        let utf8 = String(decoding: bytes.map { $0 == 0xF3 ? 0x3F : $0 }, as: UTF8.self).replacingOccurrences(of: "?", with: "ó")
        let (fixed, again) = try Self.check(utf8)
        XCTAssertEqual(fixed.diagnostics.count, 0)
        XCTAssertEqual(again.first?.name?.value, "Ana López")
    }

    func testWindows1252PunctuationIsNotLatin1() throws {
        // ’ is 0x92 in Windows-1252, a control character in Latin-1.
        let bytes = Array("id,name\ns01,Ana O".utf8) + [0x92] + Array("Neil\n".utf8)
        let (report, _) = try Self.check(bytes)
        XCTAssertEqual(report.having("roster-malformed").first?.message,
                       "the roster is not UTF-8: it looks like Windows-1252, where byte 0x92 here is “’”")
    }

    func testUTF8WithOneBadByteIsNotCalledWindows1252() throws {
        let bytes = Array("id,name\ns01,Zoë\ns02,B".utf8) + [0xFF] + Array("n\n".utf8)
        let (report, _) = try Self.check(bytes)
        let error = try XCTUnwrap(report.having("roster-malformed").first)
        XCTAssertEqual(error.message, "the roster is not valid UTF-8: a byte that never appears in UTF-8 (byte 0xFF)")
        XCTAssertEqual(error.range?.start, Mark(line: 3, column: 6, offset: 22))
        XCTAssertEqual(error.help?.hasPrefix("save it as UTF-8 — in Excel: File → Save As → CSV UTF-8 (Comma delimited)"), true)
    }

    func testUTF16IsNamed() throws {
        let text = "id\tname\r\ns01\tAna\r\n"
        for (bom, bytes) in [([0xFF, 0xFE] as [UInt8], text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
                             ([0xFE, 0xFF], text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })] {
            let (report, _) = try Self.check(bom + bytes)
            let error = try XCTUnwrap(report.having("roster-malformed").first, describe(report))
            XCTAssertEqual(error.message, "the roster is UTF-16 text (what Excel saves as “Unicode Text”); pbl reads UTF-8")
            XCTAssertEqual(error.range?.start, .start)
            XCTAssertEqual(error.help?.contains("CSV UTF-8 (Comma delimited)"), true)
        }
        let (noBOM, _) = try Self.check(text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        XCTAssertEqual(noBOM.having("roster-malformed").first?.message,
                       "the roster looks like UTF-16 text (what Excel saves as “Unicode Text”); pbl reads UTF-8")
    }

    func testWorkbooksNamedCSVAreNamed() throws {
        let (xls, _) = try Self.check([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0])
        XCTAssertEqual(xls.having("roster-malformed").first?.message, "the roster is an Excel 97-2003 workbook (.xls), not CSV text")
        let (zip, _) = try Self.check(Array("PK\u{3}\u{4}".utf8) + [0, 0, 0, 0])
        XCTAssertEqual(zip.having("roster-malformed").first?.message, "the roster is an Excel workbook (a ZIP archive), not CSV text")
    }
}
