/// The three kinds of YAML node.
public enum NodeKind: UInt8, Sendable, Hashable {
    case scalar, sequence, mapping
}

/// How a scalar was written; quoted and block styles are always strings to the core schema.
public enum ScalarStyle: UInt8, Sendable, Hashable {
    case plain, singleQuoted, doubleQuoted, literal, folded
}

public enum CollectionStyle: UInt8, Sendable, Hashable {
    case block, flow
}

/// One node's record in the flat tree: 36 bytes, no pointers, no per-node allocation.
///
/// Scalars point into the document's byte arena; collections into its child array
/// (a mapping's children are key, value, key, value, ...).
struct NodeRecord {
    var kind: UInt8
    var style: UInt8
    var tag: UInt16
    var payloadStart: UInt32
    var payloadCount: UInt32
    var startLine: UInt32
    var startColumn: UInt32
    var startOffset: UInt32
    var endLine: UInt32
    var endColumn: UInt32
    var endOffset: UInt32
}

/// The storage of one YAML document. Aliases and merged pairs are shared, not copied:
/// an alias is the index of the anchored node, so the tree is a DAG and costs nothing
/// to expand.
public final class YAMLDocument: Sendable {
    let nodes: [NodeRecord]
    let children: [UInt32]
    let scalarBytes: [UInt8]
    let tags: [String]
    let rootIndex: UInt32?
    /// From the document's first event to its last.
    public let range: SourceRange
    /// For a document overlaid from several files (`YAMLOverlay`): the first node of each run
    /// of nodes from one file, and that file; empty for a document read from one file.
    let origins: [(firstNode: UInt32, name: String)]

    init(nodes: [NodeRecord], children: [UInt32], scalarBytes: [UInt8], tags: [String], root: UInt32?, range: SourceRange,
         origins: [(firstNode: UInt32, name: String)] = []) {
        self.nodes = nodes
        self.children = children
        self.scalarBytes = scalarBytes
        self.tags = tags
        self.rootIndex = root
        self.range = range
        self.origins = origins
    }

    /// The document's top node; nil only for a document with no content at all.
    public var root: YAMLNode? {
        rootIndex.map { YAMLNode(document: self, index: $0) }
    }

    /// Distinct nodes stored (aliases not counted twice).
    public var nodeCount: Int { nodes.count }
}

/// A node of a document: a cheap value that reads from the document's storage.
public struct YAMLNode: Sendable, Hashable, CustomStringConvertible {
    public let document: YAMLDocument
    let index: UInt32

    init(document: YAMLDocument, index: UInt32) {
        self.document = document
        self.index = index
    }

    @inline(__always) var record: NodeRecord { document.nodes[Int(index)] }

