/// A verb with its optional subject and arguments, such as `attack mia shadows=16`.
///
/// The subject is the bare word directly after the verb when it is not followed by `=`:
/// `load adult`, `measure accuracy`, `export predictions out.csv` (subject `predictions`,
/// positional `out.csv`). Strings, numbers, variables and lists are never subjects.
public struct Command: Sendable, Equatable, Hashable {
    /// The verb that starts the command.
    public var verb: Verb
    /// Where the verb was written.
    public var verbRange: SourceRange
    /// The word naming what the verb acts on, if any.
    public var subject: String?
    /// Where the subject was written, if there is one.
    public var subjectRange: SourceRange?
    /// Named and positional arguments in source order.
    public var arguments: [Argument]
    /// The whole command, from the verb to the end of its last argument.
    public var range: SourceRange

    /// Creates a command.
    public init(
        verb: Verb, verbRange: SourceRange, subject: String? = nil,
        subjectRange: SourceRange? = nil, arguments: [Argument] = [], range: SourceRange
    ) {
        self.verb = verb
        self.verbRange = verbRange
        self.subject = subject
        self.subjectRange = subjectRange
        self.arguments = arguments
        self.range = range
    }

    /// The value of the first argument called `name`, if any.
    public func argument(named name: String) -> Expr? {
        arguments.first { $0.name == name }?.value
    }

    /// The positional arguments' values, in order.
    public var positionalArguments: [Expr] {
        arguments.filter { $0.name == nil }.map(\.value)
    }
}
