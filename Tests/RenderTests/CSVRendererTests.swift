import Foundation
@testable import Planner
@testable import PlannerCheck
@testable import PlannerDates
@testable import PlannerLoad
@testable import PlannerModel
@testable import PlannerResources
@testable import PlannerSchedule
@testable import Render
import XCTest

final class CSVRendererTests: XCTestCase {
    let renderer = CSVRenderer()

    func testTinyPlanExactOutput() {
        let expected = [
            "section,cycle,date,day,kind,id,title,deliverable,evidence,standards,options,optional,when",
            ",build,2027-02-26,2,checkpoint,model,\"Model, v1; \"\"rough\"\"\",A model,,,Clay; Card,false,due",
            ",build,2027-03-01,3,reflection,build-reflection-1,What broke?,,,,,false,in class",
        ].map { $0 + "\r\n" }.joined()
        XCTAssertEqual(renderer.render(SamplePlan.tiny()), expected)
    }

    func testStudentExactOutput() {
        let section = SamplePlan.plan().sections[1]
        let lines = renderer.render(student: section.students[0], section: section).components(separatedBy: "\r\n")
        XCTAssertEqual(lines.count, 1 + 6 + 1)
        XCTAssertEqual(lines[0], "student,name,cycle,due,class_date,kind,id,title,chosen,optional,when")
        XCTAssertEqual(lines[1], "s01,Ana López 山田,investigate,2027-03-02,2027-03-02,launch,need-to-know,Need-to-know list,,false,in class")
        XCTAssertEqual(lines[2], "s01,Ana López 山田,investigate,2027-03-04,2027-03-03,inquiry,sampling-plan,Sampling plan,\"Survey the banks, in the field\",false,due")
        XCTAssertEqual(lines.last, "")
    }

