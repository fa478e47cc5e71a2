import YAMLTree
/// One finding about an input file: a plain value that printers format and totals count.
public struct Diagnostic: Sendable, Hashable {
    public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable {
        case error, warning, note

        private var rank: Int {
            switch self {
            case .error: 2
            case .warning: 1
            case .note: 0
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// A secondary place that explains the finding ("first defined here").
    public struct Note: Sendable, Hashable {
        public var message: String
        public var file: String?
        public var range: SourceRange?

        public init(message: String, file: String? = nil, range: SourceRange? = nil) {
            self.message = message
            self.file = file
            self.range = range
        }
    }

    /// A change to the text that does what `help` says, for an editor to apply (a code action):
    /// each edit replaces a range of a file (an empty range inserts). Only made when the
    /// change is certain to be what the help means: a did-you-mean with one nearest name, a
    /// tab, a missing block.
    public struct Fix: Sendable, Hashable {
        public struct Edit: Sendable, Hashable {
            /// The path as the user named it; nil for the diagnostic's own file.
            public var file: String?
            public var range: SourceRange
            public var replacement: String

            public init(file: String? = nil, range: SourceRange, replacement: String) {
                self.file = file
                self.range = range
                self.replacement = replacement
            }
        }

        /// What applying it does, as a menu entry reads: "Change to `need-to-know`".
        public var title: String
        public var edits: [Edit]

        public init(title: String, edits: [Edit]) {
            self.title = title
            self.edits = edits
        }

        /// Replaces the text at `range` with `text`.
        public static func replace(_ range: SourceRange, in file: String? = nil, with text: String, title: String? = nil) -> Fix {
            Fix(title: title ?? "Change to `\(text)`", edits: [Edit(file: file, range: range, replacement: text)])
        }
    }

    public var severity: Severity
    public var message: String
    /// The path as the user named it; nil for findings about the run itself.
    public var file: String?
    public var range: SourceRange?
    /// Stable id of the rule that found it (`yaml-syntax`, `unknown-key`, ...).
    public var rule: String?
    public var notes: [Note]
    /// What to do about it, in one line.
    public var help: String?
    /// The help as edits, when it can be applied as it stands.
    public var fixes: [Fix]

    public init(
        severity: Severity,
        message: String,
        file: String? = nil,
        range: SourceRange? = nil,
        rule: String? = nil,
        notes: [Note] = [],
        help: String? = nil,
        fixes: [Fix] = []
    ) {
        self.severity = severity
        self.message = message
        self.file = file
        self.range = range
        self.rule = rule
        self.notes = notes
        self.help = help
        self.fixes = fixes
    }
}

/// Counts of diagnostics by severity, and the exit status they imply.
public struct DiagnosticTotals: Sendable, Hashable {
    public var errors = 0
    public var warnings = 0
    public var notes = 0

    public init() {}

    public init<S: Sequence>(_ diagnostics: S) where S.Element == Diagnostic {
        for diagnostic in diagnostics { add(diagnostic) }
    }

    public mutating func add(_ diagnostic: Diagnostic) {
        switch diagnostic.severity {
        case .error: errors += 1
        case .warning: warnings += 1
        case .note: notes += 1
        }
    }

    /// "2 errors, 1 warning, 1 note", "no problems (1 note)" or "no problems": notes are not
    /// problems, but a reader should know they were printed.
    public var summary: String {
        var parts: [String] = []
        if errors > 0 { parts.append(plural(errors, "error")) }
        if warnings > 0 { parts.append(plural(warnings, "warning")) }
        let notes = self.notes > 0 ? plural(self.notes, "note") : nil
        guard !parts.isEmpty else { return notes.map { "no problems (\($0))" } ?? "no problems" }
        return (parts + [notes].compactMap { $0 }).joined(separator: ", ")
    }
}

func plural(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}
