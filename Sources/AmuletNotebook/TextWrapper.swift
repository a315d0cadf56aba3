/// Wraps text at word boundaries to a width, keeping each line's indentation.
///
/// A line longer than `width` breaks at the last space that fits; its continuation lines get
/// the line's leading spaces, so an indented paragraph (explain, help) stays indented. A
/// word longer than the width is left whole on its own line rather than cut mid-word.
public struct TextWrapper: Sendable {
    /// The widest a line may be, in Characters; at least 20.
    public var width: Int

    /// A wrapper for `width` columns.
    public init(width: Int) {
        self.width = max(20, width)
    }

    /// `text` with every line wrapped.
    public func wrap(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { wrapLine(String($0)) }.joined(separator: "\n")
    }

    private func wrapLine(_ line: String) -> String {
        guard line.count > width else { return line }
        let indent = String(line.prefix { $0 == " " })
        var lines: [String] = []
        var current = indent
        for word in line.dropFirst(indent.count).split(separator: " ") {
            let separator = current.count > indent.count ? " " : ""
            if current.count + separator.count + word.count > width, current.count > indent.count {
                lines.append(current)
                current = indent + word
            } else {
                current += separator + word
            }
        }
        lines.append(current)
        return lines.joined(separator: "\n")
    }
}
