/// "Did you mean ...?": the nearest of `candidates` to `word`, if it is near enough to be
/// a typo rather than a different word.
public enum Suggest {
    public static func nearest(to word: String, in candidates: [String]) -> String? {
        nearest(to: word, in: candidates, count: 1).first
    }

    /// Up to `count` candidates within a typo's distance, nearest first.
    public static func nearest(to word: String, in candidates: [String], count: Int) -> [String] {
        let lowered = Array(word.lowercased().unicodeScalars)
        let limit = max(2, lowered.count / 3)
        var scored: [(distance: Int, candidate: String)] = []
        for candidate in candidates {
            let other = Array(candidate.lowercased().unicodeScalars)
            if abs(other.count - lowered.count) > limit { continue }
            let distance = editDistance(lowered, other)
            if distance <= limit { scored.append((distance, candidate)) }
        }
        scored.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.candidate < $1.candidate }
        return scored.prefix(count).map(\.candidate)
    }

    /// Damerau-Levenshtein (optimal string alignment): a swapped pair of letters is one edit.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previousPrevious[j - 2] + 1)
                }
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
