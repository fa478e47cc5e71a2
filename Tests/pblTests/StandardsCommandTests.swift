import Foundation
import XCTest

/// `pbl standards`: what teachers ask of the catalogs.
final class StandardsCommandTests: XCTestCase {
    func testSearchRatioFindsTheRatioStandardsFirst() throws {
        let run = try CLI.run(["standards", "search", "ratio"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let codes = run.stdout.split(separator: "\n").map { String($0.split(separator: " ")[0]) }
        XCTAssertGreaterThanOrEqual(codes.count, 6)
        XCTAssertTrue(codes.prefix(6).allSatisfy { $0.hasPrefix("6.RP") || $0.hasPrefix("7.RP") }, "\(codes)")
        XCTAssertTrue(codes.contains("7.RP.A.3"))
        XCTAssertFalse(codes.contains { $0.hasPrefix("7.NS") }, "\"rational\" is not \"ratio\"")
    }

    func testListFiltersAndFormats() throws {
        let ngss = try CLI.run(["standards", "list", "--catalog", "ngss-ms"])
        XCTAssertEqual(ngss.stdout.split(separator: "\n").count, 59)
        let grade7 = try CLI.run(["standards", "list", "--catalog", "ccss-math-6-8", "--grade", "7", "--format", "json"])
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(grade7.stdout.utf8)) as? [[String: Any]])
        XCTAssertTrue(rows.allSatisfy { ($0["grade"] as? String) == "7" || ($0["grade"] as? String) == "6-8" }, "\(rows.prefix(3))")
        XCTAssertTrue(rows.contains { $0["code"] as? String == "7.RP.A.2a" })
        let csv = try CLI.run(["standards", "list", "--catalog", "ngss-ms", "--format", "csv"])
        XCTAssertTrue(csv.stdout.hasPrefix("code,catalog,grade,subject,text\r\nMS-"))
        XCTAssertEqual(try CLI.run(["standards", "list", "--catalog", "nope"]).status, 2)
    }

    func testShowFindsACodeHoweverWrittenAndWhereItIsAddressed() throws {
        let run = try CLI.run(["standards", "show", "CCSS.ELA-Literacy.W.7.1", "examples"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.hasPrefix("W.7.1  (ccss-ela-6-8)\n"), run.stdout)
        XCTAssertTrue(run.stdout.contains("examples/mill-creek/mill-creek.yaml:"), run.stdout)
        XCTAssertTrue(run.stdout.contains("claim-draft Draft claim, evidence and reasoning"), run.stdout)
        let missing = try CLI.run(["standards", "show", "MS-ESS3-33"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("MS-ESS3-3"), missing.stderr)
    }

    func testCoverageOfAProject() throws {
        let clean = try CLI.run(["standards", "coverage", "examples/op-ed-workshop/op-ed-workshop.yaml"])
        XCTAssertEqual(clean.status, 0)
        XCTAssertTrue(clean.stdout.hasSuffix("4 of 4 targets addressed\n"), clean.stdout)
        let missed = try CLI.run(["standards", "coverage", "examples/broken/target-not-addressed/project.yaml"])
        XCTAssertEqual(missed.status, 1)
        XCTAssertTrue(missed.stdout.contains("W.7.1: MISSED"), missed.stdout)
    }
}
