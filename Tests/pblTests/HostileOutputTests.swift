import Foundation
import XCTest

/// Names and values from a file reach terminals, CI logs, spreadsheets and PDFs: none of them
/// can inject a command, a formula or a control sequence, or stop a class's printout.
final class HostileOutputTests: XCTestCase {
    private func folder(project: String, roster: String? = nil) throws -> URL {
        let folder = try CLI.temporaryDirectory()
        try project.write(to: folder.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        if let roster { try roster.write(to: folder.appendingPathComponent("roster.csv"), atomically: true, encoding: .utf8) }
        return folder
    }

    private static let project = """
        pbl: 1
        id: creek
        title: Is our creek safe?
        driving_question: How can we find out whether Mill Creek is safe to swim in?
        product: {title: A water-safety report, audience: The town council}
        calendar: {start: 2027-03-01}
        cycles:
          - id: explore
            title: Explore
            days: 5
            milestones:
              - {id: plan, title: Sampling plan, day: 1, choices: [{id: lab, title: In the lab}, {id: field, title: In the field}]}
              - {id: walk, title: Gallery walk, day: 3, kind: critique}
            reflection: [{prompt: What did you notice first?}]
        roster: roster.csv

        """

    private func run(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws -> PBLRun {
        try CLI.run(["30", CLI.binary.path] + arguments, environment: environment, in: folder, executable: URL(fileURLWithPath: "/usr/bin/timeout"))
    }

    func testACRLFInAValueCannotStartAWorkflowCommand() throws {
        let dir = try folder(project: Self.project, roster: "id,name\r\n\"s1\r\n::add-mask::secret\r\n::warning file=x::owned\",Ana\r\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try run(["validate", "--format", "github", "p.yaml"], in: dir)
        for line in run.stdout.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
            XCTAssertTrue(line.hasPrefix("::error ") || line.hasPrefix("::warning ") || line.hasPrefix("::notice "), "a line of its own: \(line)")
            XCTAssertFalse(line.contains("\r"))
        }
        XCTAssertFalse(run.stdout.contains("\n::add-mask::"), run.stdout)
        XCTAssertTrue(run.stdout.contains("%0D%0A::add-mask::secret"), "the value is there, escaped: \(run.stdout)")
    }

    func testControlCharactersNeverReachTheTerminal() throws {
        let dir = try folder(project: Self.project, roster: "id,name\n\"\u{1B}]0;PWNED\u{07}\u{1B}[2J\",Ana\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try run(["validate", "p.yaml"], in: dir)
        XCTAssertEqual(run.status, 1)
        XCTAssertFalse(run.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, run.stdout)
        XCTAssertTrue(run.stdout.contains("\u{241B}]0;PWNED\u{2407}\u{241B}[2J"), "shown as visible symbols: \(run.stdout)")
    }

    func testNULAndEscapeStayOutOfHTMLAndCSVAndNoncharactersOutOfPDF() throws {
        let nonchars = [0xFFFF, 0xFDD0, 0x10FFFF].map { String(Character(Unicode.Scalar($0)!)) }
        let dir = try folder(project: Self.project, roster: "id,name\ns1,\"Ana\u{1B}[31m\"\ns2,Ben\(nonchars[0])\(nonchars[1])\ns3,Cy\(nonchars[2])\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = try run(["checklists", "p.yaml", "-o", "c.html"], in: dir)
        XCTAssertEqual(html.status, 0, html.stderr)
        let text = try String(contentsOf: dir.appendingPathComponent("c.html"), encoding: .utf8)
        XCTAssertFalse(text.unicodeScalars.contains { $0.value < 0x20 && !["\n", "\t", "\r"].contains($0) }, "no ESC in HTML")
        let csv = try run(["schedule", "p.yaml", "--student", "s1", "--format", "csv"], in: dir)
        XCTAssertFalse(csv.stdout.unicodeScalars.contains { $0.value < 0x20 && !["\n", "\r"].contains($0) })
        let pdf = try run(["render", "p.yaml", "-o", "out"], in: dir)
        XCTAssertEqual(pdf.status, 0, "a noncharacter in one name does not stop the class's PDFs: \(pdf.stderr)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/checklists.pdf").path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/index.html").path))
    }

    func testFormulasBehindWhiteSpaceAndFullwidthSignsAreNeutralised() throws {
        let names = ["\u{20}=1+1", "\u{A0}=1+1", "\u{3000}=1+1", "\u{FEFF}=1+1", "\u{200B}=1+1", "\u{FF1D}1+1", "\n=1+1", "@SUM(A1)"]
        let roster = "id,name\n" + names.enumerated().map { "s\($0.offset),\"\($0.element)\"" }.joined(separator: "\n") + "\n"
        let dir = try folder(project: Self.project, roster: roster)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (index, _) in names.enumerated() {
            let csv = try run(["schedule", "p.yaml", "--student", "s\(index)", "--format", "csv"], in: dir)
            XCTAssertEqual(csv.status, 0, csv.stderr)
            let path = try Peers.write(csv.stdout, "s\(index).csv", in: dir)
            for row in try Peers.csvRows(path).dropFirst() {
                for cell in row {
                    let visible = cell.unicodeScalars.drop { $0.properties.isWhitespace || $0.properties.generalCategory == .format }
                    XCTAssertFalse(["=", "+", "@", "\u{FF1D}"].contains(visible.first ?? " ") && !cell.hasPrefix("'"), "cell \(cell.debugDescription)")
                }
            }
        }
    }

    func testTheOutputOfAFileFullOfMistakesIsBounded() throws {
        let keys = (0..<5000).map { "k\($0): \($0)" }.joined(separator: ", ")
        let dir = try folder(project: "{pbl: 1, id: x, title: X, cycles: [], \(keys)}\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let human = try run(["validate", "p.yaml"], in: dir)
        XCTAssertEqual(human.status, 1)
        XCTAssertLessThan(human.stdout.utf8.count, 200_000, "200 findings, each line cut to a window")
        XCTAssertTrue(human.stdout.contains("more findings in this file are not shown"), String(human.stdout.suffix(300)))
        XCTAssertTrue(human.stdout.hasSuffix("1 file: 5000 errors, 2 warnings, 1 note\n"), String(human.stdout.suffix(300)))
        let json = try run(["validate", "--format", "json", "p.yaml"], in: dir)
        XCTAssertEqual((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [Any])?.count, 201)
    }

    func testAMergeOfALargeMappingIsNotQuadratic() throws {
        // 40,000 keys merged: quadratic, this took minutes; the timeout stops a regression.
        let keys = (0..<40_000).map { "  k\($0): \($0)" }.joined(separator: "\n")
        let dir = try folder(project: "base: &b\n\(keys)\nother:\n  <<: *b\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try run(["validate", "p.yaml"], in: dir)
        XCTAssertEqual(run.status, 1, "not a pbl file, but read to the end: \(run.stdout)")
        XCTAssertTrue(run.stdout.contains("not a pbl file"), run.stdout)
    }

    func testSourceDateEpochIsWholeSecondsOrAnError() throws {
        let dir = try folder(project: Self.project, roster: "id,name\ns1,Ana\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        for value in ["inf", "1e300", "nan", "-5", "12.5", "999999999999999"] {
            let run = try run(["schedule", "p.yaml", "--format", "ics"], in: dir, environment: ["SOURCE_DATE_EPOCH": value])
            XCTAssertEqual(run.status, 2, value)
            XCTAssertTrue(run.stderr.contains("SOURCE_DATE_EPOCH must be whole seconds since 1970"), run.stderr)
        }
        let good = try run(["schedule", "p.yaml", "--format", "ics"], in: dir, environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        XCTAssertTrue(good.stdout.contains("DTSTAMP:20231114T221320Z"), good.stdout)
    }

    func testLineSeparatorsDoNotBreakTextLines() throws {
        // Found by scripts/fuzz: U+2028 in a choice's title broke a line of the text checklist.
        let project = Self.project.replacingOccurrences(of: "{id: field, title: In the field}", with: "{id: field, title: \"In the\\u2028field\\ufffe\\ufdd0\"}")
        let dir = try folder(project: project, roster: "id,name\ns1,Ana\u{2029}López\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        for format in ["text", "md"] {
            let run = try run(["checklists", "p.yaml", "--format", format], in: dir)
            XCTAssertEqual(run.status, 0, run.stderr)
            XCTAssertTrue(run.stdout.contains("In the field"), run.stdout)
            XCTAssertFalse(run.stdout.unicodeScalars.contains { $0.value == 0x2028 || $0.value == 0x2029 }, format)
            XCTAssertFalse(run.stdout.unicodeScalars.contains { $0.value == 0xFFFE || $0.value == 0xFDD0 }, "\(format): noncharacters")
        }
    }
}
