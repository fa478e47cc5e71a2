internal import CLibYAML

/// Builds one document's flat tree from libyaml events, without recursion: open
/// collections live on an explicit stack, so nesting depth never touches the call stack.
struct Composer {
    private let events: EventParser
    private let limits: YAMLLimits

    private var nodes: [NodeRecord] = []
    private var children: [UInt32] = []
    private var bytes: [UInt8] = []
    private var tags: [String] = [""]
    private var tagIndex: [String: UInt16] = [:]
    /// Children of every open collection, innermost last.
    private var pending: [UInt32] = []
    private var frames: [Frame] = []
    /// The most recent node with each anchor name (YAML lets a name be reused).
    private var anchors: [String: Anchored] = [:]
    private var aliasExpansion = 0
    private var root: UInt32?
    private var rootWeight = 0

    private struct Frame {
        var node: UInt32
        var pendingStart: Int
        var weight: Int
        var anchor: String?
        var isMapping: Bool
        var isFlow: Bool
        var startEnd: Mark
    }

    private struct Anchored {
        var node: UInt32
        var weight: Int
        /// A collection still being read: an alias to it would make the tree a cycle.
        var isOpen: Bool
    }

    init(events: EventParser, limits: YAMLLimits) {
        self.events = events
        self.limits = limits
        // Project files run about one node per 10 to 12 bytes; too small an estimate costs
        // a regrowth that copies the whole node array.
        let estimate = events.source.bytes.count / 8
        nodes.reserveCapacity(estimate)
        children.reserveCapacity(estimate)
        bytes.reserveCapacity(events.source.bytes.count / 2)
    }

    /// Reads events after a DOCUMENT-START up to its DOCUMENT-END.
    mutating func composeDocument(startedAt start: Mark) throws(YAMLError) -> YAMLDocument {
        let event = events.event
        while true {
            let type = try events.next()
            switch type {
            case YAML_SCALAR_EVENT:
                try addScalar(event)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                try open(event, isMapping: type == YAML_MAPPING_START_EVENT)
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                try close(event)
            case YAML_ALIAS_EVENT:
                try addAlias(event)
            case YAML_DOCUMENT_END_EVENT:
                let end = events.mark(event.pointee.end_mark)
                return YAMLDocument(
                    nodes: nodes, children: children, scalarBytes: bytes, tags: tags,
                    root: root, range: SourceRange(start: start, end: end)
                )
            default:
                // Stream and document starts cannot appear inside a document.
                throw YAMLError(.syntax, "unexpected event inside a document", at: SourceRange(at: events.mark(event.pointee.start_mark)))
            }
        }
    }

    // MARK: events

    private mutating func addScalar(_ event: UnsafeMutablePointer<yaml_event_t>) throws(YAMLError) {
        let scalar = event.pointee.data.scalar
        let start = events.mark(event.pointee.start_mark)
        if scalar.length > limits.maxScalarBytes {
            throw YAMLError(
                .scalarTooLarge,
                "scalar of \(formatByteCount(scalar.length)) is over the limit of \(formatByteCount(limits.maxScalarBytes))",
                at: SourceRange(at: start)
            )
        }
        let end = events.mark(event.pointee.end_mark)
        let payloadStart = UInt32(truncatingIfNeeded: bytes.count)
        if scalar.length > 0 {
            bytes.append(contentsOf: UnsafeBufferPointer(start: scalar.value, count: scalar.length))
        }
        let index = try appendNode(
            kind: .scalar, style: Self.scalarStyle(scalar.style), tag: try intern(scalar.tag, at: start),
            payloadStart: payloadStart, payloadCount: UInt32(truncatingIfNeeded: scalar.length),
            start: start, end: end
        )
        if let anchor = scalar.anchor {
            anchors[String(cString: anchor)] = Anchored(node: index, weight: 1, isOpen: false)
        }
        attach(index, weight: 1)
    }

