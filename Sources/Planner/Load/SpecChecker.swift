import Diagnostics
import YAMLTree
import PlannerModel

/// Checks a YAML tree against the format spec: unknown keys (with the nearest valid one),
/// wrong types (what was expected, what was found), missing required fields and malformed
/// ids, dates, weekdays and grades. Reports every problem; never stops at the first.
public struct SpecChecker {
    public var sink: DiagnosticSink
    /// Set for a project (not a template, not a catalog): its `TODO` placeholders are reported
    /// as the tree is read.
    var placeholders: TodoPlaceholders?

    public init(file: String, reportingPlaceholders: Bool = false) {
        sink = DiagnosticSink(file: file)
        placeholders = reportingPlaceholders ? TodoPlaceholders(file: file) : nil
    }

    /// Placeholders in a part of the tree the checks do not read further.
    private mutating func notRead(_ node: YAMLNode) {
        placeholders?.walk(node, &sink)
    }

    public mutating func checkObject(_ node: YAMLNode, _ spec: ObjectSpec, path: String) {
        guard node.isMapping else {
            if !node.isNull { wrongType(node, expected: .object(spec), field: path) }
            return
        }
        var seen: UInt64 = 0  // bit i: spec.fields[i] was given (specs have fewer than 64 fields)
        for pair in node.pairs {
            guard pair.key.isScalar else {
                sink.report(Rules.unknownKey, "a key here must be a plain name", at: pair.key)
                notRead(pair.value)
                continue
            }
            guard let position = spec.fieldIndex(of: pair.key) else {
                notRead(pair.value)
                let key = pair.key.scalarText ?? ""
                let suggestion = Suggest.nearest(to: key, in: spec.fieldNames)
                sink.report(
                    Rules.unknownKey, "unknown key `\(key)` in \(spec.name)", at: pair.key,
                    help: suggestion.map { "did you mean `\($0)`?" } ?? "valid keys here: " + spec.fieldNames.joined(separator: ", "),
                    fixes: suggestion.map { [.replace(pair.key.range, with: $0)] } ?? []
                )
                continue
            }
            seen |= 1 << UInt64(position)
            check(pair.value, spec.fields[position].type, field: spec.fields[position], owner: spec)
        }
        for (position, field) in spec.fields.enumerated() where field.required && seen & (1 << UInt64(position)) == 0 {
            let owner = node["id"]?.string.map { "\(spec.name) `\($0)`" } ?? spec.name
            sink.report(
                Rules.missingField, "\(owner) is missing `\(field.name)`", atStartOf: node,
                help: "add `\(field.name):` — \(field.description.lowercasedFirst)"
            )
        }
    }

    private mutating func check(_ node: YAMLNode, _ type: FieldType, field: FieldSpec, owner: ObjectSpec) {
        if node.isNull {
            if field.required {
                sink.report(Rules.missingField, "`\(field.name)` has no value", at: node,
                            help: "give `\(field.name)` a value — \(field.description.lowercasedFirst)")
            }
            return
        }
        if node.isScalar { placeholders?.note(node, &sink) }
        switch type {
        case .object(let spec):
            checkObject(node, spec, path: field.name)
        case .scalarOrObject(let scalar, let spec):
            if node.isMapping { checkObject(node, spec, path: field.name) } else { checkScalar(node, scalar, field: field.name) }
        case .list(let element):
            guard node.isSequence else { return wrongType(node, expected: type, field: field.name) }
            for item in node.items {
                if item.isNull {
                    sink.report(Rules.missingField, "empty item in `\(field.name)`", at: item, help: "remove the empty `-` line")
                } else {
                    check(item, element, field: field, owner: owner)
                }
            }
        case .dictionary(let value):
            guard node.isMapping else { return wrongType(node, expected: type, field: field.name) }
            for pair in node.pairs {
                guard pair.key.isScalar else {
                    sink.report(Rules.wrongType, "keys of `\(field.name)` must be ids", at: pair.key)
                    notRead(pair.value)
                    continue
                }
                if !pair.value.isNull { check(pair.value, value, field: field, owner: owner) }
            }
        default:
            checkScalar(node, type, field: field.name)
        }
    }

