import PlannerModel

/// CASE education levels (`06`, `KG`, `HS`, ...) as pbl grades and bands.
enum GradeLevels {
    /// A grade or band for `levels`, and the levels that name no grade pbl knows.
    static func band(_ levels: [String]) -> (grade: String?, unknown: [String]) {
        var low = Int.max
        var high = Int.min
        var unknown: [String] = []
        for raw in levels {
            let level = raw.trimmed
            if level.isEmpty { continue }
            guard let range = span(level) else {
                if !unknown.contains(level) { unknown.append(level) }
                continue
            }
            low = min(low, range.lowerBound)
            high = max(high, range.upperBound)
        }
        guard low <= high else { return (nil, unknown) }
        var grade = Grade(level: low)
        grade.high = high
        return (grade.description, unknown)
    }

    /// `KG`/`K` is kindergarten, `01`..`12` (or `1`..`12`) a grade, `HS` grades 9 to 12, and a
    /// band such as `6-8` or `06-08` its range.
    static func span(_ level: String) -> ClosedRange<Int>? {
        let parts = level.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 2, let low = single(parts[0]), let high = single(parts[1]), low.lowerBound <= high.upperBound {
            return low.lowerBound...high.upperBound
        }
        return parts.count == 1 ? single(parts[0]) : nil
    }

    private static func single(_ text: Substring) -> ClosedRange<Int>? {
        let upper = String(text).trimmed.uppercased()
        switch upper {
        case "K", "KG", "KINDERGARTEN": return 0...0
        case "HS": return 9...12
        default:
            guard !upper.isEmpty, upper.utf8.count <= 3, upper.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  let value = Int(upper), (1...12).contains(value) else { return nil }
            return value...value
        }
    }
}