    private mutating func open(_ event: UnsafeMutablePointer<yaml_event_t>, isMapping: Bool) throws(YAMLError) {
        let start = events.mark(event.pointee.start_mark)
        if frames.count >= limits.maxDepth {
            throw YAMLError(
                .depthLimit,
                "nesting is deeper than the limit of \(limits.maxDepth) levels",
                at: SourceRange(at: start),
                help: "a project file needs only a few levels; check for unclosed brackets"
            )
        }
        let anchorPointer: UnsafeMutablePointer<yaml_char_t>?
        let tagPointer: UnsafeMutablePointer<yaml_char_t>?
        let isFlow: Bool
        if isMapping {
            let data = event.pointee.data.mapping_start
            anchorPointer = data.anchor
            tagPointer = data.tag
            isFlow = data.style == YAML_FLOW_MAPPING_STYLE
        } else {
            let data = event.pointee.data.sequence_start
            anchorPointer = data.anchor
            tagPointer = data.tag
            isFlow = data.style == YAML_FLOW_SEQUENCE_STYLE
        }
        let startEnd = events.mark(event.pointee.end_mark)
        let index = try appendNode(
            kind: isMapping ? .mapping : .sequence,
            style: isFlow ? CollectionStyle.flow.rawValue : CollectionStyle.block.rawValue,
            tag: try intern(tagPointer, at: start),
            payloadStart: 0, payloadCount: 0, start: start, end: startEnd
        )
        let anchor = anchorPointer.map { String(cString: $0) }
        if let anchor { anchors[anchor] = Anchored(node: index, weight: 1, isOpen: true) }
        frames.append(Frame(
            node: index, pendingStart: pending.count, weight: 1, anchor: anchor,
            isMapping: isMapping, isFlow: isFlow, startEnd: startEnd
        ))
    }

    private mutating func close(_ event: UnsafeMutablePointer<yaml_event_t>) throws(YAMLError) {
        let frame = frames.removeLast()
        var end = frame.startEnd
        if frame.isFlow {
            end = events.mark(event.pointee.end_mark)
        } else if let last = pending.last, pending.count > frame.pendingStart {
            // A block collection ends where its last item does, not at the next token.
            let record = nodes[Int(last)]
            end = Mark(line: Int(record.endLine), column: Int(record.endColumn), offset: Int(record.endOffset))
        }
        if frame.isMapping {
            try checkAndMerge(frame)
        }
        let childStart = UInt32(truncatingIfNeeded: children.count)
        children.append(contentsOf: pending[frame.pendingStart...])
        let childCount = UInt32(truncatingIfNeeded: pending.count - frame.pendingStart)
        pending.removeSubrange(frame.pendingStart...)
        nodes[Int(frame.node)].payloadStart = childStart
        nodes[Int(frame.node)].payloadCount = childCount
        nodes[Int(frame.node)].endLine = UInt32(truncatingIfNeeded: end.line)
        nodes[Int(frame.node)].endColumn = UInt32(truncatingIfNeeded: end.column)
        nodes[Int(frame.node)].endOffset = UInt32(truncatingIfNeeded: end.offset)
        // Unless a later node took the name over inside this one.
        if let anchor = frame.anchor, anchors[anchor]?.node == frame.node {
            anchors[anchor] = Anchored(node: frame.node, weight: frame.weight, isOpen: false)
        }
        attach(frame.node, weight: frame.weight)
    }

    private mutating func addAlias(_ event: UnsafeMutablePointer<yaml_event_t>) throws(YAMLError) {
        let name = String(cString: event.pointee.data.alias.anchor)
        let range = SourceRange(start: events.mark(event.pointee.start_mark), end: events.mark(event.pointee.end_mark))
        guard let target = anchors[name] else {
            throw YAMLError(.undefinedAlias, "undefined alias *\(name)", at: range,
                            help: "define the anchor &\(name) before this alias uses it")
        }
        if target.isOpen {
            throw YAMLError(.undefinedAlias, "alias *\(name) refers to a node that contains it", at: range,
                            help: "an alias must point at a node that is already complete")
        }
        aliasExpansion += target.weight
        if aliasExpansion > limits.maxAliasExpansion {
            throw YAMLError(
                .aliasExpansionLimit,
                "aliases expand to more than \(limits.maxAliasExpansion) nodes (alias expansion limit)",
                at: range,
                help: "this looks like an alias bomb; write the values out, or raise the alias expansion limit"
            )
        }
        attach(target.node, weight: target.weight)
    }

