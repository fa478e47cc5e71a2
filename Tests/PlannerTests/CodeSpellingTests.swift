import Foundation
import XCTest
@testable import Planner
@testable import PlannerCheck
@testable import PlannerDates
@testable import PlannerLoad
@testable import PlannerModel
@testable import PlannerResources
@testable import PlannerSchedule

/// Codes as teachers type them: the 2010 short math forms, dotted and spaced NGSS codes, the
/// slots the CCSS leave empty, and codes of a catalog the project does not list. Each error is
/// checked at its line and column, and its help, applied as written, makes the file valid.
final class CodeSpellingTests: XCTestCase {
    /// A clean project but for its codes: `targets` on line 6, `milestone` codes on line 12.
    private func project(catalogs: String, targets: String, milestone: String) -> String {
        """
        pbl: 1
        id: creek
        title: Is our creek safe?
        driving_question: How can we find out whether Mill Creek is safe to swim in?
        product: {title: A water-safety report, audience: The town council}
        standards: {catalogs: [\(catalogs)], targets: [\(targets)]}
        calendar: {start: 2027-03-01}
        cycles:
          - id: explore
            title: Explore
            days: 5
            milestones:
              - {id: plan, title: Sampling plan, day: 2, standards: [\(milestone)]}
            reflection:
              - prompt: What did you notice first?
          - id: share
            title: Share what we found
            days: 5
            milestones:
              - id: format-choice
                title: Choose how to present
                day: 1
                choices:
                  - {id: poster, title: A poster}
                  - {id: talk, title: A short talk}
              - {id: gallery-walk, title: Gallery walk on drafts, day: 3, kind: critique}
            reflection:
              - prompt: What would you do differently next time?
        students:
          - {id: s01, name: Ana López}
        """
    }

    private func project(catalogs: String, codes: String) -> String {
        project(catalogs: catalogs, targets: codes, milestone: codes)
    }

    /// A catalog file for a template root made in the test (the high-school catalogs are
    /// written elsewhere; these stand in for them).
    private func catalog(_ id: String, grade: String, _ codes: [String]) -> String {
        "catalog: \(id)\ntitle: \(id) (test)\nstandards:\n"
            + codes.map { "  - {code: \($0), grade: \(grade), subject: test, text: A summary of \($0).}\n" }.joined()
    }

