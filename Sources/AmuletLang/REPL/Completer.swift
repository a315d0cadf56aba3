import AmuletRisks
import Foundation

/// The names tab completion can offer, gathered from the Catalog and the session.
public struct CompletionVocabulary: Sendable, Equatable {
    /// The verbs that start a command, such as `load`, `train` and `attack`.
    public var verbs: [String]
    /// The words with a fixed meaning at the start of a statement: `let`, `for`, `repeat`, `def`.
    public var keywords: [String]
    /// Catalog names that may follow each verb, such as the attacks after `attack`.
    public var subjects: [String: [String]]
    /// Parameter names, keyed by `"verb subject"` (`"train mlp"`) or by a bare verb (`"set"`).
    public var parameters: [String: [String]]
    /// Names bound by `let`, without the `$`.
    public var variables: [String]
    /// Names of blocks defined with `def`, which a bare name calls.
    public var defs: [String]
    /// The values an enumerated parameter takes, keyed by `"verb subject name"`
    /// (`"attack mia method"`) or `"verb name"` (`"set format"`).
    public var values: [String: [String]] = [:]
    /// Metric names as tables show them, for `assert` and `tune … subject to`.
    public var metrics: [String] = []

    /// Creates a vocabulary; every list defaults to empty.
    public init(
        verbs: [String] = [], keywords: [String] = [], subjects: [String: [String]] = [:],
        parameters: [String: [String]] = [:], variables: [String] = [], defs: [String] = []
    ) {
        self.verbs = verbs
        self.keywords = keywords
        self.subjects = subjects
        self.parameters = parameters
        self.variables = variables
        self.defs = defs
    }
}

/// What the line editor should do when the user presses tab.
public enum CompletionAction: Equatable, Sendable {
    /// Insert this text at the cursor: the rest of the only match or of the common prefix.
    case insert(String)
    /// List these candidates below the line; nothing is inserted.
    case show([String])
    /// There is nothing to complete.
    case none
}

/// Tab completion for the REPL as a pure function of the line and the cursor.
///
/// Only the text before the cursor matters. The statement being typed starts after the last
/// `;`, `{`, `}` or newline outside a string. Its first word completes to a verb, keyword or
/// `def` name; the word after a verb to that verb's subjects; later words to parameter names
/// (inserted as `name=`), and the value after an enumerated parameter's `=` to its choices
/// (`set format=` offers the formats). A word starting with `$` completes to a variable. The words after
/// `import`, `save`, `export` and `report`, the value of `path=`, and any word starting with
/// `"` complete to file paths.
public struct Completer: Sendable {
    /// The names to complete from.
    public var vocabulary: CompletionVocabulary
    /// Lists a directory: entry names, with a trailing `/` on directories.
    ///
    /// It receives the directory part of the typed path as typed (`"."` when there is none,
    /// so `~/` is passed through unexpanded) and returns an empty list when it cannot read it.
    public var listDirectory: @Sendable (String) -> [String]

    /// The verbs whose arguments are file paths.
    static let fileVerbs: Set<String> = ["import", "save", "export", "report"]

    /// Creates a completer over a vocabulary, listing directories with `listDirectory`.
    public init(
        vocabulary: CompletionVocabulary,
        listDirectory: @escaping @Sendable (String) -> [String] = Completer.diskDirectoryLister
    ) {
        self.vocabulary = vocabulary
        self.listDirectory = listDirectory
    }

    /// Decides what pressing tab does on `line` with the cursor at Character offset `cursor`.
    public func complete(line: String, cursor: Int) -> CompletionAction {
        let typed = String(line.prefix(max(0, cursor)))
        guard let context = StatementContext(scanning: typed) else { return .none }
        let word = context.currentWord
        if context.insideList {
            let item = word.split(separator: ",", omittingEmptySubsequences: false).last ?? ""
            return variables(after: String(item.drop { $0 == " " }))
        }
        if let equals = word.firstIndex(of: "="), !word.hasPrefix("\"") {
            let key = word[..<equals]
            let value = String(word[word.index(after: equals)...])
            if key == "path" { return resolve(paths(matching: value), typed: value) }
            if !value.hasPrefix("$"), let choices = valueChoices(String(key), context) {
                return resolve(choices.map { Candidate($0, terminator: " ") }, typed: value)
            }
            return variables(after: value)
        }
        if word.hasPrefix("$") { return variables(after: word) }
        if word.hasPrefix("\"") { return resolve(paths(matching: word), typed: word) }
        return resolve(positionalCandidates(context), typed: word)
    }