    func testFieldNeutralisesFormulasAndQuotes() {
        XCTAssertEqual(CSVRenderer.field("=1+1"), "'=1+1")
        XCTAssertEqual(CSVRenderer.field("+1"), "'+1")
        XCTAssertEqual(CSVRenderer.field("-2+3"), "'-2+3")
        XCTAssertEqual(CSVRenderer.field("@SUM(A1:A2)"), "'@SUM(A1:A2)")
        XCTAssertEqual(CSVRenderer.field("\t=1"), "'\t=1")
        XCTAssertEqual(CSVRenderer.field("\r=1"), "\"'\r=1\"")
        XCTAssertEqual(CSVRenderer.field("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")
        XCTAssertEqual(CSVRenderer.field("a=b"), "a=b")
        XCTAssertEqual(CSVRenderer.field(" =1"), "' =1", "a spreadsheet skips the space and reads a formula")
        XCTAssertEqual(CSVRenderer.field(""), "")
        XCTAssertEqual(CSVRenderer.field("a,b"), "\"a,b\"")
        XCTAssertEqual(CSVRenderer.field("say \"hi\""), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(CSVRenderer.field("two\nlines"), "\"two\nlines\"")
        XCTAssertEqual(CSVRenderer.field("semi; colon \\ López"), "semi; colon \\ López")
    }

    /// Outside quoted fields every line ends in CRLF; inside them the text is the data's own.
    func testRecordsEndInCRLF() {
        let plan = SamplePlan.plan()
        let section = plan.sections[1]
        for text in [renderer.render(plan), renderer.render(student: section.students[0], section: section)] {
            XCTAssertTrue(text.hasSuffix("\r\n"))
            let bytes = Array(text.utf8)
            var quoted = false
            var records = 0
            for (index, byte) in bytes.enumerated() {
                if byte == 0x22 { quoted.toggle() }
                guard !quoted else { continue }
                if byte == 0x0A { XCTAssertEqual(bytes[index - 1], 0x0D, "bare LF at \(index)"); records += 1 }
                if byte == 0x0D { XCTAssertEqual(bytes[index + 1], 0x0A, "bare CR at \(index)") }
            }
            XCTAssertFalse(quoted)
            XCTAssertEqual(records, text.hasPrefix("section,") ? 1 + 14 + 1 : 1 + 6)
        }
    }

    // MARK: - A real parser

    static let readCSV = """
        import csv, json, sys
        with open(sys.argv[1], newline="", encoding="utf-8") as f:
            print(json.dumps(list(csv.reader(f, strict=True))))
        """

    func testPlanRoundTripsThroughPythonCSV() throws {
        let plan = SamplePlan.plan()
        let rows = try XCTUnwrap(Python.json(Self.readCSV, on: renderer.render(plan), suffix: "csv") as? [[String]])
        var expected = [CSVRenderer.planHeader]
        for section in plan.sections {
            for item in section.items {
                expected.append([
                    section.id!, item.cycleID, item.date.description, String(item.day), item.kindName, item.id,
                    item.id == "data-check" ? "'" + item.title : item.title, item.deliverable ?? "", item.evidence ?? "",
                    item.standards.joined(separator: "; "), item.options.map(\.title).joined(separator: "; "),
                    item.optional ? "true" : "false", item.isClassEvent || item.isReflection ? "in class" : "due",
                ])
            }
        }
        expected.append(["", "", "2027-04-30", "", "exhibition", "", "Exhibition (audience: Town council)", "A water-safety report",
                         "", "", "", "false", ""])
        XCTAssertEqual(rows.count, 1 + 14 + 1)
        XCTAssertEqual(rows, expected)
        XCTAssertEqual(rows[0], ["section", "cycle", "date", "day", "kind", "id", "title", "deliverable", "evidence",
                                 "standards", "options", "optional", "when"])
        XCTAssertEqual(rows[2], ["p1", "investigate", "2027-03-02", "2", "inquiry", "sampling-plan", "Sampling plan", "", "", "",
                                 "Test samples in the lab; Survey the banks, in the field", "false", "due"])
        XCTAssertEqual(rows[1].last, "in class", "the launch is a class event")

        // The formula is neutralised: one apostrophe in front, and the rest intact, comma,
        // semicolon, backslash, newline and all.
        let check = try XCTUnwrap(rows.first { $0[5] == "data-check" })
        XCTAssertEqual(check[6], "'=cmd|' /C calc'!A0 <script>alert(1)</script>, data; check \\ first\nAna López 山田 checks the first data set")
        XCTAssertEqual(String(check[6].dropFirst()), SamplePlan.hostileTitle)
        XCTAssertEqual(check[9], "MS-ESS3-3; W.7.1")
        XCTAssertTrue(rows.allSatisfy { $0.count == 13 })
        for row in rows {
            for cell in row {
                XCTAssertFalse(["=", "+", "-", "@", "\t", "\r"].contains(cell.first), "live formula cell: \(cell)")
            }
        }
    }

    func testStudentRoundTripsThroughPythonCSV() throws {
        let section = SamplePlan.plan().sections[1]
        let student = section.students[0]
        let rows = try XCTUnwrap(Python.json(Self.readCSV, on: renderer.render(student: student, section: section, plan: SamplePlan.plan()),
                                             suffix: "csv") as? [[String]])
        XCTAssertEqual(rows.first, CSVRenderer.studentHeader)
        XCTAssertEqual(Array(rows.dropFirst()), student.items.map { entry in
            [student.id, student.name, entry.item.cycleID, entry.due.description, entry.item.date.description,
             entry.item.kindName, entry.item.id, entry.item.id == "data-check" ? "'" + entry.item.title : entry.item.title,
             entry.chosen?.title ?? "", entry.item.optional ? "true" : "false",
             entry.item.isClassEvent || entry.item.isReflection ? "in class" : "due"]
        } + [[student.id, student.name, "", "2027-04-30", "2027-04-30", "exhibition", "", "Exhibition (audience: Town council)", "", "false", ""]])
        XCTAssertFalse(rows.contains { $0[6] == "rehearsal" }, "an item the student does not have")
        // The launch is a class event: the class's date, and `in class`; the sampling plan is due a day later.
        XCTAssertEqual(rows[1][3...4], ["2027-03-02", "2027-03-02"])
        XCTAssertEqual(rows[1][10], "in class")
        XCTAssertEqual(rows[2][3...4], ["2027-03-04", "2027-03-03"])
        XCTAssertEqual(rows[2][10], "due")
    }
}
