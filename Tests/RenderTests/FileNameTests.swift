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

/// Students' file names: one rule, ASCII in every script, unique, short.
final class FileNameTests: XCTestCase {
    func testNamesInEveryScriptBecomeASCIILetters() {
        let expected: [(String, String)] = [
            ("José Martínez", "jose-martinez"),
            ("Søren Ødegaard", "soren-odegaard"),
            ("Jürgen Straße", "jurgen-strasse"),
            ("Łukasz Żółć", "lukasz-zolc"),
            ("Æsa Þórsdóttir", "aesa-thorsdottir"),
            ("Đặng Thị Hương", "dang-thi-huong"),
            ("İlkay Çağlar", "ilkay-caglar"),
            ("Дмитрий Иванов", "dmitrij-ivanov"),
            ("Αλέξανδρος Παππάς", "alexandros-pappas"),
            ("王小明", "wang-xiao-ming"),
            ("김민준", "gimminjun"),
            ("さくら", "sakura"),
            ("محمد علي", "mhmd-ly"),
            ("Ana López 山田", "ana-lopez-shan-tian"),
            ("O'Brien, Zoë \"Z\"", "o-brien-zoe-z"),
            ("Kai", "kai"),
        ]
        for (name, slug) in expected {
            XCTAssertEqual(FileName.slug(name), slug, name)
        }
    }

    func testEveryNameGivesAShortASCIINameAndNothingLeftGivesStudent() {
        let names = ClassSample.names + ["יעל כהן", "Nguyễn Thị Minh Khai", "佐藤 さくら", "ทองดี", "ქეთევან", "Հայկ", "अर्जुन",
                                         String(repeating: "Ødegaard ", count: 20), "ß", "Œ"]
        for name in names {
            let slug = FileName.slug(name)
            XCTAssertFalse(slug.isEmpty, name)
            XCTAssertLessThanOrEqual(slug.count, FileName.nameLimit, name)
            XCTAssertTrue(slug.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }, "\(name): \(slug)")
            XCTAssertFalse(slug.hasPrefix("-") || slug.hasSuffix("-") || slug.contains("--"), "\(name): \(slug)")
        }
        XCTAssertEqual(FileName.slug("ß"), "ss")
        for nothing in ["", "🙂🙂", "  --  ", "\u{200B}", "…"] { XCTAssertEqual(FileName.slug(nothing), "student", nothing) }
    }

    func testAStudentsFileNameIsTheirSafeIDThenTheirName() {
        let plan = ClassSample.plan(names: ["Søren Ødegaard", "José Martínez", "Дмитрий Иванов", "王小明"])
        let students = ClassSample.students(plan)
        let bases = students.map { FileName.base($0.student, in: plan) }
        XCTAssertEqual(Set(bases).count, bases.count, "\(bases)")
        for (entry, base) in zip(students, bases) where !entry.student.isBlank {
            XCTAssertEqual(base, plan.safeName(ofStudent: entry.student.id) + "-" + FileName.slug(entry.student.name))
            XCTAssertTrue(base.allSatisfy(\.isASCII), base)
        }
        XCTAssertTrue(bases.contains { $0.hasSuffix("-soren-odegaard") }, "\(bases)")
        XCTAssertEqual(bases.suffix(2), ["p1-blank-1", "p2-blank-1"])
    }
}
