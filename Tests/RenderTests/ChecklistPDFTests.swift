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

/// PDF checklists straight from the renderer, read back by real PDF tools (qpdf, poppler's
/// pdfinfo and pdftotext, installed by scripts/bootstrap).
final class ChecklistPDFTests: XCTestCase {
    static let date = Date(timeIntervalSince1970: 1_800_000_000)

    static func everyone(_ plan: DatedPlan) -> [(student: StudentPlan, section: SectionPlan)] {
        plan.sections.flatMap { section in section.students.map { (student: $0, section: section) } }
    }

    func testTheSameInputGivesTheSameBytes() throws {
        let plan = SamplePlan.plan()
        let renderer = try ChecklistPDF(look: PrintLook(paper: .letter), date: Self.date, author: "J. Rivera")
        let first = try renderer.render(plan, students: Self.everyone(plan))
        XCTAssertEqual(first, try renderer.render(plan, students: Self.everyone(plan)))
        XCTAssertTrue(first.starts(with: Data("%PDF-1.5".utf8)))
        XCTAssertEqual(try renderer.renderSignOff(plan, sections: plan.sections), try renderer.renderSignOff(plan, sections: plan.sections))
        // The date is in the bytes: a different clock gives a different file.
        let later = try ChecklistPDF(look: PrintLook(paper: .letter), date: Self.date.addingTimeInterval(86_400), author: "J. Rivera")
        XCTAssertNotEqual(first, try later.render(plan, students: Self.everyone(plan)))
    }

    /// A document per student on one canvas: each the same bytes as that student alone, so
    /// nothing of one document (pages, layouts, fonts) leaks into the next.
    func testADocumentPerStudentIsTheSameAsEachAlone() throws {
        var plan = SamplePlan.plan()
        var second = plan.sections[1].students[0]
        second.id = "s02"
        second.name = "Dana Kowalski"
        second.items.removeLast()
        plan.sections[1].students.append(second)
        let renderer = try ChecklistPDF(look: PrintLook(paper: .a4), date: Self.date)
        var documents: [(String, Data)] = []
        try renderer.renderEach(plan, students: Self.everyone(plan)) { documents.append(($0.id, $1)) }
        XCTAssertEqual(documents.map(\.0), ["s01", "s02"])
        for (index, entry) in Self.everyone(plan).enumerated() {
            XCTAssertEqual(documents[index].1, try renderer.render(plan, students: [entry]), entry.student.id)
        }
        let file = try PDFPeers.write(documents[1].1)
        defer { try? FileManager.default.removeItem(at: file) }
        try PDFPeers.assertValid(file)
        XCTAssertTrue(try PDFPeers.run("pdfinfo", [file.path]).output.contains("Title:           Is Mill Creek safe for swimming?: Dana Kowalski\n"))
    }

    func testAHostileTitleComesOutAsTextInAValidFile() throws {
        let plan = SamplePlan.plan()
        let file = try PDFPeers.write(try ChecklistPDF(look: PrintLook(paper: .a4), date: Self.date, author: "J. Rivera").render(plan, students: Self.everyone(plan)))
        defer { try? FileManager.default.removeItem(at: file) }
        try PDFPeers.assertValid(file)
        let info = try PDFPeers.run("pdfinfo", [file.path])
        XCTAssertTrue(info.output.contains("Pages:           1\n"), info.output)
        XCTAssertTrue(info.output.contains("(A4)"), info.output)
        XCTAssertTrue(info.output.contains("Title:           Is Mill Creek safe for swimming?: Ana López 山田\n"), info.output)
        XCTAssertTrue(info.output.contains("Author:          J. Rivera\n"), info.output)
        XCTAssertTrue(info.output.contains("CreationDate:    Fri Jan 15 08:00:00 2027 UTC\n"), info.output)
        let text = try PDFPeers.text(file)
        for expected in [SamplePlan.hostileTitle, "Ana López 山田", "Group: Otters", "My choice: Survey the banks, in the field",
                         "What surprised you in the data?", "Show: Data table with three sites", "MS-ESS3-3, W.7.1", "page 1 of 1"] {
            XCTAssertTrue(text.contains(PDFPeers.normalized(expected)), "\(expected) in \(text)")
        }
        XCTAssertFalse(text.contains("Rehearse"), "the optional item the student does not see is not printed")
    }

