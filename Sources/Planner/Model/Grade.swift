/// A grade level: K, 1 to 12, or a band like `6-8` or `K-2`.
public struct Grade: Sendable, Hashable, CustomStringConvertible {
    /// 0 is kindergarten.
    public var low: Int
    public var high: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2 else { return nil }
        guard let low = Grade.level(parts[0]) else { return nil }
        let high = parts.count == 2 ? Grade.level(parts[1]) : low
        guard let high, low <= high else { return nil }
        self.low = low
        self.high = high
    }

    public init(level: Int) {
        low = level
        high = level
    }

    private static func level(_ text: Substring) -> Int? {
        if text == "K" || text == "k" { return 0 }
        guard let value = Int(text), (1...12).contains(value), !text.hasPrefix("0"), !text.hasPrefix("+") else { return nil }
        return value
    }

    public func overlaps(_ other: Grade) -> Bool { low <= other.high && other.low <= high }

    public var description: String {
        func name(_ level: Int) -> String { level == 0 ? "K" : String(level) }
        return low == high ? name(low) : "\(name(low))-\(name(high))"
    }
}
