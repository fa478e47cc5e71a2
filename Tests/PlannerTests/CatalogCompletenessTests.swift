import Foundation
import XCTest
@testable import Planner
@testable import PlannerCheck
@testable import PlannerDates
@testable import PlannerLoad
@testable import PlannerModel
@testable import PlannerResources
@testable import PlannerSchedule

/// The built-in catalogs hold exactly the official codes for their grades: no standard
/// missing, none invented, each spelled as the framework spells it and at its grade, and
/// CCSS's "not applicable" slots listed as such. The official lists (codes and grades only)
/// live beside the repository, in `../shared/data/standards`; on CI their absence is a failure.
final class CatalogCompletenessTests: XCTestCase {
    /// Which official rows each built-in catalog covers.
    enum Framework { case ela, math, ngss }
    static let expected: [(catalog: String, framework: Framework, grades: ClosedRange<Int>, count: Int)] = [
        ("ccss-ela-6-8", .ela, 6...8, 273),
        ("ccss-ela-9-10", .ela, 9...10, 115),
        ("ccss-ela-11-12", .ela, 11...12, 113),
        ("ccss-math-3-5", .math, 3...5, 122),
        ("ccss-math-6-8", .math, 6...8, 134),
        ("ccss-math-hs", .math, 9...12, 200),
        ("ngss-ms", .ngss, 6...8, 59),
        ("ngss-hs", .ngss, 9...12, 71),
    ]

    func testEveryBuiltInCatalogHoldsExactlyTheOfficialCodes() throws {
        let official = try Self.officialLists()
        let store = CatalogStore(roots: TemplateRoots())
        for (id, framework, grades, count) in Self.expected {
            guard case .loaded(let catalog) = store.catalog(named: id, relativeTo: ".") else {
                XCTFail("\(id) is not a built-in catalog")
                continue
            }
            let wanted = official.codes(framework, grades)
            let codes = catalog.standards.compactMap(\.code?.value)
            XCTAssertEqual(codes.count, Set(codes).count, "\(id): a code listed twice")
            XCTAssertEqual(codes.count, count, "\(id): standards")
            XCTAssertEqual(wanted.count, count, "\(id): official codes")
            XCTAssertEqual(Set(codes).subtracting(wanted.keys).sorted(), [], "\(id): not in the official list")
            XCTAssertEqual(Set(wanted.keys).subtracting(codes).sorted(), [], "\(id): missing")
            for standard in catalog.standards {
                guard let code = standard.code?.value, let grade = wanted[code] else { continue }
                // The practices span every grade; a catalog gives them its own band.
                let own = grade ?? Self.band(grades.lowerBound, grades.upperBound)
                XCTAssertEqual(standard.grade?.value, own, "\(id): grade of \(code)")
                if let parent = Self.impliedParent(code) {
                    XCTAssertEqual(standard.parent?.value, parent, "\(id): parent of \(code)")
                }
            }
            let slots = official.notApplicable(framework, grades)
            XCTAssertEqual(catalog.notApplicable.map(\.value).sorted(), slots.sorted(), "\(id): not-applicable slots")
        }
    }

    /// Marks that can be checked without the statements: whole groups the standards mark at
    /// their heading, and sub-standards carrying their parent's marks.
    func testHighSchoolMathMarks() throws {
        guard case .loaded(let catalog) = CatalogStore(roots: TemplateRoots()).catalog(named: "ccss-math-hs", relativeTo: ".") else {
            return XCTFail("ccss-math-hs")
        }
        var marks: [String: (plus: Bool, modeling: Bool)] = [:]
        for standard in catalog.standards {
            guard let code = standard.code?.value else { continue }
            marks[code] = (standard.plus?.value ?? false, standard.modeling?.value ?? false)
        }
        for (code, mark) in marks {
            for group in ["HSN.Q.", "HSA.CED.", "HSF.LE.", "HSG.MG.", "HSS."] where code.hasPrefix(group) {
                XCTAssertTrue(mark.modeling, "\(code) is a modeling standard")
            }
            for group in ["HSN.VM.", "HSS.MD."] where code.hasPrefix(group) {
                XCTAssertTrue(mark.plus, "\(code) is a (+) standard")
            }
            if code.hasPrefix("HSG.CO.") || code.hasPrefix("MP.") { XCTAssertFalse(mark.plus || mark.modeling, code) }
            if let parent = Self.impliedParent(code), let inherited = marks[parent] {
                XCTAssertTrue(!inherited.plus || mark.plus, "\(code) carries its parent's (+)")
                XCTAssertTrue(!inherited.modeling || mark.modeling, "\(code) carries its parent's star")
            }
        }
        for code in ["HSA.REI.D.11", "HSF.IF.B.4", "HSF.TF.B.5", "HSF.TF.B.7", "HSG.SRT.C.8", "HSG.GPE.B.7", "HSG.GMD.A.3"] {
            XCTAssertEqual(marks[code]?.modeling, true, code)
        }
        for code in ["HSN.CN.A.3", "HSA.APR.C.5", "HSA.REI.C.9", "HSF.IF.C.7d", "HSF.BF.A.1c", "HSF.TF.C.9", "HSG.C.A.4", "HSS.CP.B.9"] {
            XCTAssertEqual(marks[code]?.plus, true, code)
        }
        XCTAssertEqual(marks.values.filter(\.plus).count, 55)
        XCTAssertEqual(marks.values.filter(\.modeling).count, 82)
    }

    static func band(_ low: Int, _ high: Int) -> Grade {
        var grade = Grade(level: low)
        grade.high = high
        return grade
    }

    static func impliedParent(_ code: String) -> String? {
        guard let last = code.last, last.isLowercase, code.dropLast().last?.isNumber == true else { return nil }
        return String(code.dropLast())
    }

