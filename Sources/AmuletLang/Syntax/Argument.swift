/// One argument of a command: `name=value`, or a positional `value`.
public struct Argument: Sendable, Equatable, Hashable {
    /// The parameter name for `name=value`, or `nil` for a positional argument.
    public var name: String?
    /// Where the name was written, or `nil` for a positional argument.
    public var nameRange: SourceRange?
    /// The argument's value.
    public var value: Expr

    /// Creates a named argument, or a positional one when `name` is `nil`.
    public init(name: String? = nil, nameRange: SourceRange? = nil, value: Expr) {
        self.name = name
        self.nameRange = nameRange
        self.value = value
    }

    /// The span from the name (or the value, if positional) to the end of the value.
    public var range: SourceRange {
        guard let nameRange else { return value.range }
        return nameRange.extended(to: value.range)
    }
}
