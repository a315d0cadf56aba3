/// The names tab completion can offer, gathered from the Catalog and the session.
///
/// A tree rather than a table of joined strings: each command word holds its subjects and its
/// own parameters, each subject its parameters, each parameter its choices. The completer walks
/// it with the words as typed, `vocabulary.command("attack")?.subject("mia")?.choices(for:
/// "method")`, so no lookup key is ever assembled from pieces and a name with a space in it
/// cannot collide with a deeper level.
public struct CompletionVocabulary: Sendable, Equatable {
    /// The verbs that start a command, such as `load`, `train` and `attack`.
    public var verbs: [String]
    /// The words with a fixed meaning at the start of a statement: `let`, `for`, `repeat`, `def`.
    public var keywords: [String]
    /// What may follow each command word (a verb or a keyword such as `tune`), by that word.
    public var commands: [String: Command]
    /// Names bound by `let`, without the `$`.
    public var variables: [String]
    /// Names of blocks defined with `def`, which a bare name calls.
    public var defs: [String]
    /// Metric names as tables show them, for `assert` and `tune … subject to`.
    public var metrics: [String]

    /// Creates a vocabulary; every list defaults to empty.
    public init(
        verbs: [String] = [], keywords: [String] = [], commands: [String: Command] = [:],
        variables: [String] = [], defs: [String] = [], metrics: [String] = []
    ) {
        self.verbs = verbs
        self.keywords = keywords
        self.commands = commands
        self.variables = variables
        self.defs = defs
        self.metrics = metrics
    }

    /// What may follow the command word `word`, or nil when it takes nothing known.
    public func command(_ word: String) -> Command? { commands[word] }

    /// What may follow one command word: the names after it and the parameters it takes itself.
    public struct Command: Sendable, Equatable {
        /// The names that may follow the word, such as the attacks after `attack`.
        public var subjects: [Subject]
        /// The parameters the word takes itself, with or without a subject: `set format=`,
        /// `compare all baseline=`.
        public var parameters: [Parameter]

        /// Creates a command's vocabulary; both lists default to empty.
        public init(subjects: [Subject] = [], parameters: [Parameter] = []) {
            self.subjects = subjects
            self.parameters = parameters
        }

        /// The subjects' names, in the order they are declared.
        public var subjectNames: [String] { subjects.map(\.name) }

        /// The subject called `name`, or nil when the word takes no such subject.
        public func subject(_ name: String) -> Subject? { subjects.first { $0.name == name } }

        /// The parameters open after `subject` (nil when none is typed): the subject's own,
        /// then the command's.
        public func parameters(after subject: String?) -> [Parameter] {
            (subject.flatMap { self.subject($0) }?.parameters ?? []) + parameters
        }

        /// The values parameter `name` takes after `subject`, when it is enumerated: the
        /// subject's parameter first, then the command's own.
        public func choices(for name: String, after subject: String?) -> [String]? {
            subject.flatMap { self.subject($0) }?.choices(for: name)
                ?? parameters.choices(for: name)
        }
    }

    /// A name that follows a command word, with the parameters it takes: `mia` after `attack`.
    public struct Subject: Sendable, Equatable, ExpressibleByStringLiteral {
        /// The word as typed.
        public var name: String
        /// Its parameters, in the order they are declared.
        public var parameters: [Parameter]

        /// Creates a subject with its parameters.
        public init(_ name: String, parameters: [Parameter] = []) {
            self.name = name
            self.parameters = parameters
        }

        /// Creates a subject without parameters from its name.
        public init(stringLiteral name: String) { self.init(name) }

        /// The values parameter `name` takes, or nil when it has none or is not enumerated.
        public func choices(for name: String) -> [String]? { parameters.choices(for: name) }
    }

    /// A parameter name and, when it is enumerated, the values it takes.
    public struct Parameter: Sendable, Equatable, ExpressibleByStringLiteral {
        /// The name typed before `=`.
        public var name: String
        /// The words it takes (a choice's options, `on`/`off` for a flag); empty for a free
        /// value such as a number or a path.
        public var choices: [String]

        /// Creates a parameter with its choices.
        public init(_ name: String, choices: [String] = []) {
            self.name = name
            self.choices = choices
        }

        /// Creates a parameter with a free value from its name.
        public init(stringLiteral name: String) { self.init(name) }
    }
}

extension [CompletionVocabulary.Parameter] {
    /// The choices of the parameter called `name`, or nil when it is absent or not enumerated.
    func choices(for name: String) -> [String]? {
        guard let parameter = first(where: { $0.name == name }), !parameter.choices.isEmpty else {
            return nil
        }
        return parameter.choices
    }
}
