/// A position in a source file, as a teacher's editor shows it.
///
/// `line` and `column` are 1-based; `column` counts Unicode scalars (characters as libyaml
/// counts them), `offset` is the 0-based byte offset into the file, counting a BOM.
public struct Mark: Hashable, Sendable, Comparable, CustomStringConvertible, CustomDebugStringConvertible {
    public var line: Int
    public var column: Int
    public var offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
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
