import XCTest
@testable import Planner
@testable import PlannerCheck
@testable import PlannerDates
@testable import PlannerLoad
@testable import PlannerModel
@testable import PlannerResources
@testable import PlannerSchedule
import YAMLTree

/// Values as they arrive from word processors, spreadsheets and habit: each mistake is one
/// finding at its own line, and its help, applied as written, makes the file valid.
final class SlipTests: XCTestCase {
    private static let base = """
        pbl: 1
        id: creek
        title: Is our creek safe?
        driving_question: How can we find out whether Mill Creek is safe to swim in?
        product: {title: A water-safety report, audience: The town council}
        calendar:
          start: 2027-03-01
        cycles:
          - id: explore
            title: Explore
            days: 5
            milestones:
              - {id: plan, title: Sampling plan, day: 1, choices: [{id: lab, title: In the lab}, {id: field, title: In the field}]}
              - {id: walk, title: Gallery walk, day: 3, kind: critique}
            reflection: [{prompt: What did you notice first?}]
        students: [{id: ana, name: Ana López}]

        """

    /// Validates `base` with `old` replaced by `new`, then with the help's fix applied the way
    /// a teacher would: the value the help shows (between the last pair of backticks, after
    /// `key: ` when it names one) in place of the bad one.
    private func check(_ old: String, _ new: String, rule: String, line: Int, column: Int,
                       fixedBy fix: ((String) -> String)? = nil, file: StaticString = #filePath, at: UInt = #line) throws {
        let text = Self.base.replacingOccurrences(of: old, with: new)
        XCTAssertNotEqual(text, Self.base, "the replacement applies", file: file, line: at)
        let report = try validate(text)
        XCTAssertEqual(report.rules(), [rule], report.diagnostics.map(\.message).joined(separator: "; "), file: file, line: at)
        let finding = try XCTUnwrap(report.diagnostics.first, file: file, line: at)
        XCTAssertEqual([finding.range?.start.line, finding.range?.start.column], [line, column], finding.message, file: file, line: at)
        let help = try XCTUnwrap(finding.help, file: file, line: at)
        let shown = help.split(separator: "`", omittingEmptySubsequences: false).dropLast().last.map(String.init) ?? ""
        let fixedText = fix?(help) ?? text.replacingOccurrences(of: new, with: new.prefix { $0 != ":" } == new ? shown
            : String(new.prefix { $0 != ":" }) + ": " + (shown.contains(": ") ? String(shown.split(separator: ":", maxSplits: 1)[1].dropFirst()) : shown))
        let fixed = try validate(fixedText)
        XCTAssertEqual(fixed.diagnostics.map(\.message), [], "help `\(help)` fixes it", file: file, line: at)
    }

    func testDatesAsPeopleWriteThemGetTheISODateTheyMeant() throws {
        try check("start: 2027-03-01", "start: 01.03.2027", rule: "malformed-value", line: 7, column: 10)
        try check("start: 2027-03-01", "start: 2027-3-1", rule: "malformed-value", line: 7, column: 10)
        try check("start: 2027-03-01", "start: April 22, 2027", rule: "malformed-value", line: 7, column: 10)
        try check("start: 2027-03-01", "start: Thursday, 22 Apr 2027", rule: "malformed-value", line: 7, column: 10)
        try check("start: 2027-03-01", "start: 3/1/2027", rule: "malformed-value", line: 7, column: 10)
        let report = try validate(Self.base.replacingOccurrences(of: "start: 2027-03-01", with: "start: 01.03.2027"))
        XCTAssertEqual(report.diagnostics.first?.help, "write dates as YYYY-MM-DD: `2027-03-01`", "dotted dates are day first")
    }

    func testDatesInsideNoSchoolRanges() throws {
        let text = Self.base.replacingOccurrences(of: "start: 2027-03-01", with: "start: 2027-03-01\n  no_school: [2027-3-15..2027-3-19, 2027-03-26 - 2027-03-29]")
        let report = try validate(text)
        XCTAssertEqual(report.diagnostics.map(\.help), ["write dates as YYYY-MM-DD, a range with `..`: `2027-03-15..2027-03-19`",
                                                        "write dates as YYYY-MM-DD, a range with `..`: `2027-03-26..2027-03-29`"])
        XCTAssertEqual(report.diagnostics.map { $0.range?.start.column }, [15, 37])
        let fixed = text.replacingOccurrences(of: "2027-3-15..2027-3-19", with: "2027-03-15..2027-03-19")
            .replacingOccurrences(of: "2027-03-26 - 2027-03-29", with: "2027-03-26..2027-03-29")
        XCTAssertEqual(try validate(fixed).diagnostics.map(\.message), [])
    }

