import AmuletRisks
import Foundation

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
/// (`set format=` offers the formats). Each step walks the ``CompletionVocabulary`` tree with
/// the words typed: command, then subject, then parameter. A word starting with `$` completes to a variable. The words after
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
        let command = vocabulary.command(first)
        guard vocabulary.verbs.contains(first) || command != nil else { return [] }
        var candidates: [Candidate] = []
        if words.count == 1, let command, !command.subjects.isEmpty {
            candidates += command.subjectNames.map { Candidate($0, terminator: " ") }
        } else {
            let open = command?.parameters(after: Self.subject(of: words)) ?? []
            candidates += parameterCandidates(open, given: words.dropFirst())
        }
        if Self.fileVerbs.contains(first) { candidates += paths(matching: word) }
        return candidates
    }

    /// The statement's subject: its second word, unless that is already a `name=value`.
    private static func subject(of words: [String]) -> String? {
        words.count > 1 && !words[1].contains("=") ? words[1] : nil
    }

    /// Parameter names to insert as `name=`, leaving out those the `given` words already set.
    ///
    /// Only `name=value` words count as given, so a subject named like one of its parameters
    /// (`load text text=`) still offers it.
    private func parameterCandidates(
        _ parameters: [CompletionVocabulary.Parameter], given words: ArraySlice<String>
    ) -> [Candidate] {
        let given = Set(
            words.compactMap { word in word.firstIndex(of: "=").map { String(word[..<$0]) } })
        return parameters.filter { !given.contains($0.name) }.map {
            Candidate($0.name, terminator: "=")
        }
    }

    /// The word that starts a `tune` statement.
    static let tuneVerb = Keyword.tune.rawValue

    /// In a `tune` statement's `subject to … [with …]` clause: metric names after `to` and
    /// `and`, nothing while a constraint's operator and bound are typed, evaluations after
    /// `with` and their parameters after that; nil before the clause (the defense's
    /// parameters, then `subject to`).
    private func tuneClauseCandidates(_ words: [String]) -> [Candidate]? {
        guard let clause = TuneClause(words) else { return nil }
        if let evaluation = clause.evaluation {
            guard let plugin = evaluation.first else {
                return Self.evaluators.flatMap { vocabulary.command($0)?.subjectNames ?? [] }.map {
                    Candidate($0, terminator: " ")
                }
            }
            let open = self.evaluation(plugin)?.parameters ?? []
            return parameterCandidates(open, given: evaluation.dropFirst())
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

    /// The kinds of plug-in a `tune` statement's `with` clause configures.
    static let evaluators = [PluginKind.attack.verb, PluginKind.metric.verb]

    /// The attack or metric called `name` that a `with` clause configures.
    private func evaluation(_ name: String) -> CompletionVocabulary.Subject? {
        Self.evaluators.lazy.compactMap { self.vocabulary.command($0)?.subject(name) }.first
    }

    /// The values of parameter `name` in the statement being typed, if it is enumerated.
    ///
    /// After a `tune` statement's `with PLUGIN` they are that evaluation's choices; elsewhere
    /// the subject's, then the command word's own.
    private func valueChoices(_ name: String, _ context: StatementContext) -> [String]? {
        let words = context.previousWords
        guard let first = words.first else { return nil }
        if first == Self.tuneVerb, let evaluation = TuneClause(words)?.evaluation {
            return evaluation.first.flatMap { self.evaluation($0) }?.choices(for: name)
        }
        return vocabulary.command(first)?.choices(for: name, after: Self.subject(of: words))
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

/// Where a `tune` statement's words stand after `subject to`.
private struct TuneClause {
    /// The words after the last `with`, starting with the evaluation's name; nil before `with`.
    var evaluation: ArraySlice<String>?

    /// Finds `subject to` in the words of a `tune` statement; nil when it is not typed yet.
    init?(_ words: [String]) {
        guard
            let to = words.indices.first(where: {
                $0 > 0 && words[$0 - 1] == Parser.tuneSubjectWords.0
                    && words[$0] == Parser.tuneSubjectWords.1
            })
        else { return nil }
        evaluation = words[to...].lastIndex(of: Parser.tuneWithWord).map { words[($0 + 1)...] }
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
