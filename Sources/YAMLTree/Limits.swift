/// Bounds that keep hostile or accidental input from costing time, memory or the stack.
///
/// Every limit is checked as events arrive, so a file is refused at the point where it
/// crosses one, before libyaml reads the rest of it.
public struct YAMLLimits: Sendable, Hashable {
    /// Largest input accepted, in bytes. Project files are kilobytes; the default leaves room
    /// for generated rosters and catalogs while refusing runaway files before they are read.
    public var maxInputBytes: Int
    /// Deepest nesting of collections. libyaml has no limit of its own and slows down
    /// quadratically with flow depth, so the composer stops pulling events here.
    public var maxDepth: Int
    /// Most nodes that aliases may add when the document is expanded ("billion laughs").
    public var maxAliasExpansion: Int
    /// Longest single scalar, in bytes.
    public var maxScalarBytes: Int
    /// Whether a key repeated in one mapping is an error (YAML says keys are unique).
    public var rejectDuplicateKeys: Bool

    public init(
        maxInputBytes: Int = 16 << 20,
        maxDepth: Int = 256,
        maxAliasExpansion: Int = 1_000_000,
        maxScalarBytes: Int = 1 << 20,
        rejectDuplicateKeys: Bool = true
    ) {
        self.maxInputBytes = maxInputBytes
        self.maxDepth = maxDepth
        self.maxAliasExpansion = maxAliasExpansion
        self.maxScalarBytes = maxScalarBytes
        self.rejectDuplicateKeys = rejectDuplicateKeys
    }

    public static let `default` = YAMLLimits()
}
