import PlannerModel
import PlannerDates


/// A dated plan as CSV (RFC 4180): a header row, then one row per milestone and reflection
/// (cycles have no row of their own), CRLF after every row, UTF-8 without a byte-order mark.
/// Lists (standards, options) are joined with "; "; options and the chosen option are shown
/// by title; `optional` is `true` or `false`; `when` is `in class` (a class event or a
/// reflection: the class's date for everyone) or `due` (work handed in by that date). The
/// exhibition, when the calendar has one, is a last row of kind `exhibition`, without an id (its
/// title names the audience, its deliverable the public product).
///
/// Formula injection: a spreadsheet treats a cell starting with `=`, `+`, `-` or `@` as a
/// formula (and tab or CR can smuggle one past a check), so a title such as
/// `=cmd|' /C calc'!A0` could run when a teacher opens the file. Following OWASP's "CSV
/// Injection" guidance, every cell that starts with one of those six characters gets a
/// leading apostrophe `'`, which spreadsheets read as "this is text" and do not display. The
/// rest of the cell is left intact, so a program reading the CSV sees the original text with
/// one `'` in front. Quoting then follows RFC 4180: a cell containing a comma, a quote, CR or
/// LF is wrapped in quotes, with quotes doubled.
public struct CSVRenderer: Sendable {
    public static let planHeader = ["section", "cycle", "date", "day", "kind", "id", "title", "deliverable",
                                    "evidence", "standards", "options", "optional", "when"]
    public static let studentHeader = ["student", "name", "cycle", "due", "class_date", "kind", "id", "title",
                                       "chosen", "optional", "when"]

    public init() {}

    /// Every item of every section of `plan`, in plan order. `section` is empty when the
    /// calendar has no sections.
    public func render(_ plan: DatedPlan) -> String {
        var out = Self.row(Self.planHeader)
        for section in plan.sections {
            for item in section.items {
                out += Self.row([
                    section.id ?? "", item.cycleID, item.date.description, String(item.day), item.kindName, item.id,
                    item.title, item.deliverable ?? "", item.evidence ?? "", item.standards.joined(separator: "; "),
                    item.options.map(\.title).joined(separator: "; "), String(item.optional), DateWords.label(item),
                ])
            }
        }
        if let exhibition = plan.exhibition {
            out += Self.row(["", "", exhibition.description, "", "exhibition", "", ExhibitionWords.title(plan),
                             plan.productTitle ?? "", "", "", "", "false", ""])
        }
        return out
    }

    /// The items one student sees: `due` is their own date, `class_date` the class's; then the
    /// exhibition of `plan`, when it has one.
    public func render(student: StudentPlan, section: SectionPlan, plan: DatedPlan? = nil) -> String {
        var out = Self.row(Self.studentHeader)
        for entry in student.items {
            let item = entry.item
            out += Self.row([
                student.id, student.name, item.cycleID, entry.due.description, item.date.description, item.kindName,
                item.id, item.title, entry.chosen?.title ?? "", String(item.optional), DateWords.label(item),
            ])
        }
        if let plan, let exhibition = plan.exhibition {
            out += Self.row([student.id, student.name, "", exhibition.description, exhibition.description, "exhibition", "",
                             ExhibitionWords.title(plan), "", "false", ""])
        }
        return out
    }

    /// One record with its CRLF: every cell neutralised and quoted as `field` does.
    public static func row(_ cells: [String]) -> String {
        cells.map(field).joined(separator: ",") + "\r\n"
    }

    /// One cell: control characters (but line breaks and tabs) and noncharacters made U+FFFD,
    /// neutralised against formula injection, then quoted if it needs to be.
    static func field(_ text: String) -> String {
        var cell = String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            scalar == "\t" || scalar == "\n" || scalar == "\r" || !Escape.isUnprintable(scalar) ? scalar : "\u{FFFD}"
        }))
        if startsFormula(cell) { cell = "'" + cell }
        let needsQuotes = cell.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard needsQuotes else { return cell }
        var quoted = "\""
        for scalar in cell.unicodeScalars {
            if scalar == "\"" { quoted.unicodeScalars.append("\"") }
            quoted.unicodeScalars.append(scalar)
        }
        return quoted + "\""
    }

    /// Spreadsheets skip white space and invisible characters before a cell's first sign, and
    /// read fullwidth signs as signs: `  =1+1`, `\u{FEFF}=...`, `＝...` are formulas too.
    static func startsFormula(_ cell: String) -> Bool {
        for scalar in cell.unicodeScalars {
            if ["=", "+", "-", "@", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}", "\t", "\r", "\n"].contains(scalar) { return true }
            let invisible = scalar.properties.isWhitespace || scalar.properties.generalCategory == .format
                || scalar.properties.isDefaultIgnorableCodePoint
            if !invisible { return false }
        }
        return false
    }
}