    // MARK: building

    @inline(__always)
    private mutating func attach(_ node: UInt32, weight: Int) {
        if frames.isEmpty {
            root = node
            rootWeight = weight
        } else {
            pending.append(node)
            // Saturate: an alias bomb is stopped by the limit above before this could overflow.
            frames[frames.count - 1].weight &+= weight
        }
    }

    @inline(__always)
    private mutating func appendNode(
        kind: NodeKind, style: UInt8, tag: UInt16, payloadStart: UInt32, payloadCount: UInt32, start: Mark, end: Mark
    ) throws(YAMLError) -> UInt32 {
        let index = UInt32(truncatingIfNeeded: nodes.count)
        nodes.append(NodeRecord(
            kind: kind.rawValue, style: style, tag: tag,
            payloadStart: payloadStart, payloadCount: payloadCount,
            startLine: UInt32(truncatingIfNeeded: start.line),
            startColumn: UInt32(truncatingIfNeeded: start.column),
            startOffset: UInt32(truncatingIfNeeded: start.offset),
            endLine: UInt32(truncatingIfNeeded: end.line),
            endColumn: UInt32(truncatingIfNeeded: end.column),
            endOffset: UInt32(truncatingIfNeeded: end.offset)
        ))
        return index
    }

    private mutating func intern(_ pointer: UnsafeMutablePointer<yaml_char_t>?, at mark: Mark) throws(YAMLError) -> UInt16 {
        guard let pointer else { return 0 }
        let tag = String(cString: pointer)
        if let index = tagIndex[tag] { return index }
        guard tags.count < Int(UInt16.max) else {
            throw YAMLError(.syntax, "more than \(UInt16.max - 1) distinct tags in one document", at: SourceRange(at: mark))
        }
        let index = UInt16(tags.count)
        tags.append(tag)
        tagIndex[tag] = index
        return index
    }