    // MARK: - The official lists

    struct OfficialLists {
        /// (code as a catalog spells it, or the not-applicable slot's code; grade levels; is a slot)
        var ela: [(code: String, grades: [Int], slot: Bool)] = []
        var math: [(code: String, grades: [Int])] = []
        var ngss: [String] = []

        /// Official codes for these grades, with the grade a catalog should give each (nil
        /// for the practices, which span every grade).
        func codes(_ framework: Framework, _ grades: ClosedRange<Int>) -> [String: Grade?] {
            var result: [String: Grade?] = [:]
            switch framework {
            case .ela:
                for row in ela where !row.slot && row.grades.contains(where: grades.contains) {
                    result[row.code] = OfficialLists.grade(row.grades)
                }
            case .math:
                for row in math where row.grades.contains(where: grades.contains) {
                    result[row.code] = row.code.hasPrefix("MP.") ? .some(nil) : OfficialLists.grade(row.grades)
                }
            case .ngss:
                let prefix = grades.lowerBound >= 9 ? "HS-" : "MS-"
                for code in ngss where code.hasPrefix(prefix) {
                    result[code] = CatalogCompletenessTests.band(grades.lowerBound, grades.upperBound)
                }
            }
            return result
        }

        func notApplicable(_ framework: Framework, _ grades: ClosedRange<Int>) -> [String] {
            guard framework == .ela else { return [] }
            return ela.filter { $0.slot && $0.grades.contains(where: grades.contains) }.map(\.code)
        }

        static func grade(_ levels: [Int]) -> Grade { CatalogCompletenessTests.band(levels.min() ?? 0, levels.max() ?? 0) }
    }

    static func officialLists() throws -> OfficialLists {
        // The one locator of the shared lists: it skips on a developer's machine, fails under CI.
        let folder = try sharedStandardsFolder()
        var lists = OfficialLists()
        for row in try rows(folder.appendingPathComponent("ccss-ela-literacy-codes.csv"), header: "code,grades,ref_uri") {
            let (code, grades, uri) = (row[0], levels(row[1]), row[2])
            if code.isEmpty {
                // A "not applicable" slot: its code is only in the URI (…/ELA-Literacy/RL/11-12/8/).
                let parts = uri.split(separator: "/").map(String.init)
                guard let at = parts.firstIndex(of: "ELA-Literacy"), parts.count >= at + 4 else {
                    throw NSError(domain: "official", code: 1, userInfo: [NSLocalizedDescriptionKey: "unreadable slot \(uri)"])
                }
                lists.ela.append((parts[(at + 1)...].joined(separator: "."), grades, true))
            } else if !code.hasPrefix("CCSS.ELA-Literacy.CCRA.") {
                // College and career readiness anchors are not grade standards.
                lists.ela.append((try strip(code, "CCSS.ELA-Literacy."), grades, false))
            }
        }
        for row in try rows(folder.appendingPathComponent("ccss-math-codes.csv"), header: "code,grades,ref_uri") {
            lists.math.append((try mathCode(row[0]), levels(row[1])))
        }
        for row in try rows(folder.appendingPathComponent("ngss-pe-codes.csv"), header: "code") {
            lists.ngss.append(row[0])
        }
        return lists
    }

    /// `CCSS.Math.Content.HSA-SSE.A.1a` -> `HSA.SSE.A.1a`, `CCSS.Math.Practice.MP1` -> `MP.1`,
    /// `CCSS.Math.Content.6.RP.A.3a` -> `6.RP.A.3a`.
    static func mathCode(_ official: String) throws -> String {
        if official.hasPrefix("CCSS.Math.Practice.MP") {
            return "MP." + official.dropFirst("CCSS.Math.Practice.MP".count)
        }
        var code = try strip(official, "CCSS.Math.Content.")
        // The export writes a high-school category and its domain with a hyphen.
        if code.hasPrefix("HS"), code.count > 3, code[code.index(code.startIndex, offsetBy: 3)] == "-" {
            code.replaceSubrange(code.index(code.startIndex, offsetBy: 3)...code.index(code.startIndex, offsetBy: 3), with: ".")
        }
        return code
    }

    static func strip(_ code: String, _ prefix: String) throws -> String {
        guard code.hasPrefix(prefix) else {
            throw NSError(domain: "official", code: 2, userInfo: [NSLocalizedDescriptionKey: "`\(code)` lacks \(prefix)"])
        }
        return String(code.dropFirst(prefix.count))
    }

    /// `K 01 02`, `09 10`, `11-12` -> grade levels (0 is kindergarten).
    static func levels(_ text: String) -> [Int] {
        text.split(separator: " ").flatMap { token -> [Int] in
            let ends = token.split(separator: "-").map { $0 == "K" ? 0 : Int($0) ?? -1 }
            guard let low = ends.first, let high = ends.last, low >= 0, low <= high else { return [-1] }
            return Array(low...high)
        }
    }

    /// The files are plain: no quoted fields, LF or CRLF line ends.
    static func rows(_ file: URL, header: String) throws -> [[String]] {
        let text = try String(contentsOf: file, encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline).map { String($0).trimmingCharacters(in: .whitespaces) }
        guard lines.first == header else {
            throw NSError(domain: "official", code: 3, userInfo: [NSLocalizedDescriptionKey: "\(file.lastPathComponent): header is not \(header)"])
        }
        lines.removeFirst()
        let width = header.split(separator: ",").count
        return try lines.filter { !$0.isEmpty }.map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == width else {
                throw NSError(domain: "official", code: 4, userInfo: [NSLocalizedDescriptionKey: "\(file.lastPathComponent): `\(line)`"])
            }
            return fields
        }
    }
}
