import Foundation
import Mustache
import PlannerModel
import PlannerDates

/// A student's record with their own texts (id, name, group, section, extra days, goals) stood
/// in for by markers: one private-use character per text, `U+E000 + n` for the n-th. Students
/// whose records differ only in those texts have one shape, which a piece is rendered with
/// once; the markers in the output are then replaced by each student's texts, escaped as the
/// template's kind escapes them (`MarkedContentType` tells escaped markers from raw ones).
///
/// Without transforms, what swift-mustache does with a text does not depend on its characters:
/// it prints it (escaped or not), or renders a section once with it on the stack. A transform
/// of a text, or the goals printed as a whole list, could not be shown with markers:
/// `StudentText` and `StudentTexts` report them, and the class is then rendered whole.
struct StudentShape: Hashable {
    /// Which of the student's single texts (`singleTexts`' order) the student has.
    var hasText: [Bool]
    var goalCount: Int
    var blank: Bool
    /// The student's section among `ChecklistSources.sections` (its no-school days).
    var section: Int

    /// Markers stand for texts 0..<`limit`; an escaped marker is `U+E000 + limit + n`.
    static let limit = 0x400
    /// Where a list section's rendering goes in a piece's output (see `ListPlaceholder`).
    static let listMarker = "\u{E800}"

    static func marker(_ slot: Int) -> String { String(Unicode.Scalar(UInt32(0xE000 + slot))!) }

    /// The student's texts that stand alone: id, name, group, section, extra days (printed as
    /// swift-mustache prints a number).
    static func singleTexts(_ student: StudentPlan, section: SectionPlan) -> [String?] {
        [student.id, student.name, student.groupTitle ?? student.group, student.section ?? section.id,
         student.extraDays > 0 ? String(describing: student.extraDays) : nil]
    }

    /// The shape of one student, and the texts its markers stand for, in marker order.
    static func of(_ student: StudentPlan, sectionIndex: Int, section: SectionPlan) -> (shape: StudentShape, texts: [String]) {
        let single = singleTexts(student, section: section)
        let shape = StudentShape(hasText: single.map { $0 != nil }, goalCount: student.goals.count, blank: student.isBlank,
                                 section: sectionIndex)
        return (shape, single.compactMap { $0 } + student.goals)
    }

    /// The record for the shape, in `RecordKind.student`'s order, with markers where the texts
    /// were. `cycles` is answered by the rendering (`Observed`).
    func record(_ plan: DatedPlan, noSchool: [NoSchoolDays]) -> TemplateRecord {
        var next = 0
        func text() -> StudentText {
            defer { next += 1 }
            return StudentText(marker: Self.marker(next))
        }
        let single: [Any] = hasText.map { $0 ? text() as Any : Absent.value }
        let goals = StudentTexts(texts: (0..<goalCount).map { _ in text() })
        let plan: [Any?] = [plan.title, plan.projectID, plan.drivingQuestion, plan.productTitle, plan.audience]
        let values: [Any] = Array(single[0..<4]) + plan.map { $0 ?? Absent.value }
            + [goals, goalCount > 0, single[4], Absent.value, blank, ChecklistValues.noSchool(noSchool)]
        return TemplateRecord(.student, values)
    }

    /// The marker at `bytes[index]` (its UTF-8 lead byte 0xEE is there).
    static func marker(in bytes: UnsafeRawBufferPointer, at index: Int) -> Marker? {
        guard index + 2 < bytes.count else { return nil }
        let value = 0xE000 | (Int(bytes[index + 1] & 0x3F) << 6) | Int(bytes[index + 2] & 0x3F)
        switch value - 0xE000 {
        case ..<limit: return .text(slot: value - 0xE000, escaped: false)
        case ..<(2 * limit): return .text(slot: value - 0xE000 - limit, escaped: true)
        case 2 * limit: return .list
        default: return nil
        }
    }

    enum Marker: Equatable {
        case text(slot: Int, escaped: Bool)
        case list
    }

    /// Whether a text has a character of the markers' range (U+E000..U+EFFF, UTF-8 lead byte
    /// 0xEE): markers are only used when no text does.
    static func hasMarkerRange(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in bytes.baseAddress.map { memchr($0, 0xEE, bytes.count) != nil } ?? false }
    }
}

/// A content type that escapes as another and marks the markers it escapes (`U+E000 + n`
/// becomes `U+E000 + limit + n`), so the rendered piece tells where a student's text goes escaped.
struct MarkedContentType: MustacheContentType {
    let escape: @Sendable (String) -> String

    func escapeText(_ text: String) -> String {
        let escaped = escape(text)
        guard StudentShape.hasMarkerRange(escaped) else { return escaped }
        var scalars = String.UnicodeScalarView()
        for scalar in escaped.unicodeScalars {
            if (0xE000..<0xE000 + UInt32(StudentShape.limit)).contains(scalar.value) {
                scalars.append(Unicode.Scalar(scalar.value + UInt32(StudentShape.limit))!)
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}
