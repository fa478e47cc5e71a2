import XCTest
@testable import Planner
@testable import PlannerCheck
@testable import PlannerDates
@testable import PlannerLoad
@testable import PlannerModel
@testable import PlannerResources
@testable import PlannerSchedule

/// One file with twenty different mistakes: all twenty are reported in one run, each at
/// its own line and column.
final class ManyMistakesTests: XCTestCase {
    func testTwentyMistakesAllReported() throws {
        let text = """
            pbl: 1
            id: Creek Study
            title: Is our creek safe?
            grade: 14
            subject: [science]
            standards: {catalogs: [ngss-ms, ngss-high], targets: [MS-ESS3-33, MS-LS2-1]}
            calendar:
              start: 2027-02-29
              meets: [mon, wensday]
              no_school: [2027-03-19..2027-03-15]
            policy: {max_cycle_days: 6, rules: {no-such-rule: off}}
            cycles:
              - id: explore
                title: Explore
                days: 12
                milestones:
                  - {id: plan, title: Sampling plan, day: 2, after: [data]}
                  - {id: data, title: First data, day: 3, after: [plan]}
                  - {id: plan, title: Second plan, day: 4}
                  - {id: late, title: Late, day: 14, kind: critque}
                  - {id: early, title: Early, day: 1, after: [late], optional: maybe}
                  - {title: No id, day: 2}
            groups:
              - {id: otters}
            students:
              - {id: s01, name: Ana, group: herons}
            """
        let report = try validate(text)
        let found = report.diagnostics.map { "\($0.range!.start.line):\($0.range!.start.column) \($0.rule!)" }
        let expected = [
            "2:5 malformed-value",           // id with a space
            "3:8 no-critique-or-revision",   // the critique's kind is misspelt
            "3:8 no-driving-question",
            "3:8 no-public-product",
            "3:8 no-student-choice",
            "4:8 malformed-value",           // grade 14
            "5:1 unknown-key",               // subject -> subjects
            "6:33 catalog-not-found",        // ngss-high
            "6:55 target-not-addressed",     // MS-ESS3-33: codes are not checked while a catalog is missing
            "6:67 target-not-addressed",     // MS-LS2-1
            "8:10 malformed-value",          // 2027-02-29 does not exist
            "9:16 malformed-value",          // wensday
            "10:15 reversed-range",
            "11:37 unknown-key",             // no-such-rule in policy.rules
            "13:9 missing-reflection",
            "15:11 cycle-too-long",
            "17:58 dependency-cycle",        // plan -> data -> plan
            "19:14 duplicate-id",            // plan again
            "20:38 day-outside-cycle",       // day 14 of 12
            "20:48 malformed-value",         // critque
            "21:51 after-not-earlier",       // early after late
            "21:68 wrong-type",              // optional: maybe
            "22:9 missing-field",            // no id
            "26:33 dangling-reference",      // herons
        ]
        XCTAssertEqual(found, expected)
        XCTAssertGreaterThanOrEqual(Set(report.rules()).count, 17)
        XCTAssertGreaterThanOrEqual(found.count, 20)
    }
}
