/// One tree laid over another, as a project is laid over the template it extends:
///
/// - two mappings merge key by key: the base's keys in the base's order, each taking the
///   overlay's value where the overlay has the key (merged again when both are collections),
///   then the overlay's new keys in its order;
/// - two sequences whose items are all mappings with a scalar `id` merge by id: the base's
///   items in order, each merged with the overlay's item of the same id, then the overlay's
///   new items (an empty overlay sequence clears the base's);
/// - anything else is replaced by the overlay's value.
///
/// The result is a new document holding both trees' nodes, each still carrying its own
/// marks and the name of the file it came from (`YAMLNode.sourceName`), so a diagnostic on a
/// merged value points at the line that wrote it, in the template or in the project.
public enum YAMLOverlay {
    /// The merged tree, or nil when merging would make more than `maxMergedNodes` new nodes
    /// (shared nodes are merged once, so only a hostile pair of trees gets near it).
    public static func overlay(_ overlay: YAMLNode, named overlayName: String, on base: YAMLNode, named baseName: String,
                               idKey: String = "id", maxMergedNodes: Int = YAMLLimits.default.maxAliasExpansion) -> YAMLNode? {
        var builder = Builder(idKey: idKey, budget: maxMergedNodes)
        let baseOffset = builder.copy(base.document, name: baseName)
        let overlayOffset = builder.copy(overlay.document, name: overlayName)
        let root = builder.merge(base, baseOffset, overlay, overlayOffset, name: overlay.sourceName ?? overlayName)
        guard builder.budget >= 0 else { return nil }
        let document = YAMLDocument(
            nodes: builder.nodes, children: builder.children, scalarBytes: builder.bytes, tags: builder.tags,
            root: root, range: overlay.document.range, origins: builder.origins
        )
        return YAMLNode(document: document, index: root)
    }

    private struct Builder {
        let idKey: String
        /// New nodes still allowed; below zero, the merge has given up.
        var budget: Int
        /// Pairs already merged: an alias makes the same pair come up again, and must give
        /// the same (shared) node rather than a copy.
        var merged: [UInt64: UInt32] = [:]
        var nodes: [NodeRecord] = []
        var children: [UInt32] = []
        var bytes: [UInt8] = []
        var tags: [String] = [""]
        var origins: [(firstNode: UInt32, name: String)] = []

        init(idKey: String, budget: Int) {
            self.idKey = idKey
            self.budget = budget
        }

        /// Appends all of `document`'s storage; returns the offset its node indexes now have.
        mutating func copy(_ document: YAMLDocument, name: String) -> UInt32 {
            let nodeOffset = UInt32(nodes.count), childOffset = UInt32(children.count)
            let byteOffset = UInt32(bytes.count), tagOffset = UInt16(tags.count - 1)
            if document.origins.isEmpty {
                origins.append((nodeOffset, name))
            } else {
                origins += document.origins.map { ($0.firstNode + nodeOffset, $0.name) }
            }
            nodes.reserveCapacity(nodes.count + document.nodes.count)
            for var record in document.nodes {
                if record.kind == NodeKind.scalar.rawValue {
                    record.payloadStart += byteOffset
                } else {
                    record.payloadStart += childOffset
                }
                if record.tag != 0 { record.tag += tagOffset }
                nodes.append(record)
            }
            children += document.children.map { $0 + nodeOffset }
            bytes += document.scalarBytes
            tags += document.tags.dropFirst()
            return nodeOffset
        }

        /// The index of `overlay` merged onto `base` (both already copied at their offsets).
        mutating func merge(_ base: YAMLNode, _ baseOffset: UInt32, _ overlay: YAMLNode, _ overlayOffset: UInt32,
                            name: String) -> UInt32 {
            let pair = UInt64(base.index + baseOffset) << 32 | UInt64(overlay.index + overlayOffset)
            if let known = self.merged[pair] { return known }
            guard budget >= 0 else { return overlay.index + overlayOffset }
            let result = mergeOnce(base, baseOffset, overlay, overlayOffset, name: name)
            self.merged[pair] = result
            return result
        }

        private mutating func mergeOnce(_ base: YAMLNode, _ baseOffset: UInt32, _ overlay: YAMLNode, _ overlayOffset: UInt32,
                                        name: String) -> UInt32 {
            if base.isMapping && overlay.isMapping {
                var merged: [UInt32] = []
                var used = Set<Int>()
                var overlayKeys: [[UInt8]: Int] = [:]
                for (position, pair) in overlay.pairs.enumerated() where pair.key.isScalar {
                    let key = pair.key.withScalarBytes { Array($0) }
                    if overlayKeys[key] == nil { overlayKeys[key] = position }
                }
                for pair in base.pairs {
                    let key = pair.key.isScalar ? pair.key.withScalarBytes { Array($0) } : nil
                    if let key, let position = overlayKeys[key] {
                        used.insert(position)
                        let other = overlay.pairs[position]
                        merged += [other.key.index + overlayOffset,
                                   merge(pair.value, baseOffset, other.value, overlayOffset, name: other.value.sourceName ?? name)]
                    } else {
                        merged += [pair.key.index + baseOffset, pair.value.index + baseOffset]
                    }
                }
                for (position, pair) in overlay.pairs.enumerated() where !used.contains(position) {
                    merged += [pair.key.index + overlayOffset, pair.value.index + overlayOffset]
                }
                return add(overlay, overlayOffset, children: merged, name: name)
            }
            if base.isSequence && overlay.isSequence && overlay.count > 0, let baseIDs = ids(base), let overlayIDs = ids(overlay) {
                var merged: [UInt32] = []
                var used = Set<Int>()
                var positions: [String: Int] = [:]
                for (position, id) in overlayIDs.enumerated() where positions[id] == nil { positions[id] = position }
                for (item, id) in zip(base.items, baseIDs) {
                    if let position = positions[id], !used.contains(position) {
                        used.insert(position)
                        let other = overlay.items[position]
                        merged.append(merge(item, baseOffset, other, overlayOffset, name: other.sourceName ?? name))
                    } else {
                        merged.append(item.index + baseOffset)
                    }
                }
                for (position, item) in overlay.items.enumerated() where !used.contains(position) {
                    merged.append(item.index + overlayOffset)
                }
                return add(overlay, overlayOffset, children: merged, name: name)
            }
            return overlay.index + overlayOffset
        }

        /// A merged collection: the overlay's record (its marks and style) over new children.
        private mutating func add(_ overlay: YAMLNode, _ offset: UInt32, children merged: [UInt32], name: String) -> UInt32 {
            budget -= 1 + merged.count
            var record = nodes[Int(overlay.index + offset)]
            record.payloadStart = UInt32(children.count)
            record.payloadCount = UInt32(merged.count)
            children += merged
            let index = UInt32(nodes.count)
            if origins.last?.name != name { origins.append((index, name)) }
            nodes.append(record)
            return index
        }

        /// The scalar ids of a sequence's items, or nil unless every item is a mapping with one.
        private func ids(_ sequence: YAMLNode) -> [String]? {
            var result: [String] = []
            for item in sequence.items {
                guard item.isMapping, let id = item[idKey], id.isScalar, let text = id.scalarText else { return nil }
                result.append(text)
            }
            return result
        }
    }
}
