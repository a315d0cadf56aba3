/// An index of where each line of a source text starts, for finding locations quickly.
///
/// Every `Character` whose `isNewline` is true ends a line, including `\r\n` (one `Character`
/// in Swift), so line numbers here agree with the lexer's. Building the index is O(n); looking
/// up a location is O(column).
struct SourceLines {
    /// The text being indexed.
    let source: String
    /// The index of the first character of each line; line `n` starts at `starts[n - 1]`.
    private let starts: [String.Index]

    /// Indexes the lines of `source`.
    init(_ source: String) {
        self.source = source
        var starts = [source.startIndex]
        var index = source.startIndex
        while index < source.endIndex {
            let next = source.index(after: index)
            if source[index].isNewline { starts.append(next) }
            index = next
        }
        self.starts = starts
    }

    /// The number of lines; text ending in a line break has an empty last line.
    var count: Int { starts.count }

    /// Line `number` (1-based) without its line break, or `nil` when there is no such line.
    func line(_ number: Int) -> Substring? {
        guard number >= 1, number <= starts.count else { return nil }
        let start = starts[number - 1]
        let end = source[start...].firstIndex(where: \.isNewline) ?? source.endIndex
        return source[start..<end]
    }

    /// The string index of `location`, or `nil` if it is not on a line of the source.
    ///
    /// The column just past the end of a line (where its line break or the end of input is)
    /// is a valid location.
    func index(of location: SourceLocation) -> String.Index? {
        guard location.line >= 1, location.line <= starts.count, location.column >= 1 else {
            return nil
        }
        var index = starts[location.line - 1]
        for _ in 1..<location.column {
            guard index < source.endIndex, !source[index].isNewline else { return nil }
            index = source.index(after: index)
        }
        return index
    }

    /// The text `range` covers; from its start to the end of input if its end is invalid.
    func text(of range: SourceRange) -> String {
        guard let lower = index(of: range.start) else { return "" }
        guard let upper = index(of: range.end), lower <= upper else {
            return String(source[lower...])
        }
        return String(source[lower..<upper])
    }
}
