import Foundation
import PlannerModel
import PlannerDates

/// Student file names, one rule for every command that writes them (`pbl checklists -o
/// FOLDER/`, `pbl render`): `<id>-<name>.<ext>`, both parts lowercase ASCII letters and digits
/// between single hyphens. The id part is the plan's safe spelling (`DatedPlan.safeName`:
/// unique and at most 40 characters plus a short hash); the name part is `slug(name)`.
///
/// Names are transliterated to ASCII in every script, so a folder of checklists sorts and
/// reads the same on every system, survives a zip file or a USB stick, and still says whose is
/// whose: `José Martínez` → `jose-martinez`, `Søren Ødegaard` → `soren-odegaard`, `Дмитрий` →
/// `dmitrij`, `王小明` → `wang-xiao-ming`.
public enum FileName {
    /// The most characters of a name in a file name.
    public static let nameLimit = 60

    /// A checklist's file name without its extension: `<id>-<name>`; for a blank one
    /// `blank-<n>`, after its section when it has one (`p2-blank-1`).
    public static func base(_ student: StudentPlan, in plan: DatedPlan) -> String {
        guard student.isBlank else { return "\(plan.safeName(ofStudent: student.id))-\(slug(student.name))" }
        return (student.section.map { slug($0) + "-" } ?? "") + student.id
    }

    /// A name (or a section id) as the ASCII part of a file name: transliterated to Latin
    /// letters (ICU's `Any-Latin; Latin-ASCII`: `ø` → `o`, `ß` → `ss`, Cyrillic, Greek, Arabic,
    /// Hebrew, CJK and the rest by their Latin spelling), lowercase, every run of anything else
    /// one hyphen, at most `nameLimit` characters; `student` when nothing is left (an emoji).
    public static func slug(_ name: String) -> String {
        Slug.of(asciiLetters(name), limit: .characters(nameLimit)) ?? "student"
    }

    /// ICU's transliteration to ASCII (names already in ASCII are left as they are). Should a
    /// Foundation lack it, letters are decomposed and their marks dropped.
    static func asciiLetters(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        if let latin = text.applyingTransform(toASCII, reverse: false) { return latin }
        return text.decomposedStringWithCompatibilityMapping
    }

    private static let toASCII = StringTransform("Any-Latin; Latin-ASCII")
}
