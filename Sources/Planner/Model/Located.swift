import YAMLTree

/// A value read from a file, with the place it was written, so any later check can point at it.
public struct Located<Value>: CustomStringConvertible {
    public var value: Value
    public var range: SourceRange
    /// The file the value was read from (a template, a catalog or the project itself).
    public var file: String

    public init(_ value: Value, range: SourceRange, file: String) {
        self.value = value
        self.range = range
        self.file = file
    }

    public var description: String { "\(value)" }
}

extension Located: Sendable where Value: Sendable {}
extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}
