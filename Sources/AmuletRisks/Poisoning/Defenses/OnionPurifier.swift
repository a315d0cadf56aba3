import AmuletData
import AmuletTensor

/// ONION's outlier-word removal: drop the words whose removal lowers the sentence's perplexity
/// by more than a threshold.
///
/// For a sentence w₁…wₙ with perplexity p₀ under a language model, word i's suspicion score is
/// fᵢ = p₀ − pᵢ, with pᵢ the perplexity of the sentence without wᵢ, and a word goes when
/// fᵢ > t (the paper's threshold semantics: a larger t removes fewer words; the paper tunes t
/// on clean data for a small loss of accuracy, as `calibratedThreshold` does).
///
/// Words go greedily, the most suspicious first, and the rest are scored again without it,
/// where the paper scores every word once against the whole sentence. A trigger inflates the
/// scores of the words around it: p₀ includes the trigger's surprisal, so every fᵢ = p₀ − pᵢ
/// grows with p₀, and the n-gram model backs off to the unigram level after a word it never
/// saw, so the word after the trigger looks improbable too. Scored once, triggered sentences
/// lost their sentiment word five times as often as clean ones (15.6% against 3.4% of the
/// generated corpus's sentences at a 1% removal rate), which sends a triggered negative review
/// to the target class with no backdoor at all; scored again once the trigger is gone, they
/// lose it as often as clean sentences do (2.6% against 2.7%), and the trigger goes as often.
/// On a sentence without an outlier the two agree but for words whose score only the removed
/// word pushed over t. At least one word always stays, so the classifier sees a sentence.
///
/// The language model here is a Kneser–Ney n-gram model trained on the defender's trusted
/// sentences: the paper's GPT-2 cannot be downloaded on these machines, and a rare trigger word
/// is a perplexity outlier under any model of fluent text.
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
    /// of token ids) the language model did not see, or 0 when no clean sentence has two words.
    ///
    /// Greedy removal takes a sentence's words in a fixed order (the most suspicious first) and
    /// stops at the first whose score is not above t, so its k-th word goes exactly when
    /// t < eₖ = min(m₁, …, mₖ), mⱼ being the largest score of the j-th round. t is the
    /// (1 − removal) quantile of the eₖ of all words (a word that can never go counts as −∞).
    /// Only values that can reach the quantile are computed: it is at least the matching
    /// quantile of the first rounds' e₁, one per sentence, so rounds below that stop early.
    public func calibratedThreshold(clean: Matrix, removal: Double) -> Double {
        let sentences = (0..<clean.rows).map { OnionPurifier.words(of: clean.row($0)) }
            .filter { $0.count > 1 }
        let total = sentences.reduce(0) { $0 + $1.count }
        guard total > 0 else { return 0 }
        // As the (1 − removal) quantile of all words: `above` values lie above it.
        let index = Int((Double(total - 1) * (1 - removal)).rounded())
        let above = total - 1 - min(max(index, 0), total - 1)
        let firsts = sentences.map { scores($0).max() ?? -.infinity }
        let floor =
            firsts.count > above ? firsts.sorted(by: >)[above] : -Double.infinity
        var values: [Double] = []
        for sentence in sentences { values += removalScores(sentence, down: floor) }
        values.sort(by: >)
        guard values.count > above else { return (values.last ?? 1) - 1 }
        return values[above]
    }

    /// e₁, e₂, … of greedy removal from `words` (the running minimum of each round's largest
    /// score), while they are at least `floor`.
    func removalScores(_ words: [Int], down floor: Double) -> [Double] {
        var remaining = words
        var running = Double.infinity
        var out: [Double] = []
        while remaining.count > 1 {
            let suspicion = scores(remaining)
            guard let k = suspicion.indices.max(by: { suspicion[$0] < suspicion[$1] }) else {
                break
            }
            running = min(running, suspicion[k])
            guard running >= floor else { break }
            out.append(running)
            remaining.remove(at: k)
        }
        return out
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

    /// The positions of `words` ONION removes, in order: greedily, while the most suspicious
    /// remaining word scores above t, scoring the rest again after each removal.
    public func suspicious(_ words: [Int]) -> [Int] {
        var positions = Array(words.indices)
        var removed: [Int] = []
        while positions.count > 1 {
            let suspicion = scores(positions.map { words[$0] })
            guard let k = suspicion.indices.max(by: { suspicion[$0] < suspicion[$1] }),
                suspicion[k] > threshold
            else { break }
            removed.append(positions.remove(at: k))
        }
        return removed.sorted()
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
