import XCTest
@testable import Planner
@testable import PlannerCheck
@testable import PlannerDates
@testable import PlannerLoad
@testable import PlannerModel
@testable import PlannerResources
@testable import PlannerSchedule
import YAMLTree

/// Reflections may carry standards too: checked, canonical, counted as addressed, dated.
final class ReflectionStandardsTests: XCTestCase {
    private static let project = """
        pbl: 1
        id: essays
        title: Arguments that hold
        driving_question: What makes an argument convince someone who disagrees?
        product: {title: An op-ed, audience: Readers of the town paper}
        standards: {catalogs: [ccss-ela-6-8], targets: [W.7.1, W.7.2]}
        calendar: {start: 2027-03-01}
        cycles:
          - id: draft
            title: Draft
            days: 3
            milestones:
              - {id: plan, title: Plan, day: 1, standards: [W.7.1], choices: [{id: a, title: A}, {id: b, title: B}]}
              - {id: talk, title: Critique, day: 2, kind: critique}
            reflection:
              - prompt: Which evidence held up best, and why?
                standards: [w.7.2]
        students: [{id: ana, name: Ana López}]

        """

    func testAReflectionsStandardsAreCheckedCanonicalAndAddressTheirTargets() throws {
        let report = try validate(Self.project)
        XCTAssertEqual(report.diagnostics.map(\.message), [], "W.7.2 is addressed by the reflection")
        XCTAssertEqual(report.project?.cycles.first?.reflection.first?.standards.map(\.value), ["W.7.2"], "the catalog's spelling")
        let plan = try XCTUnwrap(Scheduler.schedule(try XCTUnwrap(report.project))).plan
        XCTAssertEqual(plan.sections.first?.items.first { $0.isReflection }?.standards, ["W.7.2"])

        let unknown = try validate(Self.project.replacingOccurrences(of: "[w.7.2]", with: "[W.7.2, SL.7.9]"))
        XCTAssertEqual(unknown.rules().sorted(), ["standard-not-targeted", "unknown-standard"])
        XCTAssertEqual(unknown.having("unknown-standard").first?.range?.start.line, 17)
        let unaddressed = try validate(Self.project.replacingOccurrences(of: "        standards: [w.7.2]\n", with: ""))
        XCTAssertEqual(unaddressed.rules(), ["target-not-addressed"])
    }
}
