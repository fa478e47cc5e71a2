/// Why a YAML input was refused. Every case carries the place it was found.
public struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// libyaml rejected the text (its problem, and context when it gave one).
        case syntax
        /// A tab where YAML needs spaces for indentation.
        case tabIndentation
        /// The same key twice in one mapping.
        case duplicateKey
        /// `*name` with no `&name` before it.
        case undefinedAlias
        /// `<<` whose value is not a mapping or a list of mappings.
        case invalidMerge
        case depthLimit
        case aliasExpansionLimit
        case inputTooLarge
        case scalarTooLarge
        case invalidUTF8
        /// UTF-16 or UTF-32 text: pbl reads UTF-8 only.
        case unsupportedEncoding
        /// NUL bytes: not a text file.
        case binaryInput
    }

    public struct Note: Sendable, Hashable {
        public var message: String
        public var range: SourceRange?
        public init(message: String, range: SourceRange?) {
            self.message = message
            self.range = range
        }
    }

    /// The help as an edit of the text, when it can be applied as it stands.
    public struct Fix: Sendable, Hashable {
        public var title: String
        public var range: SourceRange
        public var replacement: String

        public init(title: String, range: SourceRange, replacement: String) {
            self.title = title
            self.range = range
            self.replacement = replacement
        }
    }

    public var kind: Kind
    public var message: String
    public var range: SourceRange
    public var notes: [Note]
    public var help: String?
    public var fix: Fix?

    public init(_ kind: Kind, _ message: String, at range: SourceRange, notes: [Note] = [], help: String? = nil, fix: Fix? = nil) {
        self.kind = kind
        self.message = message
        self.range = range
        self.notes = notes
        self.help = help
        self.fix = fix
    }

    public var description: String { "\(range.start): \(message)" }
}