    /// Line and column (1-based) of the `occurrence`-th `code` in `text`, as a diagnostic gives them.
    private func position(of code: String, in text: String, occurrence: Int = 1) -> (line: Int, column: Int) {
        var seen = 0
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let found = rest.range(of: code) {
                // A whole code in a flow list, not part of a longer one.
                let after = found.upperBound < line.endIndex ? line[found.upperBound] : ","
                let before = found.lowerBound > line.startIndex ? line[line.index(before: found.lowerBound)] : " "
                if (after == "," || after == "]") && (before == " " || before == "[") {
                    seen += 1
                    if seen == occurrence { return (number + 1, line.distance(from: line.startIndex, to: found.lowerBound) + 1) }
                }
                rest = line[found.upperBound...]
            }
        }
        XCTFail("`\(code)` is not in the text")
        return (0, 0)
    }

    /// The project has exactly these errors, at the code's place in targets and milestone.
    private func assertErrors(_ report: FileReport, code: String, in text: String, message: String, help: String,
                              file: StaticString = #filePath, line: UInt = #line) {
        let places = [position(of: code, in: text, occurrence: 1), position(of: code, in: text, occurrence: 2)]
        XCTAssertEqual(report.diagnostics.map { "\($0.rule ?? "") \($0.range!.start.line):\($0.range!.start.column)" },
                       places.map { "unknown-standard \($0.line):\($0.column)" }, "\(report.diagnostics.map(\.message))",
                       file: file, line: line)
        for diagnostic in report.diagnostics {
            XCTAssertEqual(diagnostic.severity, .error, file: file, line: line)
            XCTAssertEqual(diagnostic.message, message, file: file, line: line)
            XCTAssertEqual(diagnostic.help, help, file: file, line: line)
        }
    }

    private func assertClean(_ report: FileReport, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(report.diagnostics.map { "\($0.rule ?? ""): \($0.message)" }, [], file: file, line: line)
    }

    /// The codes the project carries after validation, targets then milestones.
    private func codes(_ report: FileReport) -> [String] {
        (report.project?.standards?.targets.map(\.value) ?? []) + (report.project?.milestones.flatMap { $0.milestone.standards.map(\.value) } ?? [])
    }

    // MARK: spellings that name one standard

    func testShortMathFormsAndDottedNGSSAreAcceptedAndCarriedAsTheCatalogWritesThem() throws {
        let text = project(catalogs: "ngss-ms, ccss-math-6-8", targets: "8.G.7, 7.RP.2a, MS.ESS3.3",
                           milestone: "8.G.B.7, 7.RP.2.a, MS-ESS3 -3")
        let report = try validate(text)
        assertClean(report)
        XCTAssertEqual(codes(report), ["8.G.B.7", "7.RP.A.2a", "MS-ESS3-3", "8.G.B.7", "7.RP.A.2a", "MS-ESS3-3"])
        // Where they were written stays, for any later message.
        XCTAssertEqual(report.project?.standards?.targets.first?.range.start.column, position(of: "8.G.7", in: text).column)
    }

    func testEverySpellingOfTheDocsNamesTheStandard() throws {
        let spellings = ["ms-ess3-3", "MS.ESS3.3", "MS-ESS3.3", "NGSS.MS-ESS3-3", "W.7.1a", "W.7.1.a", "w.7.1A", "CCSS.ELA-Literacy.W.7.1.a",
                         "MP.1", "MP1", "CCSS.Math.Practice.MP1", "6.RP.3a", "CCSS.Math.Content.6.RP.A.3a", "6.rp.a.3.a", "8.EE.7b"]
        let text = project(catalogs: "ngss-ms, ccss-ela-6-8, ccss-math-6-8", codes: spellings.joined(separator: ", "))
        let report = try validate(text)
        assertClean(report)
        XCTAssertEqual(report.project?.standards?.targets.map(\.value),
                       ["MS-ESS3-3", "W.7.1a", "MP.1", "6.RP.A.3a", "8.EE.C.7b"], "each standard once, as the catalog writes it")
    }

    func testHighSchoolMathSpellings() throws {
        let files = ["templates/standards/ccss-math-hs.yaml": catalog("ccss-math-hs", grade: "9-12",
                                                                        ["HSA-SSE.A.1", "HSA-SSE.A.1a", "HSF-IF.C.7", "HSN-Q.A.1"])]
        let text = project(catalogs: "ccss-math-hs", targets: "A-SSE.1, A.SSE.1a, HSA.SSE.A.1, F-IF.7, N-Q.1",
                           milestone: "HSA-SSE.A.1, HSA-SSE.1a, HSF-IF.C.7, CCSS.Math.Content.HSN.Q.A.1")
        let report = try validate(text, files: files)
        assertClean(report)
        XCTAssertEqual(codes(report), ["HSA-SSE.A.1", "HSA-SSE.A.1a", "HSF-IF.C.7", "HSN-Q.A.1",
                                       "HSA-SSE.A.1", "HSA-SSE.A.1a", "HSF-IF.C.7", "HSN-Q.A.1"])
    }

    func testATargetInShortFormIsAddressedByTheMilestoneInFull() throws {
        // One standard, two spellings: neither target-not-addressed nor standard-not-targeted.
        let report = try validate(project(catalogs: "ccss-math-6-8", targets: "7.RP.2", milestone: "7.RP.A.2, 7.RP.2"))
        assertClean(report)
        XCTAssertEqual(codes(report), ["7.RP.A.2", "7.RP.A.2"], "the milestone lists the standard once")
    }

    func testAShortFormTwoCatalogsShortenToIsAnErrorListingBoth() throws {
        let files = ["templates/standards/state-math.yaml": catalog("state-math", grade: "8", ["8.G.A.7", "8.G.A.8"])]
        let text = project(catalogs: "ccss-math-6-8, state-math", codes: "8.G.7")
        let report = try validate(text, files: files)
        assertErrors(report, code: "8.G.7", in: text,
                     message: "`8.G.7` names more than one standard: `8.G.B.7` (ccss-math-6-8), `8.G.A.7` (state-math)",
                     help: "write the code as its catalog does, with its cluster letter: `8.G.B.7` or `8.G.A.7`")
        for choice in ["8.G.B.7", "8.G.A.7"] {
            assertClean(try validate(text.replacingOccurrences(of: "8.G.7", with: choice), files: files))
        }
        // Written in full, each is one standard; the short form of a code neither shortens to is unknown.
        XCTAssertEqual(try validate(project(catalogs: "ccss-math-6-8, state-math", codes: "8.G.9"), files: files).rules(),
                       [], "8.G.9 is only ccss-math-6-8's 8.G.C.9")
    }

    // MARK: slots the CCSS leave empty

    func testReadingLiteratureStandard8IsNotApplicable() throws {
        let text = project(catalogs: "ccss-ela-6-8", codes: "RL.7.8")
        let report = try validate(text)
        assertErrors(report, code: "RL.7.8", in: text,
                     message: "`RL.7.8` is not a standard: the CCSS leave reading literature standard 8 'not applicable'",
                     help: "remove `RL.7.8`; or, for an author's reasons and evidence in an informational text, write `RI.7.8` instead")
        assertClean(try validate(text.replacingOccurrences(of: "RL.7.8", with: "RI.7.8")))
        // However it is written, and whatever the catalogs: the answer does not depend on them.
        let other = project(catalogs: "ngss-ms", codes: "CCSS.ELA-Literacy.RL.9-10.8")
        XCTAssertEqual(try validate(other).diagnostics.first?.message,
                       "`CCSS.ELA-Literacy.RL.9-10.8` is not a standard: the CCSS leave reading literature standard 8 'not applicable'")
    }

    func testNarrativeWritingInOtherSubjectsIsNotApplicable() throws {
        let text = project(catalogs: "ccss-ela-6-8", codes: "WHST.6-8.3")
        let report = try validate(text)
        assertErrors(report, code: "WHST.6-8.3", in: text,
                     message: "`WHST.6-8.3` is not a standard: the CCSS leave writing standard 3 (narratives) for history/social studies, "
                        + "science and technical subjects 'not applicable'",
                     help: "remove `WHST.6-8.3`; or, for accounts of events and procedures (in these subjects the CCSS fold narrative "
                        + "into informative writing), write `WHST.6-8.2` instead")
        assertClean(try validate(text.replacingOccurrences(of: "WHST.6-8.3", with: "WHST.6-8.2")))
    }

    func testAStandardThatBeginsInALaterGrade() throws {
        let message = try validate(project(catalogs: "ccss-ela-6-8", codes: "W.K.9")).diagnostics.first
        XCTAssertEqual(message?.message, "`W.K.9` is not a standard: the CCSS begin writing standard 9 in grade 4 (`W.4.9`)")
        XCTAssertEqual(message?.help, "remove `W.K.9`, or name the standard of this grade the milestone works on")
    }

    // MARK: codes of catalogs the project does not list

    /// The catalog the help names, added to `standards.catalogs` as it says.
    private func applyingCatalogHelp(_ help: String?, to text: String, listed: String) throws -> String {
        let help = try XCTUnwrap(help)
        let match = try XCTUnwrap(help.firstMatch(of: /in catalog `([a-z0-9-]+)`; add it to `standards.catalogs`/), help)
        return text.replacingOccurrences(of: "catalogs: [\(listed)]", with: "catalogs: [\(listed), \(match.1)]")
    }

    func testAHighSchoolCodeInAMiddleSchoolProjectNamesTheHighSchoolCatalog() throws {
        let files = ["templates/standards/ngss-hs.yaml": catalog("ngss-hs", grade: "9-12", ["HS-ETS1-1", "HS-ETS1-2"])]
        let text = project(catalogs: "ngss-ms", codes: "HS-ETS1-1")
        let report = try validate(text, files: files)
        assertErrors(report, code: "HS-ETS1-1", in: text, message: "`HS-ETS1-1` is not in the catalogs (ngss-ms)",
                     help: "`HS-ETS1-1` is in catalog `ngss-hs`; add it to `standards.catalogs`")
        assertClean(try validate(try applyingCatalogHelp(report.diagnostics.first?.help, to: text, listed: "ngss-ms"), files: files))
    }

    func testAnElevenTwelveCodeInANineTenProjectNamesItsCatalog() throws {
        let files = ["templates/standards/ccss-ela-11-12.yaml": catalog("ccss-ela-11-12", grade: "11-12", ["RH.11-12.1", "RH.11-12.2"])]
        let text = project(catalogs: "ccss-ela-9-10", codes: "RH.11-12.1")
        let report = try validate(text, files: files)
        assertErrors(report, code: "RH.11-12.1", in: text, message: "`RH.11-12.1` is not in the catalogs (ccss-ela-9-10)",
                     help: "`RH.11-12.1` is in catalog `ccss-ela-11-12`; add it to `standards.catalogs`")
        assertClean(try validate(try applyingCatalogHelp(report.diagnostics.first?.help, to: text, listed: "ccss-ela-9-10"), files: files))
    }

    func testABuiltInCatalogTheProjectDoesNotListIsNamed() throws {
        let text = project(catalogs: "ccss-ela-6-8", codes: "MS-ETS1-1")
        let report = try validate(text)
        assertErrors(report, code: "MS-ETS1-1", in: text, message: "`MS-ETS1-1` is not in the catalogs (ccss-ela-6-8)",
                     help: "`MS-ETS1-1` is in catalog `ngss-ms`; add it to `standards.catalogs`")
        assertClean(try validate(try applyingCatalogHelp(report.diagnostics.first?.help, to: text, listed: "ccss-ela-6-8")))
    }

    func testAShortFormOfAnotherCatalogNamesTheCatalogAndTheFullCode() throws {
        let text = project(catalogs: "ccss-ela-6-8", codes: "8.G.7")
        let report = try validate(text)
        assertErrors(report, code: "8.G.7", in: text, message: "`8.G.7` is not in the catalogs (ccss-ela-6-8)",
                     help: "`8.G.7` is `8.G.B.7` in catalog `ccss-math-6-8`; add it to `standards.catalogs`")
        assertClean(try validate(try applyingCatalogHelp(report.diagnostics.first?.help, to: text, listed: "ccss-ela-6-8")))
    }

    func testACodeOfAGradeNoCatalogHasIsNotSteeredToAnotherGrade() throws {
        // No catalog anywhere has grade 1 engineering written so; MS-ETS1-1 is the nearest code.
        let text = project(catalogs: "ngss-ms", codes: "1-ETS1-1")
        let report = try validate(text)
        assertErrors(report, code: "1-ETS1-1", in: text, message: "`1-ETS1-1` is not in the catalogs (ngss-ms)",
                     help: "no catalog in the template roots has `1-ETS1-1`; add one that does to `standards.catalogs` "
                        + "(`MS-ETS1-1` is this standard for another grade)")
        // A typo still gets its nearest codes.
        XCTAssertEqual(try validate(project(catalogs: "ngss-ms", codes: "MS-ESS3-33")).diagnostics.first?.help,
                       "did you mean `MS-ESS3-3`, `MS-ESS1-3`, `MS-ESS2-3`?")
    }

    func testTheBuiltInHighSchoolCatalogs() throws {
        // Short and dotted forms against ccss-math-hs, which writes the CCSS dot notation.
        let math = try validate(project(catalogs: "ccss-math-hs", targets: "A-SSE.1, HSA-SSE.A.1a, F.IF.7", milestone: "A.SSE.1, A-SSE.1.a, HSF-IF.C.7"))
        assertClean(math)
        XCTAssertEqual(codes(math), ["HSA.SSE.A.1", "HSA.SSE.A.1a", "HSF.IF.C.7", "HSA.SSE.A.1", "HSA.SSE.A.1a", "HSF.IF.C.7"])
        for (listed, code, catalog) in [("ngss-ms", "HS-ETS1-1", "ngss-hs"), ("ccss-ela-9-10", "RH.11-12.1", "ccss-ela-11-12"),
                                        ("ccss-math-6-8", "A-SSE.1", "ccss-math-hs")] {
            let text = project(catalogs: listed, codes: code)
            let report = try validate(text)
            XCTAssertEqual(report.diagnostics.count, 2, "\(code): \(report.diagnostics.map(\.message))")
            XCTAssertTrue(report.diagnostics.allSatisfy { $0.help?.contains("in catalog `\(catalog)`; add it to `standards.catalogs`") == true },
                          "\(code): \(report.diagnostics.map { $0.help ?? "" })")
            assertClean(try validate(try applyingCatalogHelp(report.diagnostics.first?.help, to: text, listed: listed)))
        }
        let slot = try validate(project(catalogs: "ccss-ela-11-12", codes: "RL.11-12.8"))
        XCTAssertEqual(slot.diagnostics.first?.message,
                       "`RL.11-12.8` is not a standard: the CCSS leave reading literature standard 8 'not applicable'")
    }

    func testASlotAnotherFrameworksCatalogListsAsNotApplicable() throws {
        let files = ["templates/standards/state-ela.yaml": catalog("state-ela", grade: "7", ["ST.7.1", "ST.7.2"])
            .replacingOccurrences(of: "standards:\n", with: "not_applicable: [ST.7.3]\nstandards:\n")]
        let text = project(catalogs: "state-ela", codes: "ST.7.3")
        let report = try validate(text, files: files)
        assertErrors(report, code: "ST.7.3", in: text, message: "`ST.7.3` is not a standard: catalog `state-ela` lists it as 'not applicable'",
                     help: "remove `ST.7.3`, or name the standard the milestone works on")
        assertClean(try validate(text.replacingOccurrences(of: "ST.7.3", with: "ST.7.2"), files: files))
    }
}
