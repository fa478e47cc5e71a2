import YAMLTree

/// What validating one file found, with its text kept for the snippets.
public struct FileReport: Sendable {
    public var path: String
    public var source: SourceText?
    public var diagnostics: [Diagnostic]
    /// The file could not be read at all (exit status 3 rather than 1).
    public var readFailure: FileReadError?

    public init(path: String, source: SourceText?, diagnostics: [Diagnostic], readFailure: FileReadError? = nil) {
        self.path = path
        self.source = source
        self.diagnostics = diagnostics
        self.readFailure = readFailure
    }
}

/// Checks one file from its bytes up. At this stage: that it is readable, well-formed YAML
/// within the limits, with exactly one non-empty document.
public struct FileValidator: Sendable {
    public var limits: YAMLLimits

    public init(limits: YAMLLimits = .default) {
        self.limits = limits
    }

    public func validate(path: String) -> FileReport {
        let bytes: [UInt8]
        do {
            switch try FileReader.read(path, limits: limits) {
            case .bytes(let read): bytes = read
            case .tooLarge(let error):
                return FileReport(path: path, source: nil, diagnostics: [error.diagnostic(file: path)])
            }
        } catch {
            return FileReport(path: path, source: nil, diagnostics: [], readFailure: error)
        }
        return validate(path: path, bytes: bytes)
    }

    public func validate(path: String, bytes: [UInt8]) -> FileReport {
        let source: SourceText
        do {
            source = try SourceText(bytes: bytes, limits: limits)
        } catch {
            return FileReport(path: path, source: nil, diagnostics: [error.diagnostic(file: path)])
        }
        let reader = YAMLReader(source: source, limits: limits)
        do {
            guard let document = try reader.singleDocument(), let root = document.root, !root.isNull else {
                return FileReport(path: path, source: source, diagnostics: [Diagnostic(
                    severity: .error, message: "file is empty", file: path, range: .fileStart, rule: "empty-file",
                    help: "a project file starts with `pbl: 1`; see `pbl new` for a starting point"
                )])
            }
            _ = root
            return FileReport(path: path, source: source, diagnostics: [])
        } catch {
            return FileReport(path: path, source: source, diagnostics: [error.diagnostic(file: path)])
        }
    }
}
