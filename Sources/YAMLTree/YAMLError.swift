/// Why a YAML input was refused. Every case carries the place it was found.
public struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
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

    public var kind: Kind
    public var message: String
    public var range: SourceRange
    public var notes: [Note]
    public var help: String?

    public init(_ kind: Kind, _ message: String, at range: SourceRange, notes: [Note] = [], help: String? = nil) {
        self.kind = kind
        self.message = message
        self.range = range
        self.notes = notes
        self.help = help
    }

    public var description: String { "\(range.start): \(message)" }

    /// The same error as a diagnostic for `file`.
    public func diagnostic(file: String?) -> Diagnostic {
        Diagnostic(
            severity: .error,
            message: message,
            file: file,
            range: range,
            rule: "yaml-\(kind.ruleSuffix)",
            notes: notes.map { Diagnostic.Note(message: $0.message, file: file, range: $0.range) },
            help: help
        )
    }
}

extension YAMLError.Kind {
    /// Stable rule ids, shared by every output format.
    var ruleSuffix: String {
        switch self {
        case .syntax: "syntax"
        case .tabIndentation: "tab-indentation"
        case .duplicateKey: "duplicate-key"
        case .undefinedAlias: "undefined-alias"
        case .invalidMerge: "invalid-merge"
        case .depthLimit: "depth-limit"
        case .aliasExpansionLimit: "alias-limit"
        case .inputTooLarge: "input-size-limit"
        case .scalarTooLarge: "scalar-size-limit"
        case .invalidUTF8: "invalid-utf8"
        case .unsupportedEncoding: "encoding"
        case .binaryInput: "binary"
        }
    }
}
