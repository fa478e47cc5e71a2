import XCTest
@testable import PlannerLoad

/// A roster in a shared template root is found by its header row, read as rosters are read.
final class RosterInTemplateRootTests: XCTestCase {
    private func flagged(_ bytes: [UInt8]) -> Bool {
        let findings = StudentDataInTemplate.checkCSV(bytes, file: "render/class.csv")
        XCTAssertLessThanOrEqual(findings.count, 1)
        if let finding = findings.first {
            XCTAssertEqual(finding.rule, "student-data-in-template")
            XCTAssertEqual(finding.file, "render/class.csv")
        }
        return !findings.isEmpty
    }

    func testAHeaderNamingStudentsIsARosterWhateverItsSeparatorOrQuotes() {
        XCTAssertTrue(flagged(Array("id,name,section\nana,Ana Díaz,p2\n".utf8)))
        XCTAssertTrue(flagged(Array("Student;Name\r\nana;Ana\r\n".utf8)), "a spreadsheet's semicolons and CRLF")
        XCTAssertTrue(flagged(Array("\"id\",\" Name \"\nana,Ana\n".utf8)), "quoted headers")
        XCTAssertTrue(flagged([0xEF, 0xBB, 0xBF] + Array("id\tname\n".utf8)), "a BOM and tabs")
        XCTAssertTrue(flagged(Array("id,name\n".utf8) + [0x4A, 0x6F, 0xE9, 0x0A]), "a roster saved as Latin-1 is still a roster")
    }

    func testOtherTablesAreNot() {
        XCTAssertFalse(flagged(Array("code,statement\nW.7.1,Write arguments\n".utf8)))
        XCTAssertFalse(flagged(Array("name\nAna\n".utf8)), "a name column alone")
        XCTAssertFalse(flagged(Array("id;title\nx;y\n".utf8)))
        XCTAssertFalse(flagged([]))
    }
}
