import YAMLTree

/// Paper for printing. School printers in the US take Letter; most others A4.
public enum PaperSize: String, Sendable, CaseIterable {
    case letter, a4
}

/// How a department's printouts look, whatever the format: one description in a template
/// root (`render/look.yaml`, `LookLoader`) that the PDF, HTML, Markdown and text renderers
/// all follow. A template root's Mustache templates still give full control of HTML,
/// Markdown and text; the PDF is laid out by pbl and follows these settings only.
public struct PrintLook: Sendable, Equatable {
    /// An image printed at the top of every checklist and sheet: a PNG, read and checked when
    /// the look is loaded (so a render never fails half-way on it).
    public struct Logo: Sendable, Equatable {
        /// The file, as the look names it resolved against the look's folder.
        public var path: String
        public var png: [UInt8]
        public var pixelWidth: Int
        public var pixelHeight: Int
        /// A short description for screen readers and the PDF (`alt` in HTML).
        public var description: String

        public init(path: String, png: [UInt8], pixelWidth: Int, pixelHeight: Int, description: String) {
            self.path = path
            self.png = png
            self.pixelWidth = pixelWidth
            self.pixelHeight = pixelHeight
            self.description = description
        }

        /// Printed this tall (half an inch), as wide as its proportions make it.
        public static let printedHeight = 36.0
        /// At most this wide, however wide the image: a banner does not push the header away.
        public static let printedMaxWidth = 216.0

        /// The printed size in points.
        public var printedSize: (width: Double, height: Double) {
            let ratio = Double(pixelWidth) / Double(max(1, pixelHeight))
            let width = min(Self.printedMaxWidth, Self.printedHeight * ratio)
            return (width, width / max(ratio, 0.0001))
        }
    }

    /// The settings a look file may give, as its keys spell them (in the order documented).
    public enum Setting: String, Sendable, CaseIterable {
        case school, department, header, footer, logo, signature, paper
        case fontSize = "font_size"
        case reflectionLines = "reflection_lines"
        case shortStatements = "short_statements"
    }

    /// `Riverside Middle School`: the first line of every printout's header.
    public var school: String?
    /// `Science department`: after the school, on the same line.
    public var department: String?
    /// A line under the school's name (`Bring this sheet to every lab session.`).
    public var header: String?
    /// A line at the foot of every page, beside the page number.
    public var footer: String?
    public var logo: Logo?
    /// The label of a line for a family member to sign at the end of each checklist
    /// (`Family signature`); none when nil.
    public var signature: String?
    public var paper: PaperSize
    /// The base size of a student checklist's text in points; headings scale with it.
    public var fontSize: Double
    /// Ruled lines to write on under each reflection prompt.
    public var reflectionLines: Int
    /// Whether a standard on a student's checklist shows its short statement (the catalog's
    /// `student_text`, else its `text`) beside the code.
    public var shortStatements: Bool
    /// The file that gave these settings (nil: pbl's own defaults) and where each setting
    /// it gives is written, so `pbl render` can say what a printout used.
    public var file: String?
    public var given: [Setting: SourceRange]

    public init(school: String? = nil, department: String? = nil, header: String? = nil, footer: String? = nil,
                logo: Logo? = nil, signature: String? = nil, paper: PaperSize = .letter, fontSize: Double = PrintLook.defaultFontSize,
                reflectionLines: Int = PrintLook.defaultReflectionLines, shortStatements: Bool = true,
                file: String? = nil, given: [Setting: SourceRange] = [:]) {
        self.school = school
        self.department = department
        self.header = header
        self.footer = footer
        self.logo = logo
        self.signature = signature
        self.paper = paper
        self.fontSize = fontSize
        self.reflectionLines = reflectionLines
        self.shortStatements = shortStatements
        self.file = file
        self.given = given
    }

    /// pbl's own look: no school, Letter, 11 pt, four lines a reflection, statements shown.
    public static let standard = PrintLook()

    /// 11 pt: at least the 10.5 pt a 13-year-old reads with ease, and room for a week's work on a page.
    public static let defaultFontSize = 11.0
    public static let fontSizes: ClosedRange<Double> = 10.5...16
    public static let defaultReflectionLines = 4
    public static let reflectionLineRange: ClosedRange<Int> = 1...15

    /// `Riverside Middle School · Science department`, or nil when neither is given.
    public var organization: String? {
        let parts = [school, department].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }

    /// What a printout says it follows: `font_size 12 (templates/render/look.yaml:4)`, one
    /// entry per setting the file gives, in the documented order.
    public var givenSettings: [(setting: Setting, line: Int)] {
        Setting.allCases.compactMap { setting in given[setting].map { (setting, $0.start.line) } }
    }
}

/// A standard's words for the printouts: the catalog's summary, and its statement in a
/// student's words when the catalog has one.
public struct StandardStatement: Sendable, Hashable {
    public var text: String
    public var studentText: String?

    public init(text: String, studentText: String? = nil) {
        self.text = text
        self.studentText = studentText
    }

    /// What a student reads: their words when the catalog has them, the summary otherwise.
    public var forStudents: String { studentText ?? text }
}
