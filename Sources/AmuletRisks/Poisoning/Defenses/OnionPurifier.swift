import AmuletData
import AmuletTensor

/// ONION's outlier-word removal: drop the words whose removal lowers the sentence's perplexity
/// by more than a threshold.
///
/// For a sentence w₁…wₙ with perplexity p₀ under a language model, word i's suspicion score is
/// fᵢ = p₀ − pᵢ, with pᵢ the perplexity of the sentence without wᵢ; words with fᵢ > t are
/// removed (the paper's threshold semantics: a larger t removes fewer words; the paper tunes t
/// on clean data for a small loss of accuracy, as `calibratedThreshold` does). A sentence of one
/// word is left alone, and one whose every word would go is kept whole, so the classifier
/// always sees a sentence. The language model here is a trigram Kneser–Ney model trained on the
/// defender's training sentences: the paper's GPT-2 cannot be downloaded on these machines, and
/// a rare trigger word is a perplexity outlier under any model of fluent text.
///
/// Reference: Qi et al., "ONION: A Simple and Effective Defense Against Textual Backdoor
/// Attacks", EMNLP 2021.
public struct OnionPurifier: Sendable {
    /// The language model.
    public var model: KneserNeyModel
    /// Removal threshold t.
    public var threshold: Double

    /// A purifier with a language model of the rows of `features` (token ids, 0-padded).
    public init(
        trainingFeatures features: Matrix, vocabularySize: Int, order: Int, threshold: Double
    ) {
        let sentences = (0..<features.rows).map { OnionPurifier.words(of: features.row($0)) }
        self.model = KneserNeyModel(
            sentences: sentences, order: order, vocabularySize: vocabularySize)
        self.threshold = threshold
    }

    /// The threshold that removes the share `removal` of the words of `clean` sentences (rows
    /// of token ids) the language model did not see: the (1 − removal) quantile of their
    /// suspicion scores, or 0 when no clean sentence has two words.
    public func calibratedThreshold(clean: Matrix, removal: Double) -> Double {
        var all: [Double] = []
        for r in 0..<clean.rows { all += scores(OnionPurifier.words(of: clean.row(r))) }
        guard !all.isEmpty else { return 0 }
        all.sort()
        let index = Int((Double(all.count - 1) * (1 - removal)).rounded())
        return all[min(max(index, 0), all.count - 1)]
    }

    /// The non-padding ids of an encoded row, in order.
    static func words(of row: [Float]) -> [Int] {
        row.compactMap { value in
            guard value.isFinite, value >= 1 else { return nil }
            return value < 4_194_304 ? Int(value) : TextVocabulary.unknown
        }
    }

    /// Each word's suspicion score p₀ − pᵢ (none for a sentence of one word).
    public func scores(_ words: [Int]) -> [Double] {
        guard words.count > 1 else { return [] }
        let base = model.perplexity(words)
        return words.indices.map { i in
            var without = words
            without.remove(at: i)
            return base - model.perplexity(without)
        }
    }

    /// The positions of `words` ONION removes.
    public func suspicious(_ words: [Int]) -> [Int] {
        let suspicion = scores(words)
        let out = suspicion.indices.filter { suspicion[$0] > threshold }
        return out.count == words.count ? [] : out
    }

    /// `row` with its suspicious words removed (the rest moved up, padding after), and how
    /// many were removed.
    public func purify(_ row: [Float]) -> (row: [Float], removed: [Int]) {
        let words = OnionPurifier.words(of: row)
        let removed = suspicious(words)
        guard !removed.isEmpty else { return (row, []) }
        let drop = Set(removed)
        var out = [Float](repeating: 0, count: row.count)
        var j = 0
        for (i, id) in words.enumerated() where !drop.contains(i) {
            out[j] = Float(id)
            j += 1
        }
        return (out, removed.map { words[$0] })
    }

    /// Every row purified, and the number of words removed from each.
    public func purify(_ features: Matrix) -> (features: Matrix, removedWords: [[Int]]) {
        var out = features
        var removed: [[Int]] = []
        removed.reserveCapacity(features.rows)
        for r in 0..<features.rows {
            let (row, words) = purify(features.row(r))
            if !words.isEmpty { out.setRow(r, row) }
            removed.append(words)
        }
        return (out, removed)
    }
}