    func testALongChecklistGoesOnWithTheNameAtTheTopOfEachPage() throws {
        var plan = SamplePlan.plan()
        var section = plan.sections[1]
        let many = (1...70).map { number in
            DatedItem(id: "step-\(number)", cycleID: "argue", kind: .milestone(.work), title: "Step \(number) of the long plan",
                      date: SamplePlan.date("2027-03-09"), day: 2, deliverable: "Evidence for step \(number)")
        }
        section.students[0].items += many.map { StudentPlan.Item(item: $0, due: $0.date, chosen: nil) }
        plan.sections = [section]
        let file = try PDFPeers.write(try ChecklistPDF(look: PrintLook(paper: .letter), date: Self.date).render(plan, students: Self.everyone(plan)))
        defer { try? FileManager.default.removeItem(at: file) }
        try PDFPeers.assertValid(file)
        let pages = try PDFPeers.pageCount(file)
        XCTAssertGreaterThan(pages, 2)
        for page in 2...pages {
            let text = try PDFPeers.text(file, page: page)
            XCTAssertTrue(text.hasPrefix("Ana López 山田 "), "page \(page): \(text)")
            XCTAssertTrue(text.contains("checklist, continued"), "page \(page): \(text)")
            XCTAssertTrue(text.contains("page \(page) of \(pages)"), text)
        }
        XCTAssertTrue(try PDFPeers.text(file).contains("Step 70 of the long plan Evidence for step 70"))
    }

    func testEachStudentHasABookmarkAndEachSheetOne() throws {
        var plan = SamplePlan.plan()
        var second = plan.sections[1].students[0]
        second.id = "s02"
        second.name = "مريم الحسيني"
        plan.sections[1].students.append(second)
        let renderer = try ChecklistPDF(look: PrintLook(paper: .letter), date: Self.date)
        let file = try PDFPeers.write(try renderer.render(plan, students: Self.everyone(plan)))
        defer { try? FileManager.default.removeItem(at: file) }
        XCTAssertEqual(try PDFPeers.outline(file), ["Ana López 山田", "مريم الحسيني"])
        let sheets = try PDFPeers.write(try renderer.renderSignOff(plan, sections: plan.sections))
        defer { try? FileManager.default.removeItem(at: sheets) }
        try PDFPeers.assertValid(sheets)
        // Only the first cycle has a checkpoint or a choice; one sheet per section.
        XCTAssertEqual(try PDFPeers.outline(sheets), ["Cycle 1: Investigate the creek (section p1)", "Cycle 1: Investigate the creek (section p2)"])
        let text = try PDFPeers.text(sheets)
        XCTAssertTrue(text.contains("Survey the banks, in the field"), text)
        XCTAssertTrue(text.contains(PDFPeers.normalized(SamplePlan.hostileTitle)), text)
    }

    func testNoStudentsGivesOnePageThatSaysSo() throws {
        let plan = SamplePlan.tiny()
        let file = try PDFPeers.write(try ChecklistPDF(look: PrintLook(paper: .letter), date: Self.date).render(plan, students: []))
        defer { try? FileManager.default.removeItem(at: file) }
        try PDFPeers.assertValid(file)
        XCTAssertTrue(try PDFPeers.text(file).contains("No students in this selection."))
    }