    private mutating func checkScalar(_ node: YAMLNode, _ type: FieldType, field: String) {
        guard node.isScalar, !node.isNull else { return wrongType(node, expected: type, field: field) }
        // Any scalar is text: no need to make the String (most values are text).
        if case .text = type { return }
        guard let text = node.scalarText else { return }
        if let inner = Typography.insideCurlyQuotes(text) {
            sink.report(Rules.malformedValue, "`\(text)` is in curly quotes (“ ”), which YAML keeps as part of the value", at: node,
                        help: "use straight quotes or none: `\(field): \(inner)`",
                        fixes: [.replace(node.range, with: YAMLText.quoted(inner), title: "Use straight quotes")])
            return
        }
        if Typography.hasNoBreakSpace(text) && !isValid(text, type) {
            sink.report(Rules.malformedValue, "`\(Typography.withPlainSpaces(text))` has a non-breaking space (U+00A0) in it", at: node,
                        help: "replace it with an ordinary space (or remove it): `\(field): \(Typography.withPlainSpaces(text).trimmed)`")
            return
        }
        switch type {
        case .text:
            return
        case .id:
            if !ValueSyntax.isID(text) {
                sink.report(Rules.malformedValue, "`\(text)` is not a valid id for `\(field)`", at: node,
                            help: "ids use lowercase letters, digits and hyphens, like `\(ValueSyntax.slug(text))`")
            }
        case .studentID:
            if !ValueSyntax.isStudentID(text) {
                sink.report(Rules.malformedValue, "`\(text)` is not a valid student id", at: node,
                            help: "\(ValueSyntax.studentIDRule), like `\(ValueSyntax.studentIDSuggestion(text))`")
            }
        case .integer(let min, let max):
            guard let value = node.int ?? ValueSyntax.quotedInteger(node) else { return wrongType(node, expected: type, field: field) }
            if node.int == nil {
                sink.report(Rules.quotedNumber, "`\(field)` is a number in quotes; pbl reads it as \(value)", at: node,
                            help: "write it without quotes: `\(field): \(value)`",
                            fixes: [.replace(node.range, with: "\(value)", title: "Write \(value) without quotes")])
            }
            if field == "pbl", value != FormatSpec.currentVersion {
                sink.report(Rules.malformedValue, "format version \(value) is not supported; this pbl reads version \(FormatSpec.currentVersion)",
                            at: node, help: "write `pbl: \(FormatSpec.currentVersion)`, or update pbl")
            } else if value < min || value > max {
                sink.report(Rules.malformedValue, "`\(field)` must be between \(min) and \(max), found \(value)", at: node)
            }
        case .points(let min, let max):
            guard let value = ValueSyntax.points(text) else { return wrongType(node, expected: type, field: field) }
            if value < min || value > max {
                sink.report(Rules.malformedValue, "`\(field)` must be from \(ValueSyntax.pointText(min)) to \(ValueSyntax.pointText(max)) pt, found \(text)", at: node,
                            help: value < min ? "students read text of \(ValueSyntax.pointText(min)) pt and up with ease; write `\(field): \(ValueSyntax.pointText(min))` or more" : nil)
            }
        case .boolean:
            if node.bool == nil { wrongType(node, expected: type, field: field) }
        case .date:
            if CivilDate(iso: text) == nil {
                sink.report(Rules.malformedValue, "`\(text)` is not a date", at: node, help: ValueSyntax.dateHelp(text))
            }
        case .dateOrRange:
            checkDateOrRange(node, text)
        case .weekday:
            if Weekday(name: text) == nil {
                let suggestion = Suggest.nearest(to: text, in: Weekday.allCases.map(\.rawValue))
                sink.report(Rules.malformedValue, "`\(text)` is not a weekday", at: node,
                            help: suggestion.map { "did you mean `\($0)`?" } ?? "write mon, tue, wed, thu, fri, sat or sun",
                            fixes: suggestion.map { [.replace(node.range, with: $0)] } ?? [])
            }
        case .grade:
            if Grade(text) == nil {
                sink.report(Rules.malformedValue, "`\(text)` is not a grade", at: node,
                            help: "write K, a grade from 1 to 12, or a band like 6-8")
            }
        case .oneOf(let values):
            if !values.contains(text) {
                let suggestion = Suggest.nearest(to: text, in: values)
                sink.report(Rules.malformedValue, "`\(text)` is not a valid `\(field)`", at: node,
                            help: (suggestion.map { "did you mean `\($0)`? " } ?? "") + "valid values: " + values.joined(separator: ", "),
                            fixes: suggestion.map { [.replace(node.range, with: $0)] } ?? [])
            }
        case .list, .object, .dictionary, .scalarOrObject:
            wrongType(node, expected: type, field: field)
        }
    }

    private mutating func checkDateOrRange(_ node: YAMLNode, _ text: String) {
        guard let range = ValueSyntax.dateRange(text) else {
            let guessed = DateSpelling.guessRange(text)
            sink.report(Rules.malformedValue, "`\(text)` is not a date or a date range", at: node,
                        help: guessed.map { "write dates as YYYY-MM-DD, a range with `..`: `\($0)`" }
                            ?? "write a date as YYYY-MM-DD, or a range as YYYY-MM-DD..YYYY-MM-DD")
            return
        }
        if range.last < range.first {
            sink.report(Rules.reversedRange, "date range `\(text)` ends before it starts", at: node,
                        help: "write the earlier date first: \(range.last)..\(range.first)")
        }
    }

    /// Whether the text (a non-breaking space made plain) would pass: a space inside a title is
    /// text, but one inside a date is the mistake.
    private func isValid(_ text: String, _ type: FieldType) -> Bool {
        switch type {
        case .date, .dateOrRange, .weekday, .grade, .id, .studentID, .oneOf, .integer, .boolean: false
        default: true
        }
    }

