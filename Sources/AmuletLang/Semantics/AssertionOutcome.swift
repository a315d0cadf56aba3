/// What one `assert` found: the statement, the value it checked and whether it held.
///
/// `amulet --format junit` writes one test case per outcome, so a script of assertions is a
/// test suite a CI pipeline can gate on.
public struct AssertionOutcome: Sendable, Equatable {
    /// The assertion's source text, such as `assert accuracy > 0.8`.
    public var source: String
    /// Where the assertion was written.
    public var location: SourceLocation
    /// Whether the value met the bound.
    public var passed: Bool
    /// What was checked: `accuracy of 'mlp-16' is 0.842, within > 0.8`.
    public var message: String

    /// An outcome.
    public init(source: String, location: SourceLocation, passed: Bool, message: String) {
        self.source = source
        self.location = location
        self.passed = passed
        self.message = message
    }
}
