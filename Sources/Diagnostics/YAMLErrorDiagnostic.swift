import YAMLTree

extension YAMLError {
    /// The same error as a diagnostic for `file`.
    public func diagnostic(file: String?) -> Diagnostic {
        Diagnostic(
            severity: .error,
            message: productMessage,
            file: file,
            range: range,
            rule: kind.ruleID,
            notes: notes.map { Diagnostic.Note(message: $0.message, file: file, range: $0.range) },
            help: help ?? (kind == .binaryInput ? "pbl reads YAML text files" : nil)
        )
    }

    /// The reader states the fact (`file is encoded as UTF-16`); pbl says what it reads.
    public var productMessage: String {
        kind == .unsupportedEncoding ? message + "; pbl reads UTF-8" : message
    }
}

extension YAMLError.Kind {
    /// pbl's stable rule id for the error (`yaml-syntax`), shared by every output format.
    public var ruleID: String { "yaml-" + ruleSuffix }

    private var ruleSuffix: String {
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