    func testPaginationKeepsAHeadingWithWhatFollowsIt() {
        func block(_ height: Double, keep: Bool = false) -> PDFBlock { PDFBlock(height: height, keepWithNext: keep) { _ in } }
        // 100 points of room: the heading would fit after the first block, its row would not.
        let pages = PDFPagination.paginate([block(60), block(10, keep: true), block(40), block(30)], firstTop: 0, nextTop: 0, bottom: 100)
        XCTAssertEqual(pages.map { $0.map(\.block.height) }, [[60], [10, 40, 30]])
        XCTAssertEqual(pages[1].map(\.y), [0, 10, 50])
        // A block taller than a page gets a page of its own rather than looping.
        let tall = PDFPagination.paginate([block(20), block(500), block(20)], firstTop: 0, nextTop: 0, bottom: 100)
        XCTAssertEqual(tall.map { $0.map(\.block.height) }, [[20], [500], [20]])
    }

    /// A class of 5,000 in one document: every student a page, and the file still valid.
    func testFiveThousandStudentsInOneDocument() throws {
        var plan = SamplePlan.plan()
        let template = plan.sections[1].students[0]
        plan.sections[1].students = (1...5_000).map { number in
            var student = template
            student.id = "s\(number)"
            student.name = "Student \(number) \(["Nguyễn", "الحسيني", "山田", "Kowalski"][number % 4])"
            return student
        }
        let data = try ChecklistPDF(look: PrintLook(paper: .letter), date: Self.date).render(plan, students: Self.everyone(plan))
        let file = try PDFPeers.write(data)
        defer { try? FileManager.default.removeItem(at: file) }
        XCTAssertEqual(try PDFPeers.pageCount(file), 5_000)
        try PDFPeers.assertValid(file)
    }
}

/// PDF tools, run on a file.
enum PDFPeers {
    static func write(_ data: Data) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pbl-render-\(UUID().uuidString).pdf")
        try data.write(to: url)
        return url
    }

    static func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let path = try XCTUnwrap(Python.which(tool), "\(tool) is missing: run scripts/bootstrap")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// qpdf finds no errors (exit 0; 2 is errors, 3 warnings).
    static func assertValid(_ file: URL, line: UInt = #line) throws {
        let check = try run("qpdf", ["--check", file.path])
        XCTAssertEqual(check.status, 0, check.output, line: line)
        XCTAssertTrue(check.output.contains("No syntax or stream encoding errors found"), check.output, line: line)
    }

    static func pageCount(_ file: URL) throws -> Int {
        let info = try run("pdfinfo", [file.path]).output
        let line = info.split(separator: "\n").first { $0.hasPrefix("Pages:") } ?? ""
        return Int(line.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) ?? -1
    }

    /// The text pdftotext finds, normalized: see `normalized`.
    static func text(_ file: URL, page: Int? = nil) throws -> String {
        let range = page.map { ["-f", "\($0)", "-l", "\($0)"] } ?? []
        return normalized(try run("pdftotext", range + [file.path, "-"]).output)
    }

    /// Whitespace runs as one space (lines wrap where the page ends them), and without the
    /// direction marks pdftotext puts round right-to-left text and the joiners pbl puts in.
    static func normalized(_ text: String) -> String {
        let dropped: Set<UInt32> = [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x200E, 0x200F, 0x2060, 0x0C]
        var output = ""
        var space = false
        for scalar in text.unicodeScalars where !dropped.contains(scalar.value) {
            if scalar.properties.isWhitespace {
                space = !output.isEmpty
            } else {
                if space { output += " " }
                output.unicodeScalars.append(scalar)
                space = false
            }
        }
        return output
    }

    /// The titles of the document's top-level bookmarks, as qpdf reads them.
    static func outline(_ file: URL) throws -> [String] {
        let json = try run("qpdf", ["--json", "--json-key=outlines", file.path]).output
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let outlines = object?["outlines"] as? [[String: Any]] ?? []
        return outlines.compactMap { $0["title"] as? String }
    }
}

