internal import CLibYAML

/// Builds one document's flat tree from libyaml events, without recursion: open
/// collections live on an explicit stack, so nesting depth never touches the call stack.
struct Composer {
    private let events: EventParser
    let limits: YAMLLimits

    var nodes: [NodeRecord] = []
    var children: [UInt32] = []
    var bytes: [UInt8] = []
    var tags: [String] = [""]
    private var tagIndex: [String: UInt16] = [:]
    /// Children of every open collection, innermost last.
    var pending: [UInt32] = []
    private var frames: [Frame] = []
    /// The most recent node with each anchor name (YAML lets a name be reused).
    private var anchors: [String: Anchored] = [:]
    private var aliasExpansion = 0
    private var root: UInt32?
    private var rootWeight = 0

    struct Frame {
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
                describeExcess(scalar.length, over: limits.maxScalarBytes) { "scalar of \($0) is over the limit of \($1)" },
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
                help: "this looks like an alias bomb: write the values out instead of nesting aliases of aliases"
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
}
