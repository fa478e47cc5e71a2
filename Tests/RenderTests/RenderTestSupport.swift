import Foundation
@testable import Planner

/// A small dated plan with the awkward cases in it, built by hand so renderer tests do not
/// depend on the calendar code.
enum SamplePlan {
    static func date(_ text: String) -> CivilDate { CivilDate(iso: text)! }
}
