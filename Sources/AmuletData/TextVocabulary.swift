/// The words a text model knows, each with an id: 0 is padding, 1 stands for every other word.
///
/// Built from a training corpus: a word enters when it occurs at least `minimumCount` times,
/// most frequent first (ties alphabetical), up to `maximumSize` entries in all. Rare words are
/// mapped to the out-of-vocabulary id, so a model never sees an index outside its embedding
/// table and words seen once in training do not get an embedding of their own (they would only
/// be memorised). Ids are stored as `Float` in a dataset's feature row, one per position,
/// padded with 0 to the row's width.
///
/// Reference: the vocabulary with a minimum count of Mikolov et al., "Efficient Estimation of
/// Word Representations in Vector Space" (2013), and fastText (Joulin et al., EACL 2017).
public struct TextVocabulary: Sendable, Equatable, Hashable, Codable {
    /// The padding token's id.
    public static let padding = 0
    /// The out-of-vocabulary token's id.
    public static let unknown = 1
    /// The reserved entries, at ids 0 and 1.
    public static let reserved = ["<pad>", "<unk>"]

    /// Every entry by id: the two reserved ones, then the words.
    public private(set) var words: [String]
    /// The least number of occurrences a word needed to enter.
    public private(set) var minimumCount: Int
    private var index: [String: Int]

    /// A vocabulary of exactly `words` (after the reserved entries), in that order.
    public init(words: [String], minimumCount: Int) {
        var all = TextVocabulary.reserved
        var index: [String: Int] = [:]
        for word in words where index[word] == nil && !TextVocabulary.reserved.contains(word) {
            index[word] = all.count
            all.append(word)
        }
        for (i, word) in TextVocabulary.reserved.enumerated() { index[word] = i }
        self.words = all
        self.minimumCount = minimumCount
        self.index = index
    }

    /// The vocabulary of `sentences` (each a token list): words seen at least `minimumCount`
    /// times, most frequent first, at most `maximumSize` entries including the reserved ones.
    public init(counting sentences: [[String]], minimumCount: Int, maximumSize: Int = 50_000) {
        var counts: [String: Int] = [:]
        for sentence in sentences {
            for token in sentence { counts[token, default: 0] += 1 }
        }
        let kept = counts.filter { $0.value >= max(1, minimumCount) }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(max(0, maximumSize - TextVocabulary.reserved.count))
            .map(\.key)
        self.init(words: kept, minimumCount: minimumCount)
    }

    /// Number of ids, reserved ones included (the embedding table's height).
    public var count: Int { words.count }

    /// The id of `word`, or the out-of-vocabulary id.
    public func id(of word: String) -> Int { index[word] ?? TextVocabulary.unknown }

    /// Whether `word` has an id of its own.
    public func contains(_ word: String) -> Bool { index[word] != nil }

    /// The word of id `id` (the unknown token for an id outside the table).
    public func word(_ id: Int) -> String {
        id >= 0 && id < words.count ? words[id] : TextVocabulary.reserved[TextVocabulary.unknown]
    }

    /// This vocabulary with `word` appended when it has no id yet (its id is then `count`).
    public func adding(_ word: String) -> TextVocabulary {
        guard index[word] == nil else { return self }
        return TextVocabulary(words: Array(words.dropFirst(2)) + [word], minimumCount: minimumCount)
    }

    /// The ids of `tokens`, cut or padded with 0 to `length`.
    public func encode(_ tokens: [String], length: Int) -> [Float] {
        var row = [Float](repeating: Float(TextVocabulary.padding), count: length)
        for (i, token) in tokens.prefix(length).enumerated() { row[i] = Float(id(of: token)) }
        return row
    }

    /// The words of an encoded row, padding dropped.
    public func decode(_ row: [Float]) -> [String] {
        row.compactMap { value in
            let id = Int(value)
            return id == TextVocabulary.padding ? nil : word(id)
        }
    }

    private enum CodingKeys: String, CodingKey { case words, minimumCount }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let all = try container.decode([String].self, forKey: .words)
        self.init(
            words: Array(all.dropFirst(TextVocabulary.reserved.count)),
            minimumCount: try container.decode(Int.self, forKey: .minimumCount))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(words, forKey: .words)
        try container.encode(minimumCount, forKey: .minimumCount)
    }

    public static func == (lhs: TextVocabulary, rhs: TextVocabulary) -> Bool {
        lhs.words == rhs.words && lhs.minimumCount == rhs.minimumCount
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words)
        hasher.combine(minimumCount)
    }
}