    private static func scalarStyle(_ style: yaml_scalar_style_t) -> UInt8 {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: ScalarStyle.singleQuoted.rawValue
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: ScalarStyle.doubleQuoted.rawValue
        case YAML_LITERAL_SCALAR_STYLE: ScalarStyle.literal.rawValue
        case YAML_FOLDED_SCALAR_STYLE: ScalarStyle.folded.rawValue
        default: ScalarStyle.plain.rawValue
        }
    }

    // MARK: mappings: duplicate keys and merge keys

    private mutating func checkAndMerge(_ frame: Frame) throws(YAMLError) {
        let first = frame.pendingStart
        let pairCount = (pending.count - first) / 2
        if pairCount == 0 { return }
        var hasMerge = false
        for pair in 0..<pairCount where isMergeKey(pending[first + pair * 2]) {
            hasMerge = true
            break
        }
        if limits.rejectDuplicateKeys {
            try rejectDuplicates(from: first, pairCount: pairCount)
        }
        if hasMerge {
            try applyMerges(from: first, pairCount: pairCount)
        }
    }

    private func isMergeKey(_ node: UInt32) -> Bool {
        let record = nodes[Int(node)]
        guard record.kind == NodeKind.scalar.rawValue, record.payloadCount == 2 else { return false }
        let start = Int(record.payloadStart)
        guard bytes[start] == UInt8(ascii: "<"), bytes[start + 1] == UInt8(ascii: "<") else { return false }
        if record.tag != 0 { return tags[Int(record.tag)] == "tag:yaml.org,2002:merge" }
        return record.style == ScalarStyle.plain.rawValue
    }

    /// What a scalar key means, for finding duplicates: `1` and `"1"` are different keys
    /// (an integer and a string), while `~` and `null` are the same one.
    private func keyIdentity(_ node: UInt32) -> KeyIdentity? {
        let record = nodes[Int(node)]
        guard record.kind == NodeKind.scalar.rawValue else { return nil }
        let start = Int(record.payloadStart), count = Int(record.payloadCount)
        guard record.style == ScalarStyle.plain.rawValue, record.tag == 0, count == 0 || mayResolve(start, count) else {
            return .text(start: start, count: count)
        }
        switch CoreSchema.resolvePlain(String(decoding: bytes[start..<start + count], as: UTF8.self)) {
        case .string: return .text(start: start, count: count)
        case .null: return .resolved("null")
        case .bool(let value): return .resolved("bool:\(value)")
        case .int(let value): return .resolved("int:\(value)")
        case .float(let value): return .resolved(value.isNaN ? "float:nan" : "float:\(value)")
        }
    }

    /// Whether a plain scalar could resolve to something other than a string: it starts like
    /// a number, or it is one of the short words for null, true and false.
    private func mayResolve(_ start: Int, _ count: Int) -> Bool {
        let first = bytes[start]
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "~"):
            return true
        case UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"):
            // Keys like `name` and `title` are common: compare the word, not just its length.
            guard count == 4 || count == 5 else { return false }
            return bytes.withUnsafeBufferPointer { buffer in
                let word = UnsafeBufferPointer(rebasing: buffer[start..<start + count])
                return Self.nonStringWords.contains { $0.elementsEqual(word) }
            }
        default:
            return false
        }
    }

    private static let nonStringWords: [[UInt8]] = ["null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"]
        .map { Array($0.utf8) }

    private enum KeyIdentity {
        /// A string key: its bytes in the arena.
        case text(start: Int, count: Int)
        case resolved(String)
    }

    private func same(_ a: KeyIdentity, _ b: KeyIdentity) -> Bool {
        switch (a, b) {
        case (.resolved(let x), .resolved(let y)): return x == y
        case (.text(let sa, let n), .text(let sb, let m)):
            guard n == m else { return false }
            return bytes.withUnsafeBufferPointer { buffer in
                UnsafeBufferPointer(rebasing: buffer[sa..<sa + n]).elementsEqual(UnsafeBufferPointer(rebasing: buffer[sb..<sb + n]))
            }
        default: return false
        }
    }

    private func sameScalarKey(_ a: UInt32, _ b: UInt32) -> Bool {
        guard let ka = keyIdentity(a), let kb = keyIdentity(b) else { return false }
        return same(ka, kb)
    }

    private func keySlice(_ node: UInt32) -> ArraySlice<UInt8>? {
        let record = nodes[Int(node)]
        guard record.kind == NodeKind.scalar.rawValue else { return nil }
        let start = Int(record.payloadStart)
        return bytes[start..<start + Int(record.payloadCount)]
    }

    private func rejectDuplicates(from first: Int, pairCount: Int) throws(YAMLError) {
        guard pairCount > 1 else { return }
        if pairCount <= 16 {
            // Small mappings, nearly all of them: pairwise, on raw bytes unless a key could
            // resolve to a non-string (a number, `~`, `null`, `true`, ...).
            for later in 1..<pairCount {
                let key = pending[first + later * 2]
                for earlier in 0..<later {
                    let other = pending[first + earlier * 2]
                    if quickSame(other, key), !isMergeKey(key) { throw duplicate(key, first: other) }
                }
            }
            return
        }
        var seen: [KeyHash: UInt32] = [:]
        seen.reserveCapacity(pairCount)
        for pair in 0..<pairCount {
            let key = pending[first + pair * 2]
            guard let identity = keyIdentity(key), !isMergeKey(key) else { continue }
            let hash = KeyHash(identity, bytes)
            if let earlier = seen[hash], sameScalarKey(earlier, key) { throw duplicate(key, first: earlier) }
            seen[hash] = key
        }
    }

    @inline(__always)
    private func quickSame(_ a: UInt32, _ b: UInt32) -> Bool {
        let ra = nodes[Int(a)], rb = nodes[Int(b)]
        guard ra.kind == NodeKind.scalar.rawValue, rb.kind == NodeKind.scalar.rawValue else { return false }
        if !mayResolve(ra) && !mayResolve(rb) {
            guard ra.payloadCount == rb.payloadCount else { return false }
            let sa = Int(ra.payloadStart), sb = Int(rb.payloadStart), n = Int(ra.payloadCount)
            return bytes.withUnsafeBufferPointer { buffer in
                UnsafeBufferPointer(rebasing: buffer[sa..<sa + n]).elementsEqual(UnsafeBufferPointer(rebasing: buffer[sb..<sb + n]))
            }
        }
        return sameScalarKey(a, b)
    }

    @inline(__always)
    private func mayResolve(_ record: NodeRecord) -> Bool {
        record.style == ScalarStyle.plain.rawValue && record.tag == 0
            && (record.payloadCount == 0 || mayResolve(Int(record.payloadStart), Int(record.payloadCount)))
    }

    /// Hashes a key's meaning; equal hashes are confirmed with `same` before they count.
    private struct KeyHash: Hashable {
        let value: Int
        init(_ identity: KeyIdentity, _ bytes: [UInt8]) {
            var hasher = Hasher()
            switch identity {
            case .resolved(let text): hasher.combine(text)
            case .text(let start, let count):
                bytes.withUnsafeBytes { hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: $0[start..<start + count])) }
            }
            value = hasher.finalize()
        }
    }

    private func duplicate(_ key: UInt32, first: UInt32) -> YAMLError {
        let name = String(decoding: keySlice(key) ?? [], as: UTF8.self)
        return YAMLError(
            .duplicateKey,
            "duplicate key `\(name)` in this mapping",
            at: range(of: key),
            notes: [.init(message: "`\(name)` was first defined here", range: range(of: first))],
            help: "keep one of the two; a later key would silently replace the earlier one"
        )
    }

    func range(of node: UInt32) -> SourceRange {
        let r = nodes[Int(node)]
        return SourceRange(
            start: Mark(line: Int(r.startLine), column: Int(r.startColumn), offset: Int(r.startOffset)),
            end: Mark(line: Int(r.endLine), column: Int(r.endColumn), offset: Int(r.endOffset))
        )
    }

    /// YAML 1.1 merge keys: explicit keys win over merged ones, and earlier mappings in a
    /// `<<: [*a, *b]` list win over later ones. Merged pairs take the place of the `<<` entry.
    private mutating func applyMerges(from first: Int, pairCount: Int) throws(YAMLError) {
        let original = Array(pending[first...])
        var explicitKeys: [UInt32] = []
        for pair in 0..<pairCount where !isMergeKey(original[pair * 2]) {
            explicitKeys.append(original[pair * 2])
        }
        var merged: [UInt32] = []
        merged.reserveCapacity(original.count)
        var mergedKeys: [UInt32] = []
        func taken(_ key: UInt32) -> Bool {
            explicitKeys.contains { sameScalarKey($0, key) } || mergedKeys.contains { sameScalarKey($0, key) }
        }
        for pair in 0..<pairCount {
            let key = original[pair * 2], value = original[pair * 2 + 1]
            guard isMergeKey(key) else {
                merged.append(key)
                merged.append(value)
                continue
            }
            for source in try mergeSources(value, key: key) {
                let record = nodes[Int(source)]
                let start = Int(record.payloadStart)
                for entry in 0..<Int(record.payloadCount) / 2 {
                    let sourceKey = children[start + entry * 2]
                    if nodes[Int(sourceKey)].kind == NodeKind.scalar.rawValue && taken(sourceKey) { continue }
                    merged.append(sourceKey)
                    merged.append(children[start + entry * 2 + 1])
                    mergedKeys.append(sourceKey)
                }
            }
        }
        pending.replaceSubrange(first..., with: merged)
    }

    private func mergeSources(_ value: UInt32, key: UInt32) throws(YAMLError) -> [UInt32] {
        let record = nodes[Int(value)]
        if record.kind == NodeKind.mapping.rawValue { return [value] }
        if record.kind == NodeKind.sequence.rawValue {
            let start = Int(record.payloadStart)
            let items = Array(children[start..<start + Int(record.payloadCount)])
            for item in items where nodes[Int(item)].kind != NodeKind.mapping.rawValue {
                throw invalidMerge(key)
            }
            return items
        }
        throw invalidMerge(key)
    }

    /// Points at the `<<` key: the merged value may be an alias to a node far away.
    private func invalidMerge(_ node: UInt32) -> YAMLError {
        YAMLError(
            .invalidMerge,
            "a merge key `<<` takes a mapping or a list of mappings",
            at: range(of: node),
            help: "write `<<: *name` where &name marks a mapping, or `<<: [*a, *b]`"
        )
    }
}
