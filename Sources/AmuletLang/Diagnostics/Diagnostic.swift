/// A user-facing problem found in Amulet source or while running it.
///
/// Tests match on `kind`, not on the wording of `message`, as swift-syntax's `MessageID` does.
/// `DiagnosticRenderer` turns a diagnostic into text; nothing here formats for a terminal.
public struct Diagnostic: Error, Sendable, Equatable {
    /// What went wrong, as a stable category that tests and tools can match on.
    public enum Kind: String, Sendable, Equatable, Hashable, CaseIterable {
        /// A character that cannot start any token, such as `@`.
        case unexpectedCharacter
        /// A malformed or out-of-range number such as `1e` or `3.4.5`.
        case badNumber
        /// A string without its closing quote on the same line.
        case unterminatedString
        /// A backslash escape other than `\"`, `\\`, `\n` or `\t`.
        case badEscape
        /// A token the grammar does not allow at this point.
        case unexpectedToken
        /// A `{` or `[` that is never closed.
        case unclosedBlock
        /// Blocks or lists nested more than `Parser.maximumNestingDepth` deep.
        case nestedTooDeeply
        /// A statement that starts with a word that is not a verb, keyword or def.
        case unknownVerb
        /// A name (dataset, attack, def, variable, …) that is not defined.
        case unknownName
        /// An argument that is malformed or not accepted by the command.
        case badArgument
        /// A required argument that was not given.
        case missingArgument
        /// A value outside the range its parameter accepts.
        case outOfRange
        /// A value of the wrong type, such as a string where a number is needed.
        case wrongType
        /// A failure while running a statement.
        case runtime
        /// A failure reading or writing a file.
        case io
        /// An `assert` whose value is outside its bound or undefined.
        case assertionFailed
    }

    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Equatable, Hashable, CaseIterable {
        /// The statement failed.
        case error
        /// The statement ran, but probably not as intended.
        case warning
        /// Extra information attached to another diagnostic.
        case note
    }

    /// The category of the problem.
    public var kind: Kind
    /// A one-line, lower-case description, such as `unknown attack 'mai'`.
    public var message: String
    /// Where the problem starts, or `nil` when it has no place in the source.
    public var location: SourceLocation?
    /// How many `Character`s from `location` the problem covers (at least 1 when rendered).
    public var length: Int
    /// A hint such as `did you mean 'mia'?`, or `nil`.
    public var suggestion: String?
    /// How serious the problem is; `.error` unless stated.
    public var severity: Severity

    /// Creates a diagnostic; only the kind and the message are required.
    public init(
        _ kind: Kind, _ message: String, at location: SourceLocation? = nil, length: Int = 1,
        suggestion: String? = nil, severity: Severity = .error
    ) {
        self.kind = kind
        self.message = message
        self.location = location
        self.length = length
        self.suggestion = suggestion
        self.severity = severity
    }

    /// Creates a diagnostic with every field labelled, as a memberwise initializer would.
    public init(
        kind: Kind, message: String, location: SourceLocation? = nil, length: Int = 1,
        suggestion: String? = nil, severity: Severity = .error
    ) {
        self.init(
            kind, message, at: location, length: length, suggestion: suggestion,
            severity: severity)
    }

    /// Creates a diagnostic covering a source range (only its first line is underlined).
    public init(
        _ kind: Kind, _ message: String, range: SourceRange, suggestion: String? = nil,
        severity: Severity = .error
    ) {
        self.init(
            kind, message, at: range.start, length: range.length ?? 1, suggestion: suggestion,
            severity: severity)
    }
}

extension Diagnostic: CustomStringConvertible {
    /// A plain one-line form, `file:line:column: error: message`, for logs and test failures.
    public var description: String {
        let place = location.map { "\($0): " } ?? ""
        return "\(place)\(severity.rawValue): \(message)"
    }
}
