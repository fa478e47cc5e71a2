internal import CLibYAML

/// Reads a YAML stream document by document into trees with source marks.
///
/// ```swift
/// let reader = try YAMLReader(bytes: data)
/// while let document = try reader.nextDocument() { ... }
/// ```
/// After an error the reader is finished: the stream past a syntax error has no reliable
/// structure, so nothing more is read from it.
public final class YAMLReader {
    public let source: SourceText
    public let limits: YAMLLimits
    private let events: EventParser
    private var started = false
    private var finished = false

    public init(source: SourceText, limits: YAMLLimits = .default) {
        self.source = source
        self.limits = limits
        self.events = EventParser(source: source)
    }

    /// Checks the bytes (size, encoding, UTF-8) and prepares to read them.
    public convenience init(bytes: [UInt8], limits: YAMLLimits = .default) throws(YAMLError) {
        self.init(source: try SourceText(bytes: bytes, limits: limits), limits: limits)
    }

    /// The next document of the stream, or nil after the last one.
    public func nextDocument() throws(YAMLError) -> YAMLDocument? {
        guard !finished else { return nil }
        do throws(YAMLError) {
            if !started {
                started = true
                guard try events.next() == YAML_STREAM_START_EVENT else {
                    throw YAMLError(.syntax, "the YAML stream did not start", at: .fileStart)
                }
            }
            let type = try events.next()
            if type == YAML_STREAM_END_EVENT {
                finish()
                return nil
            }
            let start = events.mark(events.event.pointee.start_mark)
            var composer = Composer(events: events, limits: limits)
            return try composer.composeDocument(startedAt: start)
        } catch {
            finish()
            throw error
        }
    }

    /// Every document of the stream.
    public func readAll() throws(YAMLError) -> [YAMLDocument] {
        var documents: [YAMLDocument] = []
        while let document = try nextDocument() { documents.append(document) }
        return documents
    }

    private func finish() {
        finished = true
        events.releaseEvent()
    }
}

extension YAMLReader {
    /// All documents of `text`.
    public static func documents(_ text: String, limits: YAMLLimits = .default) throws(YAMLError) -> [YAMLDocument] {
        try YAMLReader(bytes: Array(text.utf8), limits: limits).readAll()
    }

    /// The single document of `text` (nil for an empty stream); a second document is an error.
    public static func document(_ text: String, limits: YAMLLimits = .default) throws(YAMLError) -> YAMLDocument? {
        try YAMLReader(bytes: Array(text.utf8), limits: limits).singleDocument()
    }

    /// The stream's only document; nil when it has none, an error when it has more.
    public func singleDocument() throws(YAMLError) -> YAMLDocument? {
        guard let first = try nextDocument() else { return nil }
        if let second = try nextDocument() {
            throw YAMLError(
                .syntax, "expected one YAML document, found a second one here",
                at: SourceRange(at: second.range.start),
                help: "remove the `---` line, or split the documents into separate files"
            )
        }
        return first
    }
}
