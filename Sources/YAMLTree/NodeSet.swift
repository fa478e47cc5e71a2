/// The nodes a walk has seen, for walks that must visit a node shared through an alias once:
/// a bit per node of one document (no hashing), a set for the nodes of others (a project's
/// tree laid over its template's has both).
public struct NodeSet {
    private let document: YAMLDocument
    private var bits: [UInt64]
    private var others = Set<YAMLNode>()

    public init(for root: YAMLNode) {
        document = root.document
        bits = Array(repeating: 0, count: (root.document.nodes.count + 63) / 64)
    }

    /// True when `node` was not in the set before.
    public mutating func insert(_ node: YAMLNode) -> Bool {
        guard node.document === document else { return others.insert(node).inserted }
        let (word, bit) = (Int(node.index) / 64, UInt64(1) << UInt64(node.index % 64))
        guard bits[word] & bit == 0 else { return false }
        bits[word] |= bit
        return true
    }
}
