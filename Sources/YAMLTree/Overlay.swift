/// One tree laid over another, as a project is laid over the template it extends:
///
/// - two mappings merge key by key: the base's keys in the base's order, each taking the
///   overlay's value where the overlay has the key (merged again when both are collections),
///   then the overlay's new keys in its order;
/// - two sequences whose items are all mappings with a scalar `id` merge by id: the base's
///   items in order, each merged with the overlay's item of the same id, then the overlay's
///   new items (an empty overlay sequence clears the base's);
/// - sequences at an appending path (`calendar.no_school`: adding is what a teacher means)
///   combine: the base's items, then the overlay's items the base does not already have;
/// - anything else is replaced by the overlay's value;
/// - a value the overlay tags `!override` replaces the base's whatever its kind: the explicit
///   way to replace an appending list, or to drop a template's items on purpose.
///
/// The result is a new document holding both trees' nodes, each still carrying its own
/// marks and the name of the file it came from (`YAMLNode.sourceName`), so a diagnostic on a
/// merged value points at the line that wrote it, in the template or in the project.
public enum YAMLOverlay {
    /// The tag that makes an overlay's value replace the base's.
    public static let overrideTag = "!override"

    /// A sequence of the overlay that replaced one of the base's and left some of its items
    /// out, or an appending sequence that added nothing: a merge the author may not have meant.
    public struct Replacement {
        public enum Kind: Equatable {
            /// The overlay's list replaced the base's, which had `dropped` items the overlay lacks.
            case replaced(dropped: Int)
            /// An empty list at an appending path: the base's items stay.
            case addedNothing
        }

        /// Keys from the root, `*` for an item of a list merged by id: `calendar.no_school`,
        /// `cycles.*.milestones.*.standards`.
        public var path: String
        public var kind: Kind
        /// The overlay's value and the base's, both nodes of the merged document.
        public var overlay: YAMLNode
        public var base: YAMLNode
    }

    public struct Result {
        public var root: YAMLNode
        public var replacements: [Replacement]
    }

    /// The merged tree, or nil when merging would make more than `maxMergedNodes` new nodes
    /// (shared nodes are merged once, so only a hostile pair of trees gets near it).
    public static func overlay(_ overlay: YAMLNode, named overlayName: String, on base: YAMLNode, named baseName: String,
                               idKey: String = "id", appending: Set<String> = [],
                               maxMergedNodes: Int = YAMLLimits.default.maxAliasExpansion) -> YAMLNode? {
        merge(overlay, named: overlayName, on: base, named: baseName, idKey: idKey, appending: appending,
              maxMergedNodes: maxMergedNodes)?.root
    }

    /// The merged tree with the replacements worth telling the author about.
    public static func merge(_ overlay: YAMLNode, named overlayName: String, on base: YAMLNode, named baseName: String,
                             idKey: String = "id", appending: Set<String> = [],
                             maxMergedNodes: Int = YAMLLimits.default.maxAliasExpansion) -> Result? {
        var builder = Builder(idKey: idKey, appending: appending, budget: maxMergedNodes)
        let baseOffset = builder.copy(base.document, name: baseName)
        let overlayOffset = builder.copy(overlay.document, name: overlayName)
        let root = builder.merge(base, baseOffset, overlay, overlayOffset, name: overlay.sourceName ?? overlayName, path: "")
        guard builder.budget >= 0 else { return nil }
        let document = YAMLDocument(
            nodes: builder.nodes, children: builder.children, scalarBytes: builder.bytes, tags: builder.tags,
            root: root, range: overlay.document.range, origins: builder.origins
        )
        let replacements = builder.replacements.map { found in
            Replacement(path: found.path, kind: found.kind, overlay: YAMLNode(document: document, index: found.overlay),
                        base: YAMLNode(document: document, index: found.base))
        }
        return Result(root: YAMLNode(document: document, index: root), replacements: replacements)
    }

    private struct Builder {
        let idKey: String
        let appending: Set<String>
        var replacements: [(path: String, kind: Replacement.Kind, overlay: UInt32, base: UInt32)] = []
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

        init(idKey: String, appending: Set<String>, budget: Int) {
            self.idKey = idKey
            self.appending = appending
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
                            name: String, path: String) -> UInt32 {
            let pair = UInt64(base.index + baseOffset) << 32 | UInt64(overlay.index + overlayOffset)
            if let known = self.merged[pair] { return known }
            guard budget >= 0 else { return overlay.index + overlayOffset }
            let result = mergeOnce(base, baseOffset, overlay, overlayOffset, name: name, path: path)
            self.merged[pair] = result
            return result
        }

        private static func child(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

        private mutating func mergeOnce(_ base: YAMLNode, _ baseOffset: UInt32, _ overlay: YAMLNode, _ overlayOffset: UInt32,
                                        name: String, path: String) -> UInt32 {
            if overlay.tag == YAMLOverlay.overrideTag { return overlay.index + overlayOffset }
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
                                   merge(pair.value, baseOffset, other.value, overlayOffset, name: other.value.sourceName ?? name,
                                         path: Self.child(path, pair.key.scalarText ?? ""))]
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
                        merged.append(merge(item, baseOffset, other, overlayOffset, name: other.sourceName ?? name,
                                            path: Self.child(path, "*")))
                    } else {
                        merged.append(item.index + baseOffset)
                    }
                }
                for (position, item) in overlay.items.enumerated() where !used.contains(position) {
                    merged.append(item.index + overlayOffset)
                }
                return add(overlay, overlayOffset, children: merged, name: name)
            }
            if base.isSequence && overlay.isSequence && appending.contains(path) {
                if overlay.count == 0 {
                    replacements.append((path, .addedNothing, overlay.index + overlayOffset, base.index + baseOffset))
                    return base.index + baseOffset
                }
                let known = Set(base.items.compactMap { $0.isScalar ? $0.scalarText : nil })
                let added = overlay.items.filter { !($0.isScalar && $0.scalarText.map(known.contains) == true) }
                return add(overlay, overlayOffset, children: base.items.map { $0.index + baseOffset } + added.map { $0.index + overlayOffset },
                           name: name)
            }
            if base.isSequence && overlay.isSequence && base.count > 0 {
                // Scalars by text; anything else is counted as kept only when the overlay has
                // something in its place, so a list of mappings without ids reports what it drops.
                let kept = Set(overlay.items.compactMap { $0.isScalar ? $0.scalarText : nil })
                let dropped = base.items.filter { $0.isScalar ? !($0.scalarText.map(kept.contains) ?? false) : false }.count
                    + max(0, base.items.filter { !$0.isScalar }.count - overlay.items.filter { !$0.isScalar }.count)
                if dropped > 0 {
                    replacements.append((path, .replaced(dropped: dropped), overlay.index + overlayOffset, base.index + baseOffset))
                }
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