    /// The candidates for a plain word, chosen by its position in the statement.
    private func positionalCandidates(_ context: StatementContext) -> [Candidate] {
        let words = context.previousWords
        let word = context.currentWord
        guard let first = words.first else {
            let names = vocabulary.verbs + vocabulary.keywords + vocabulary.defs
            return names.map { Candidate($0, terminator: " ") }
        }
        if first == "for" && words.count == 2 { return [Candidate("in", terminator: " ")] }
        if first == Self.tuneVerb, let clause = tuneClauseCandidates(words) { return clause }
        guard vocabulary.verbs.contains(first) || vocabulary.subjects[first] != nil else {
            return []
        }
        let takesPaths = Self.fileVerbs.contains(first)
        var candidates: [Candidate] = []
        if words.count == 1, let subjects = vocabulary.subjects[first] {
            candidates += subjects.map { Candidate($0, terminator: " ") }
        } else {
            let subject = words.count > 1 && !words[1].contains("=") ? words[1] : nil
            let key = subject.map { "\(first) \($0)" } ?? first
            let names = vocabulary.parameters[key] ?? vocabulary.parameters[first] ?? []
            let given = Set(words.dropFirst().compactMap { $0.split(separator: "=").first })
            candidates += names.filter { !given.contains(Substring($0)) }.map {
                Candidate($0, terminator: "=")
            }
        }
        if takesPaths { candidates += paths(matching: word) }
        return candidates
    }

    /// The word that starts a `tune` statement.
    static let tuneVerb = Keyword.tune.rawValue

    /// In a `tune` statement's `subject to … [with …]` clause: metric names after `to` and
    /// `and`, nothing while a constraint's operator and bound are typed, evaluations after
    /// `with` and their parameters after that; nil before the clause (the defense's
    /// parameters, then `subject to`).
    private func tuneClauseCandidates(_ words: [String]) -> [Candidate]? {
        guard
            let to = words.indices.first(where: {
                $0 > 0 && words[$0 - 1] == Parser.tuneSubjectWords.0
                    && words[$0] == Parser.tuneSubjectWords.1
            })
        else { return nil }
        let evaluators = [PluginKind.attack.verb, PluginKind.metric.verb]
        if let with = words[to...].lastIndex(of: Parser.tuneWithWord) {
            let after = words[(with + 1)...]
            guard let plugin = after.first else {
                return evaluators.flatMap { vocabulary.subjects[$0] ?? [] }.map {
                    Candidate($0, terminator: " ")
                }
            }
            let names =
                evaluators.lazy.compactMap { self.vocabulary.parameters["\($0) \(plugin)"] }.first
                ?? []
            let given = Set(after.dropFirst().compactMap { $0.split(separator: "=").first })
            return names.filter { !given.contains(Substring($0)) }.map {
                Candidate($0, terminator: "=")
            }
        }
        let joiners = [Parser.tuneSubjectWords.1, Parser.tuneAndWord]
        guard let last = words.last, joiners.contains(last) else {
            // After a whole constraint (METRIC OP BOUND): another one, or the evaluations.
            let since = words.count - 1 - (words.lastIndex { joiners.contains($0) } ?? 0)
            return since >= 3
                ? [
                    Candidate(Parser.tuneAndWord, terminator: " "),
                    Candidate(Parser.tuneWithWord, terminator: " "),
                ] : []
        }
        return vocabulary.metrics.map { Candidate($0, terminator: " ") }
    }

    /// The values of parameter `name` in the statement being typed, if it is enumerated.
    private func valueChoices(_ name: String, _ context: StatementContext) -> [String]? {
        guard let first = context.previousWords.first else { return nil }
        if context.previousWords.count > 1, !context.previousWords[1].contains("="),
            let choices = vocabulary.values["\(first) \(context.previousWords[1]) \(name)"]
        {
            return choices
        }
        return vocabulary.values["\(first) \(name)"]
    }

    /// Variables completing a `$name` word, or nothing when the word is not one.
    private func variables(after word: String) -> CompletionAction {
        guard word.hasPrefix("$") else { return .none }
        let names = vocabulary.variables.map { Candidate("$" + $0, terminator: "") }
        return resolve(names, typed: word)
    }