/// Blank checklists and sign-off rows in PDF, and the exhibition on every page.
final class BlankChecklistPDFTests: XCTestCase {
    func testABlankChecklistHasANameLineAndABookmark() throws {
        let plan = SamplePlan.plan()
        let blanks = plan.sections.map { (student: $0.blankStudent(number: 1), section: $0) }
        let file = try PDFPeers.write(try ChecklistPDF(look: PrintLook(paper: .letter), date: ChecklistPDFTests.date).render(plan, students: blanks))
        defer { try? FileManager.default.removeItem(at: file) }
        try PDFPeers.assertValid(file)
        XCTAssertEqual(try PDFPeers.pageCount(file), 2)
        XCTAssertEqual(try PDFPeers.outline(file), ["Blank checklist 1 (section p1)", "Blank checklist 1 (section p2)"])
        for page in 1...2 {
            let text = try PDFPeers.text(file, page: page)
            XCTAssertTrue(text.hasPrefix("Name: Section p\(page) · Project: Is Mill Creek safe for swimming?"), text)
            XCTAssertTrue(text.contains("Exhibition: Fri Apr 30 (audience: Town council)"), text)
            // The choices wrap in their column, so pdftotext may interleave the next row's date.
            XCTAssertTrue(["Choose one of:", "Test samples in the lab", "Survey the", "banks, in the field"].allSatisfy(text.contains), text)
            XCTAssertFalse(text.contains("Group:") || text.contains("Lead the field team"), "nobody's name, group or goals: \(text)")
        }
        let one = try ChecklistPDF(look: PrintLook(paper: .letter), date: ChecklistPDFTests.date).render(plan, students: [blanks[0]])
        let single = try PDFPeers.write(one)
        defer { try? FileManager.default.removeItem(at: single) }
        XCTAssertTrue(try PDFPeers.run("pdfinfo", [single.path]).output.contains("Title:           Is Mill Creek safe for swimming?: blank checklist\n"))
    }

    func testSignOffSheetsHaveBlankRowsAfterTheStudents() throws {
        var plan = SamplePlan.plan()
        plan.sections = [plan.sections[1]]
        plan.sections[0].students += (1...3).map { plan.sections[0].blankStudent(number: $0) }
        let file = try PDFPeers.write(try ChecklistPDF(look: PrintLook(paper: .letter), date: ChecklistPDFTests.date).renderSignOff(plan, sections: plan.sections))
        defer { try? FileManager.default.removeItem(at: file) }
        try PDFPeers.assertValid(file)
        let layout = try PDFPeers.run("pdftotext", ["-layout", file.path, "-"]).output
        XCTAssertTrue(layout.contains("Exhibition: Fri Apr 30 (audience: Town council)"), layout)
        // The student's row has their date and choice; the three blank rows nothing.
        let rows = layout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let student = try XCTUnwrap(rows.firstIndex { $0.hasPrefix("Ana López 山田") && $0.contains("Otters") })
        XCTAssertTrue(rows[student].contains("Sat Mar 6"), rows[student])
        XCTAssertTrue(rows[(student + 1)...].allSatisfy { $0.isEmpty || $0.hasPrefix("mill-creek: teacher's sign-off sheets") }, layout)
        let context = ChecklistContext.teacher(plan, sections: plan.sections, look: PrintLook(paper: .letter))
        let sheet = try XCTUnwrap((context["sheets"] as? [[String: Any]])?.first)
        let names = (sheet["students"] as? [[String: Any]] ?? []).map { $0["name"] as? String }
        XCTAssertEqual(names, ["Ana López 山田", "", "", ""])
        let blank = try XCTUnwrap((sheet["students"] as? [[String: Any]])?.last)
        XCTAssertEqual((blank["checkpoints"] as? [[String: Any]])?.map { $0["applies"] as? Bool }, [true], "every checkpoint open")
        XCTAssertEqual((blank["checkpoints"] as? [[String: Any]])?.map { $0["due"] as? String }, [""])
    }
}
