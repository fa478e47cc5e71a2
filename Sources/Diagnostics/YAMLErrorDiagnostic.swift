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
            help: help ?? (kind == .binaryInput ? "pbl reads YAML text files" : nil),
            fixes: fix.map { [Diagnostic.Fix.replace($0.range, in: file, with: $0.replacement, title: $0.title)] } ?? []
        )
    }

    /// The reader states the fact (`file is encoded as UTF-16`); pbl says what it reads.
    public var productMessage: String {
        kind == .unsupportedEncoding ? message + "; pbl reads UTF-8" : message
    }
}

extension YAMLError.Kind {
    /// pbl's rule for the error, shared by every output format.
    public var rule: RuleInfo {
        switch self {
        case .syntax: ReadingRules.yamlSyntax
        case .tabIndentation: ReadingRules.yamlTabIndentation
        case .duplicateKey: ReadingRules.yamlDuplicateKey
        case .undefinedAlias: ReadingRules.yamlUndefinedAlias
        case .invalidMerge: ReadingRules.yamlInvalidMerge
        case .depthLimit: ReadingRules.yamlDepthLimit
        case .aliasExpansionLimit: ReadingRules.yamlAliasLimit
        case .inputTooLarge: ReadingRules.yamlInputSizeLimit
        case .scalarTooLarge: ReadingRules.yamlScalarSizeLimit
        case .invalidUTF8: ReadingRules.yamlInvalidUTF8
        case .unsupportedEncoding: ReadingRules.yamlEncoding
        case .binaryInput: ReadingRules.yamlBinary
        }
    }

    /// The rule's stable id (`yaml-syntax`).
    public var ruleID: String { rule.id }
}