    /// Directory entries completing a typed path, which may start with a `"`.
    private func paths(matching typed: String) -> [Candidate] {
        let quoted = typed.hasPrefix("\"")
        let path = quoted ? String(typed.dropFirst()) : typed
        let directory: String
        let base: String
        if let slash = path.lastIndex(of: "/") {
            directory = String(path[...slash])
            base = String(path[path.index(after: slash)...])
        } else {
            directory = ""
            base = path
        }
        let prefix = (quoted ? "\"" : "") + directory
        return listDirectory(directory.isEmpty ? "." : directory)
            .filter { !$0.hasPrefix(".") || base.hasPrefix(".") }
            .map { entry in
                let isDirectory = entry.hasSuffix("/")
                let terminator = isDirectory ? "" : (quoted ? "\" " : " ")
                return Candidate(prefix + entry, display: entry, terminator: terminator)
            }
    }

    /// Turns the candidates matching `typed` into an action.
    ///
    /// One match inserts its rest and terminator; several insert their longest common prefix
    /// when it is longer than what is typed, and otherwise are shown sorted.
    private func resolve(_ candidates: [Candidate], typed: String) -> CompletionAction {
        var seen: Set<String> = []
        let matches = candidates.filter {
            $0.text.hasPrefix(typed) && seen.insert($0.text).inserted
        }
        guard let first = matches.first else { return .none }
        if matches.count == 1 {
            let rest = String(first.text.dropFirst(typed.count)) + first.terminator
            return rest.isEmpty ? .none : .insert(rest)
        }
        let common = matches.dropFirst().reduce(first.text) { commonPrefix($0, $1.text) }
        if common.count > typed.count { return .insert(String(common.dropFirst(typed.count))) }
        return .show(matches.map(\.display).sorted())
    }

    /// The longest common prefix of two strings, compared Character by Character.
    private func commonPrefix(_ left: String, _ right: String) -> String {
        String(zip(left, right).prefix { $0 == $1 }.map(\.0))
    }

    /// Lists a directory on disk, expanding a leading `~`; directories get a trailing `/`.
    public static let diskDirectoryLister: @Sendable (String) -> [String] = { directory in
        let path = NSString(string: directory).expandingTildeInPath
        let manager = FileManager.default
        guard let entries = try? manager.contentsOfDirectory(atPath: path) else { return [] }
        return entries.map { entry in
            var isDirectory: ObjCBool = false
            let full = (path as NSString).appendingPathComponent(entry)
            _ = manager.fileExists(atPath: full, isDirectory: &isDirectory)
            return isDirectory.boolValue ? entry + "/" : entry
        }
    }
}

/// One completion: the full word it completes to, how a listing shows it, and what follows it.
private struct Candidate {
    var text: String
    var display: String
    var terminator: String

    init(_ text: String, display: String? = nil, terminator: String) {
        self.text = text
        self.display = display ?? text
        self.terminator = terminator
    }
}

/// The statement around the cursor: its finished words and the word being typed.
private struct StatementContext {
    /// The words of the statement before the one being typed.
    var previousWords: [String] = []
    /// The word that ends at the cursor; empty after a space.
    var currentWord = ""
    /// Whether the cursor is inside an unclosed `[`.
    var insideList = false

    /// Scans the text before the cursor; nil when the cursor is inside a comment.
    init?(scanning text: String) {
        var inString = false
        var escaped = false
        var inComment = false
        var listDepth = 0
        for character in text {
            if inComment {
                if character == "\n" { inComment = false }
                continue
            }
            if inString {
                currentWord.append(character)
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inString = false
                }
                continue
            }
            switch character {
            case "\"":
                inString = true
                currentWord.append(character)
            case "#":
                inComment = true
                finishWord()
            case ";", "{", "}", "\n":
                previousWords = []
                currentWord = ""
                listDepth = 0
            case _ where character.isWhitespace:
                finishWord()
            case "[":
                listDepth += 1
                currentWord.append(character)
            case "]":
                listDepth = max(0, listDepth - 1)
                currentWord.append(character)
            default:
                currentWord.append(character)
            }
        }
        if inComment { return nil }
        insideList = listDepth > 0
        if insideList, let open = currentWord.lastIndex(of: "[") {
            currentWord = String(currentWord[currentWord.index(after: open)...])
        }
    }

    /// Moves the word being typed to the finished words.
    private mutating func finishWord() {
        if !currentWord.isEmpty { previousWords.append(currentWord) }
        currentWord = ""
    }
}
