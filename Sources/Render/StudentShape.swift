import Foundation
import Mustache
import PlannerModel
import PlannerDates

/// A student's record with their own texts (id, name, group, section, goals, extra days) stood
/// in for by markers: one private-use character per text, `U+E000 + n` for the n-th. Students
/// whose records differ only in those texts have one shape, which a piece is rendered with
/// once; the markers in the output are then replaced by each student's texts, escaped as the
/// template's kind escapes them (`MarkedContentType` tells escaped markers from raw ones).
///
/// The output is the same as with the texts themselves because, without transforms (which
/// `ChecklistLayout` rules out then), what swift-mustache does with a string does not depend
/// on its characters: it prints it (escaped or not), or renders a section once with it on
/// the stack. A list of texts (`goals`) printed as a whole would print them quoted; the
/// layout rules that out too.
struct StudentShape: Hashable {
    enum Token: Hashable {
        case absent, slot, slots(Int), text(String), flag(Bool), number(Int), texts([String])
        /// The section's no-school days (the same for every student of the section).
        case noSchool([NoSchoolDays])
        /// The plan's value of the field (the same for every student).
        case plan
        /// The student's whole cycles, when a piece looks `cycles` up: no sharing then.
        case cycles(student: Int)
    }

    var tokens: [Token]

    /// Markers stand for texts 0..<`limit`; an escaped marker is `U+E800 + n`.
    static let limit = 0x800

    static func marker(_ slot: Int) -> String { String(Unicode.Scalar(UInt32(0xE000 + slot))!) }

    /// The shape of one student; the texts the markers stand for are appended to `texts`, in
    /// marker order. `marked` false: the texts themselves are in the shape (as with a transform).
    static func of(_ student: StudentPlan, index: Int, section: SectionPlan, keep: FieldMask,
                   marked: Bool, goalsMarked: Bool, texts: inout [String]) -> StudentShape {
        func own(_ value: String?) -> Token {
            guard let value else { return .absent }
            guard marked else { return .text(value) }
            texts.append(value)
            return .slot
        }
        var tokens: [Token] = []
        tokens.reserveCapacity(RecordKind.student.names.count)
        for field in RecordKind.student.names.indices {
            guard keep.contains(field) else {
                tokens.append(.absent)
                continue
            }
            switch field {
            case StudentField.id: tokens.append(own(student.id))
            case StudentField.name: tokens.append(own(student.name))
            case StudentField.group: tokens.append(own(student.groupTitle ?? student.group))
            case StudentField.section: tokens.append(own(student.section ?? section.id))
            case StudentField.projectTitle, StudentField.projectID, StudentField.drivingQuestion, StudentField.product,
                 StudentField.audience:
                tokens.append(.plan)
            case StudentField.goals:
                if marked && goalsMarked {
                    texts += student.goals
                    tokens.append(.slots(student.goals.count))
                } else {
                    tokens.append(.texts(student.goals))
                }
            case StudentField.hasGoals: tokens.append(.flag(!student.goals.isEmpty))
            case StudentField.extraDays:
                // Printed as swift-mustache prints a number.
                tokens.append(student.extraDays <= 0 ? .absent : marked ? own(String(describing: student.extraDays)) : .number(student.extraDays))
            case StudentField.blank: tokens.append(.flag(student.isBlank))
            case StudentField.noSchool: tokens.append(.noSchool(section.noSchool))
            default: tokens.append(.cycles(student: index))
            }
        }
        return StudentShape(tokens: tokens)
    }

    /// The record for the shape: markers where the texts were; `cycles` gives a student's
    /// whole cycles.
    func record(_ plan: DatedPlan, cycles: (Int) -> [TemplateRecord]) -> TemplateRecord {
        let planValues: [Any?] = [nil, nil, nil, nil, plan.title, plan.projectID, plan.drivingQuestion, plan.productTitle, plan.audience]
        var next = 0
        func markers(_ count: Int) -> [String] {
            defer { next += count }
            return (next..<next + count).map(Self.marker)
        }
        let values: [Any] = tokens.enumerated().map { field, token in
            switch token {
            case .plan: planValues[field] ?? Absent.value
            case .absent: Absent.value
            case .slot: markers(1)[0]
            case .slots(let count): markers(count)
            case .text(let text): text
            case .flag(let flag): flag
            case .number(let number): number
            case .texts(let texts): texts
            case .noSchool(let days): ChecklistValues.noSchool(days)
            case .cycles(let student): cycles(student)
            }
        }
        return TemplateRecord(.student, values)
    }

    /// The marker at `bytes[at]` (its UTF-8 lead byte 0xEE is there): the text's number and
    /// whether it was escaped.
    static func marker(in bytes: UnsafeRawBufferPointer, at index: Int) -> (slot: Int, escaped: Bool)? {
        guard index + 2 < bytes.count else { return nil }
        let value = 0xE000 | (Int(bytes[index + 1] & 0x3F) << 6) | Int(bytes[index + 2] & 0x3F)
        guard value < 0xF000 else { return nil }
        return value < 0xE800 ? (value - 0xE000, false) : (value - 0xE800, true)
    }

    /// Whether a text has a character of the markers' range (U+E000..U+EFFF, UTF-8 lead byte
    /// 0xEE): markers are only used when no text does.
    static func hasMarkerRange(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in bytes.baseAddress.map { memchr($0, 0xEE, bytes.count) != nil } ?? false }
    }
}

/// A content type that escapes as another and marks the markers it escapes (`U+E000 + n`
/// becomes `U+E800 + n`), so the rendered piece tells where a student's text goes escaped.
struct MarkedContentType: MustacheContentType {
    let escape: @Sendable (String) -> String

    func escapeText(_ text: String) -> String {
        let escaped = escape(text)
        guard StudentShape.hasMarkerRange(escaped) else { return escaped }
        var scalars = String.UnicodeScalarView()
        for scalar in escaped.unicodeScalars {
            if (0xE000..<0xE800).contains(scalar.value) {
                scalars.append(Unicode.Scalar(scalar.value + 0x800)!)
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}
