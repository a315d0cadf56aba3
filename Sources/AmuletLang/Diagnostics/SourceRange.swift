/// A span of source text from `start` up to, but not including, `end`.
///
/// Every token and syntax node carries one, so diagnostics can underline it and a session can
/// recover the exact text a statement was written with.
public struct SourceRange: Sendable, Equatable, Hashable, Codable {
    /// The first position inside the range.
    public var start: SourceLocation
    /// The position just after the range.
    public var end: SourceLocation

    /// Creates a range from its first position and the position just after it.
    public init(start: SourceLocation, end: SourceLocation) {
        self.start = start
        self.end = end
    }

    /// Creates a range of `length` characters on one line.
    public init(start: SourceLocation, length: Int) {
        self.init(start: start, end: start.advanced(by: length))
    }

    /// The range from the start of `self` to the end of `other`.
    public func extended(to other: SourceRange) -> SourceRange {
        SourceRange(start: start, end: other.end)
    }

    /// The number of characters covered when the range lies on one line, otherwise `nil`.
    public var length: Int? {
        start.line == end.line ? end.column - start.column : nil
    }

    /// The exact text this range covers in `source`, or `""` if it lies outside `source`.
    public func text(in source: String) -> String {
        SourceLines(source).text(of: self)
    }
}