    public static func == (lhs: YAMLNode, rhs: YAMLNode) -> Bool {
        lhs.document === rhs.document && lhs.index == rhs.index
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(document))
        hasher.combine(index)
    }

    public var kind: NodeKind { NodeKind(rawValue: record.kind)! }
    public var isScalar: Bool { record.kind == NodeKind.scalar.rawValue }
    public var isSequence: Bool { record.kind == NodeKind.sequence.rawValue }
    public var isMapping: Bool { record.kind == NodeKind.mapping.rawValue }

    /// The explicit tag as libyaml resolved it (`tag:yaml.org,2002:str`, `!local`, `!`), or nil.
    public var tag: String? {
        let tag = record.tag
        return tag == 0 ? nil : document.tags[Int(tag)]
    }

    public var scalarStyle: ScalarStyle? {
        isScalar ? ScalarStyle(rawValue: record.style) : nil
    }

    public var collectionStyle: CollectionStyle? {
        isScalar ? nil : CollectionStyle(rawValue: record.style)
    }

    public var range: SourceRange {
        let r = record
        return SourceRange(
            start: Mark(line: Int(r.startLine), column: Int(r.startColumn), offset: Int(r.startOffset)),
            end: Mark(line: Int(r.endLine), column: Int(r.endColumn), offset: Int(r.endOffset))
        )
    }

    public var start: Mark { range.start }

    /// The file this node was read from, when its document was overlaid from several files
    /// (see `YAMLOverlay`); nil for a document read from one file, whose name the reader knows.
    public var sourceName: String? {
        let origins = document.origins
        guard !origins.isEmpty else { return nil }
        var low = 0, high = origins.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if origins[middle].firstNode <= index { low = middle } else { high = middle - 1 }
        }
        return origins[low].name
    }

    // MARK: scalars

    /// The scalar's text exactly as parsed (escapes applied, before any type resolution);
    /// nil for collections.
    public var scalarText: String? {
        let r = record
        guard r.kind == NodeKind.scalar.rawValue else { return nil }
        let start = Int(r.payloadStart)
        return document.scalarBytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[start..<start + Int(r.payloadCount)]), as: UTF8.self)
        }
    }

    /// Runs `body` on the scalar's bytes in the document's arena, without copying them
    /// (empty for collections).
    public func withScalarBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let r = record
        return document.scalarBytes.withUnsafeBufferPointer {
            body(UnsafeBufferPointer(rebasing: $0[Int(r.payloadStart)..<Int(r.payloadStart) + Int(r.payloadCount)]))
        }
    }

    /// Compares the scalar's text with `text` without making a String.
    public func scalarEquals(_ text: String) -> Bool {
        let r = record
        guard r.kind == NodeKind.scalar.rawValue else { return false }
        var text = text
        return text.withUTF8 { wanted in
            guard wanted.count == Int(r.payloadCount) else { return false }
            return document.scalarBytes.withUnsafeBufferPointer { bytes in
                let start = Int(r.payloadStart)
                return wanted.elementsEqual(bytes[start..<start + wanted.count])
            }
        }
    }

    // MARK: collections

    /// Items of a sequence, entries of a mapping (pairs), 0 for a scalar.
    public var count: Int {
        let r = record
        switch r.kind {
        case NodeKind.sequence.rawValue: return Int(r.payloadCount)
        case NodeKind.mapping.rawValue: return Int(r.payloadCount) / 2
        default: return 0
        }
    }

    /// A sequence's items in order; empty for other kinds.
    public var items: Children {
        let r = record
        guard r.kind == NodeKind.sequence.rawValue else { return Children(document: document, start: 0, count: 0, stride: 1) }
        return Children(document: document, start: Int(r.payloadStart), count: Int(r.payloadCount), stride: 1)
    }

    /// A mapping's entries in source order, merge keys already applied; empty for other kinds.
    public var pairs: Pairs {
        let r = record
        guard r.kind == NodeKind.mapping.rawValue else { return Pairs(document: document, start: 0, count: 0) }
        return Pairs(document: document, start: Int(r.payloadStart), count: Int(r.payloadCount) / 2)
    }

    /// The value for a scalar key with this exact text, if this is a mapping that has one.
    public subscript(key: String) -> YAMLNode? {
        for pair in pairs where pair.key.scalarEquals(key) { return pair.value }
        return nil
    }

    public var description: String {
        switch kind {
        case .scalar: return "scalar \(String(reflecting: scalarText ?? "")) at \(start)"
        case .sequence: return "sequence of \(count) at \(start)"
        case .mapping: return "mapping of \(count) at \(start)"
        }
    }
}

extension YAMLNode {
    public struct Children: RandomAccessCollection, Sendable {
        let document: YAMLDocument
        let start: Int
        public let count: Int
        let stride: Int

        public var startIndex: Int { 0 }
        public var endIndex: Int { count }

        public subscript(position: Int) -> YAMLNode {
            YAMLNode(document: document, index: document.children[start + position * stride])
        }
    }

    public struct Pair: Sendable, Hashable {
        public let key: YAMLNode
        public let value: YAMLNode
    }

    public struct Pairs: RandomAccessCollection, Sendable {
        let document: YAMLDocument
        let start: Int
        public let count: Int

        public var startIndex: Int { 0 }
        public var endIndex: Int { count }

        public subscript(position: Int) -> Pair {
            let base = start + position * 2
            return Pair(
                key: YAMLNode(document: document, index: document.children[base]),
                value: YAMLNode(document: document, index: document.children[base + 1])
            )
        }
    }
}
