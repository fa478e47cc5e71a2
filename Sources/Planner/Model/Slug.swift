/// Text as a slug: lowercase ASCII letters and digits, every run of anything else one hyphen,
/// never a hyphen at either end. Ids pbl suggests, safe student names, file names and imported
/// catalog ids all take this one spelling, differing only in how long they may be.
public enum Slug {
    public enum Limit: Sendable {
        /// As long as the text.
        case unlimited
        /// At most this many characters, stopping before a hyphen that would have no letter after it.
        case characters(Int)
        /// At most this many characters, cut back to the last hyphen when that keeps at least
        /// `keeping` of them (a cut between words rather than inside one).
        case words(Int, keeping: Int)
    }

    /// The slug of `text`, nil when it has no ASCII letter or digit at all.
    public static func of(_ text: String, limit: Limit = .unlimited) -> String? {
        var result: [UInt8] = []
        var pendingHyphen = false
        let maximum: Int? = switch limit {
        case .unlimited, .words: nil
        case .characters(let count): count
        }
        for scalar in text.unicodeScalars {
            guard scalar.isASCII else { pendingHyphen = true; continue }
            var byte = UInt8(scalar.value)
            if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
            guard (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) else { pendingHyphen = true; continue }
            if pendingHyphen && !result.isEmpty {
                if let maximum, result.count + 2 > maximum { break }
                result.append(0x2D)
            }
            result.append(byte)
            pendingHyphen = false
            if let maximum, result.count >= maximum { break }
        }
        if case .words(let maximum, let keeping) = limit, result.count > maximum {
            result.removeSubrange(maximum...)
            if let hyphen = result.lastIndex(of: 0x2D), hyphen >= keeping { result.removeSubrange(hyphen...) }
            while result.last == 0x2D { result.removeLast() }
        }
        return result.isEmpty ? nil : String(decoding: result, as: UTF8.self)
    }
}
