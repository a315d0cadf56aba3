/// A position in source text: an optional file name, a 1-based line and a 1-based column.
///
/// Columns count `Character`s (extended grapheme clusters), not bytes or scalars, so a caret
/// printed under the column lines up with what the user typed.
public struct SourceLocation: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// The file the text came from, or `nil` for interactive or inline input.
    public var file: String?
    /// The 1-based line number.
    public var line: Int
    /// The 1-based column, counted in `Character`s.
    public var column: Int

    /// Creates a location from a file name, a 1-based line and a 1-based column.
    public init(file: String? = nil, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, with `<input>` standing in for a missing file name.
    public var description: String {
        "\(file ?? "<input>"):\(line):\(column)"
    }

    /// The location `count` columns further along the same line.
    public func advanced(by count: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column + count)
    }

    /// Whether this location comes before `other` in reading order (file names are ignored).
    public func precedes(_ other: SourceLocation) -> Bool {
        (line, column) < (other.line, other.column)
    }
}
