/// A position in a source file, as a teacher's editor shows it.
///
/// `line` and `column` are 1-based; `column` counts Unicode scalars (characters as libyaml
/// counts them), `offset` is the 0-based byte offset into the file, counting a BOM.
///
/// Stored in 32 bits each (inputs are limited far below 4 GB): every located value of a model
/// carries two marks, so their size matters.
public struct Mark: Hashable, Sendable, Comparable, CustomStringConvertible, CustomDebugStringConvertible {
    private var storedLine: UInt32
    private var storedColumn: UInt32
    private var storedOffset: UInt32

    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = UInt32(truncatingIfNeeded: newValue) }
    }

    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = UInt32(truncatingIfNeeded: newValue) }
    }

    public var offset: Int {
        get { Int(storedOffset) }
        set { storedOffset = UInt32(truncatingIfNeeded: newValue) }
    }

    public init(line: Int, column: Int, offset: Int) {
        storedLine = UInt32(truncatingIfNeeded: line)
        storedColumn = UInt32(truncatingIfNeeded: column)
        storedOffset = UInt32(truncatingIfNeeded: offset)
    }

    public static let start = Mark(line: 1, column: 1, offset: 0)

    public static func < (lhs: Mark, rhs: Mark) -> Bool { lhs.offset < rhs.offset }

    public var description: String { "\(line):\(column)" }

    public var debugDescription: String { "\(line):\(column)@\(offset)" }
}

/// A half-open span of source: `start` is the first character, `end` the position after the last.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    public var start: Mark
    public var end: Mark

    public init(start: Mark, end: Mark) {
        self.start = start
        self.end = end
    }

    public init(at mark: Mark) {
        self.init(start: mark, end: mark)
    }

    public static let fileStart = SourceRange(at: .start)

    public var description: String { "\(start)-\(end)" }
}