    private mutating func wrongType(_ node: YAMLNode, expected: FieldType, field: String) {
        if node.isScalar, let text = node.scalarText, Typography.hasNoBreakSpace(text) {
            // `key:\u{A0}value` is not a key and its value to YAML: the line became text.
            sink.report(Rules.wrongType, "`\(field)` should be \(expected.summary), found text `\(Typography.withPlainSpaces(text))` with a non-breaking space (U+00A0) in it",
                        at: node, help: "replace the non-breaking space with an ordinary one, so YAML reads `\(Typography.withPlainSpaces(text).trimmed)` as a key and its value")
            return
        }
        var help: String?
        if case .list = expected, node.isScalar, let text = node.string {
            help = "write a list: [\(text)]"
        }
        if case .boolean = expected { help = "write true or false" }
        sink.report(Rules.wrongType, "`\(field)` should be \(expected.summary), found \(ValueSyntax.describe(node))",
                    at: node, help: help)
        if !node.isScalar { notRead(node) }
    }
}

/// The spelling rules of ids, dates and ranges, shared by the checker and the builder.
public enum ValueSyntax {
    /// `11`, `10.5`: a size in whole or half points (nothing finer, so `11.25` is a mistake
    /// rather than a size printers would round anyway).
    static func points(_ text: String) -> Double? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, (1...3).contains(whole.count),
              whole.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        if parts.count == 2, !["0", "5", "00", "50"].contains(parts[1]) { return nil }
        return Double(text)
    }

    /// `10.5`, `16`: a size as a person writes it.
    static func pointText(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    public static func isID(_ text: String) -> Bool {
        guard let first = text.utf8.first, first != UInt8(ascii: "-") else { return false }
        return text.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }

    /// A student id as the school's system spells it: letters of either case, digits, `-`,
    /// `.` and `_`, starting with a letter or digit (`S-2027-001`, `10249`, `ab.12`). Kept as
    /// written for display and matching; made safe only where it names a file or a UID.
    public static func isStudentID(_ text: String) -> Bool {
        func alphanumeric(_ byte: UInt8) -> Bool {
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
        }
        guard let first = text.utf8.first, alphanumeric(first) else { return false }
        return text.utf8.allSatisfy { alphanumeric($0) || $0 == 0x2D || $0 == 0x2E || $0 == 0x5F }
    }

    /// The id a student id was meant to be: its case kept, each run of other characters a hyphen.
    static func studentIDSuggestion(_ text: String) -> String {
        var result = ""
        var pendingHyphen = false
        for scalar in text.unicodeScalars {
            let keep = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "." || scalar == "_")
            if keep {
                if pendingHyphen && !result.isEmpty { result += "-" }
                result.unicodeScalars.append(scalar)
                pendingHyphen = false
            } else {
                pendingHyphen = true
            }
        }
        while let first = result.first, first == "." || first == "_" { result.removeFirst() }
        return result.isEmpty ? "s01" : result
    }

    static let studentIDRule = "student ids use letters, digits, hyphens, dots and underscores, starting with a letter or digit"

    static func slug(_ text: String) -> String {
        Slug.of(text.lowercased()) ?? "my-id"
    }

    static func dateRange(_ text: String) -> DateRange? {
        let parts = text.splitting(on: "..")
        switch parts.count {
        case 1: return CivilDate(iso: text).map { DateRange(first: $0, last: $0) }
        case 2:
            guard let first = CivilDate(iso: parts[0].trimmed), let last = CivilDate(iso: parts[1].trimmed) else { return nil }
            return DateRange(first: first, last: last)
        default: return nil
        }
    }

    static func dateHelp(_ text: String) -> String {
        if let date = DateSpelling.guess(text) { return "write dates as YYYY-MM-DD: `\(date)`" }
        return "write dates as YYYY-MM-DD, and check that the day exists"
    }

    /// A number written in quotes (`days: "3"`): YAML reads text, but a number was meant.
    static func quotedInteger(_ node: YAMLNode) -> Int? {
        guard node.isScalar, let style = node.scalarStyle, style == .singleQuoted || style == .doubleQuoted,
              let text = node.scalarText?.trimmed, !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) || (text.hasPrefix("-") && text.dropFirst().utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) && text.count > 1)
        else { return nil }
        return Int(text)
    }

    static func describe(_ node: YAMLNode) -> String {
        switch node.kind {
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .scalar:
            switch node.coreValue {
            case .null?, nil: return "nothing"
            case .bool(let value)?: return "`\(value)`"
            case .int(let value)?: return "the number \(value)"
            case .float(let value)?: return "the number \(value)"
            case .string(let text)?: return "text `\(text.count > 40 ? String(text.prefix(37)) + "..." : text)`"
            }
        }
    }
}

extension String {
    var lowercasedFirst: String {
        guard let first else { return self }
        return first.lowercased() + dropFirst()
    }

    /// Without leading and trailing white space (line breaks included).
    var trimmed: String {
        // Most codes, ids and cells start and end with a visible ASCII character.
        if let first = utf8.first, let last = utf8.last, first > 0x20 && first < 0x7F && last > 0x20 && last < 0x7F { return self }
        return String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }

    func splitting(on separator: String) -> [String] {
        var parts: [String] = []
        var rest = Substring(self)
        while let found = rest.firstRange(of: separator) {
            parts.append(String(rest[..<found.lowerBound]))
            rest = rest[found.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}
