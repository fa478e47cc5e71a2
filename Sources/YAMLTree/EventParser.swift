internal import CLibYAML

/// The one owner of a libyaml parser: created over a private copy of the input, events
/// freed after each use, everything released in `deinit`. Positions leave this type
/// 1-based and in bytes.
final class EventParser {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    let event: UnsafeMutablePointer<yaml_event_t>
    private let input: UnsafeMutableBufferPointer<UInt8>
    private var hasEvent = false
    private var offsets: OffsetMapper
    let source: SourceText

    init(source: SourceText) {
        self.source = source
        let body = source.bytes.count - source.bomLength
        let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(body, 1))
        _ = source.bytes.withUnsafeBufferPointer { bytes in
            copy.initialize(from: bytes[source.bomLength...])
        }
        input = copy
        parser = .allocate(capacity: 1)
        event = .allocate(capacity: 1)
        // libyaml's initialize only fails when malloc does; there is no sane way on from that.
        guard yaml_parser_initialize(parser) == 1 else { fatalError("libyaml could not allocate a parser") }
        // No BOM reaches libyaml (it was skipped above), so it reads UTF-8, which we checked.
        yaml_parser_set_input_string(parser, input.baseAddress, body)
        offsets = OffsetMapper(base: UnsafePointer(input.baseAddress!), count: body, ascii: source.isASCII)
    }

    deinit {
        releaseEvent()
        yaml_parser_delete(parser)
        parser.deallocate()
        event.deallocate()
        input.deallocate()
    }

    /// Frees the current event, if any. Call before pulling the next one.
    @inline(__always) func releaseEvent() {
        if hasEvent {
            yaml_event_delete(event)
            hasEvent = false
        }
    }

    /// Pulls the next event into `event`, or throws libyaml's error with its position.
    @inline(__always) func next() throws(YAMLError) -> yaml_event_type_t {
        releaseEvent()
        guard yaml_parser_parse(parser, event) == 1 else { throw libyamlError() }
        hasEvent = true
        return event.pointee.type
    }

    /// A libyaml mark (0-based, in characters, after the BOM) as a pbl mark.
    @inline(__always) func mark(_ mark: yaml_mark_t) -> Mark {
        Mark(line: mark.line + 1, column: mark.column + 1, offset: offsets.byteOffset(ofCharacter: mark.index) + source.bomLength)
    }

    private func libyamlError() -> YAMLError {
        let p = parser.pointee
        let problem = p.problem.map { String(cString: $0) } ?? "the YAML could not be read"
        switch p.error {
        case YAML_READER_ERROR:
            let mark = source.mark(atByteOffset: p.problem_offset + source.bomLength)
            return SyntaxAdvisor.error(problem: problem, at: mark, context: nil, contextMark: nil, source: source)
        case YAML_MEMORY_ERROR:
            return YAMLError(.syntax, "libyaml ran out of memory", at: .fileStart)
        default:
            let context = p.context.map { String(cString: $0) }
            return SyntaxAdvisor.error(
                problem: problem,
                at: mark(p.problem_mark),
                context: context,
                contextMark: context == nil ? nil : mark(p.context_mark),
                source: source
            )
        }
    }
}

/// Turns libyaml's character indexes into byte offsets. Events arrive in source order, so a
/// cursor that walks from the last answer keeps the whole parse linear.
struct OffsetMapper {
    private let base: UnsafePointer<UInt8>
    private let count: Int
    private let ascii: Bool
    private var character = 0
    private var byte = 0

    init(base: UnsafePointer<UInt8>, count: Int, ascii: Bool) {
        self.base = base
        self.count = count
        self.ascii = ascii
    }

    @inline(__always) mutating func byteOffset(ofCharacter target: Int) -> Int {
        if ascii { return target }
        // Runs of ASCII eight bytes at a time: one non-ASCII name must not slow a whole file.
        while target - character >= 8 && byte + 8 <= count
            && UnsafeRawPointer(base + byte).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
            byte += 8
            character += 8
        }
        while character < target && byte < count {
            byte += 1
            while byte < count && base[byte] & 0xC0 == 0x80 { byte += 1 }
            character += 1
        }
        while character > target && byte > 0 {
            byte -= 1
            while byte > 0 && base[byte] & 0xC0 == 0x80 { byte -= 1 }
            character -= 1
        }
        return byte
    }
}
