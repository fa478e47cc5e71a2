// Mappings as they close: duplicate keys (by meaning) and YAML 1.1 merge keys.
extension Composer {
    mutating func checkAndMerge(_ frame: Frame) throws(YAMLError) {
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

    fileprivate func isMergeKey(_ node: UInt32) -> Bool {
        let record = nodes[Int(node)]
        guard record.kind == NodeKind.scalar.rawValue, record.payloadCount == 2 else { return false }
        let start = Int(record.payloadStart)
        guard bytes[start] == UInt8(ascii: "<"), bytes[start + 1] == UInt8(ascii: "<") else { return false }
        if record.tag != 0 { return tags[Int(record.tag)] == "tag:yaml.org,2002:merge" }
        return record.style == ScalarStyle.plain.rawValue
    }

    /// What a scalar key means, for finding duplicates: `1` and `"1"` are different keys
    /// (an integer and a string), while `~` and `null` are the same one.
    fileprivate func keyIdentity(_ node: UInt32) -> KeyIdentity? {
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
    fileprivate func mayResolve(_ start: Int, _ count: Int) -> Bool {
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

    fileprivate static let nonStringWords: [[UInt8]] = ["null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"]
        .map { Array($0.utf8) }

    fileprivate enum KeyIdentity {
        /// A string key: its bytes in the arena.
        case text(start: Int, count: Int)
        case resolved(String)
    }

    fileprivate func same(_ a: KeyIdentity, _ b: KeyIdentity) -> Bool {
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

    fileprivate func sameScalarKey(_ a: UInt32, _ b: UInt32) -> Bool {
        guard let ka = keyIdentity(a), let kb = keyIdentity(b) else { return false }
        return same(ka, kb)
    }

    fileprivate func keySlice(_ node: UInt32) -> ArraySlice<UInt8>? {
        let record = nodes[Int(node)]
        guard record.kind == NodeKind.scalar.rawValue else { return nil }
        let start = Int(record.payloadStart)
        return bytes[start..<start + Int(record.payloadCount)]
    }

    fileprivate func rejectDuplicates(from first: Int, pairCount: Int) throws(YAMLError) {
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
    fileprivate func quickSame(_ a: UInt32, _ b: UInt32) -> Bool {
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
    fileprivate func mayResolve(_ record: NodeRecord) -> Bool {
        record.style == ScalarStyle.plain.rawValue && record.tag == 0
            && (record.payloadCount == 0 || mayResolve(Int(record.payloadStart), Int(record.payloadCount)))
    }

    /// Hashes a key's meaning; equal hashes are confirmed with `same` before they count.
    fileprivate struct KeyHash: Hashable {
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

    fileprivate func duplicate(_ key: UInt32, first: UInt32) -> YAMLError {
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
    fileprivate mutating func applyMerges(from first: Int, pairCount: Int) throws(YAMLError) {
        let original = Array(pending[first...])
        var explicitKeys: [UInt32] = []
        for pair in 0..<pairCount where !isMergeKey(original[pair * 2]) {
            explicitKeys.append(original[pair * 2])
        }
        var merged: [UInt32] = []
        merged.reserveCapacity(original.count)
        // Keys taken so far, by the hash of their meaning (equal hashes confirmed): a merge of a
        // mapping of 20,000 keys is 20,000 look-ups, not 20,000 squared comparisons.
        var takenKeys: [KeyHash: [UInt32]] = [:]
        let bytes = self.bytes
        func hash(_ key: UInt32) -> KeyHash? { keyIdentity(key).map { KeyHash($0, bytes) } }
        func taken(_ key: UInt32) -> Bool {
            guard let hash = hash(key), let candidates = takenKeys[hash] else { return false }
            return candidates.contains { sameScalarKey($0, key) }
        }
        func take(_ key: UInt32) {
            if let hash = hash(key) { takenKeys[hash, default: []].append(key) }
        }
        for key in explicitKeys { take(key) }
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
                    take(sourceKey)
                }
            }
        }
        pending.replaceSubrange(first..., with: merged)
    }

    fileprivate func mergeSources(_ value: UInt32, key: UInt32) throws(YAMLError) -> [UInt32] {
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
    fileprivate func invalidMerge(_ node: UInt32) -> YAMLError {
        YAMLError(
            .invalidMerge,
            "a merge key `<<` takes a mapping or a list of mappings",
            at: range(of: node),
            help: "write `<<: *name` where &name marks a mapping, or `<<: [*a, *b]`"
        )
    }
}