    func testWeekdayAbbreviationsOfTimetablesAreRead() throws {
        for spelling in ["[M, T, W, Th, F]", "[M, T, W, R, F]", "[Mon, Tues, Weds, Thurs, Fri]", "[Monday, tuesday, WED, thu, fr]"] {
            let report = try validate(Self.base.replacingOccurrences(of: "start: 2027-03-01", with: "start: 2027-03-01\n  meets: \(spelling)"))
            XCTAssertEqual(report.diagnostics.map(\.message), [], spelling)
            XCTAssertEqual(report.project?.calendar?.meets.map(\.value), [.mon, .tue, .wed, .thu, .fri], spelling)
        }
        let ambiguous = try validate(Self.base.replacingOccurrences(of: "start: 2027-03-01", with: "start: 2027-03-01\n  meets: [S]"))
        XCTAssertEqual(ambiguous.rules(), ["malformed-value"], "S could be Saturday or Sunday")
    }

    func testQuotedNumbersAreReadWithANote() throws {
        let report = try validate(Self.base.replacingOccurrences(of: "days: 5", with: "days: \"5\""))
        XCTAssertEqual(report.rules(), ["quoted-number"])
        XCTAssertEqual(report.diagnostics.first?.severity, .note)
        XCTAssertEqual(report.diagnostics.first?.help, "write it without quotes: `days: 5`")
        XCTAssertEqual(report.project?.cycles.first?.days?.value, 5)
        XCTAssertEqual([report.diagnostics.first?.range?.start.line, report.diagnostics.first?.range?.start.column], [11, 11])
    }

    func testAZeroDayCycleIsOneErrorNotACascade() throws {
        let report = try validate(Self.base.replacingOccurrences(of: "days: 5", with: "days: 0"))
        XCTAssertEqual(report.rules(), ["malformed-value"], report.diagnostics.map(\.message).joined(separator: "; "))
    }

    func testAnExhibitionBeforeTheStartSaysSo() throws {
        let report = try validate(Self.base.replacingOccurrences(of: "start: 2027-03-01", with: "start: 2027-03-01\n  exhibition: 2027-02-12"))
        XCTAssertEqual(report.diagnostics.map(\.message), ["the exhibition (2027-02-12) is before the start (2027-03-01)"])
        XCTAssertEqual(report.diagnostics.first?.range?.start.line, 8)
    }

    func testAnUnquotedHashCutsTheValueAndTheHelpQuotesIt() throws {
        let text = Self.base.replacingOccurrences(of: "title: Is our creek safe?", with: "title: Scale floor plan #1 (draft)")
        let report = try validate(text)
        XCTAssertEqual(report.diagnostics.map(\.message), ["`#1 (draft)` starts a YAML comment, so `title` is only `Scale floor plan`"])
        XCTAssertEqual(report.diagnostics.first?.help, "quote the value to keep it whole: `title: \"Scale floor plan #1 (draft)\"`")
        XCTAssertEqual([report.diagnostics.first?.range?.start.line, report.diagnostics.first?.range?.start.column], [3, 8])
        let fixed = try validate(text.replacingOccurrences(of: "title: Scale floor plan #1 (draft)", with: "title: \"Scale floor plan #1 (draft)\""))
        XCTAssertEqual(fixed.diagnostics.map(\.message), [])
        XCTAssertEqual(fixed.project?.title?.value, "Scale floor plan #1 (draft)")
        let comment = try validate(Self.base.replacingOccurrences(of: "title: Is our creek safe?", with: "title: Is our creek safe?  # a comment"))
        XCTAssertEqual(comment.diagnostics.map(\.message), [], "a comment with a space after `#` is a comment")
    }

    func testNonBreakingSpacesAndCurlyQuotesAreNamed() throws {
        let afterColon = try validate(Self.base.replacingOccurrences(of: "title: Is", with: "title:\u{A0}Is"))
        XCTAssertEqual(afterColon.diagnostics.map(\.message), ["a non-breaking space (U+00A0) where YAML needs an ordinary space"])
        XCTAssertEqual([afterColon.diagnostics.first?.range?.start.line, afterColon.diagnostics.first?.range?.start.column], [3, 7],
                       "at the space itself, not at the next line where libyaml trips")
        XCTAssertEqual(afterColon.diagnostics.first?.help, "replace it with an ordinary space: `title: Is our creek safe?`")

        let nested = try validate(Self.base.replacingOccurrences(of: "  start: 2027-03-01", with: "  start:\u{A0}2027-03-01"))
        XCTAssertEqual(nested.rules(), ["wrong-type"])
        XCTAssertTrue(nested.diagnostics.first?.message.contains("non-breaking space (U+00A0)") ?? false)
        XCTAssertEqual(nested.diagnostics.first?.range?.start.line, 7)

        let inDate = try validate(Self.base.replacingOccurrences(of: "start: 2027-03-01", with: "start: 2027-03-01\n  exhibition: \"2027-04-30\u{A0}\""))
        XCTAssertEqual(inDate.diagnostics.first?.help, "replace it with an ordinary space (or remove it): `exhibition: 2027-04-30`")

        try check("start: 2027-03-01", "start: \u{201C}2027-03-01\u{201D}", rule: "malformed-value", line: 7, column: 10)
        let curly = try validate(Self.base.replacingOccurrences(of: "start: 2027-03-01", with: "start: \u{201C}2027-03-01\u{201D}"))
        XCTAssertEqual(curly.diagnostics.first?.message, "`\u{201C}2027-03-01\u{201D}` is in curly quotes (“ ”), which YAML keeps as part of the value")
    }
}
