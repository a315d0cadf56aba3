import Foundation

/// A word-level n-gram language model with interpolated Kneser–Ney smoothing, over token ids.
///
/// With discount D, the highest order interpolates the discounted count with the next order:
///   P(w | h) = max(c(h w) − D, 0)/c(h) + D·N₁₊(h •)/c(h) · P(w | h′),
/// where h′ drops h's first word, c(h) = Σ_w c(h w) and N₁₊(h •) is the number of distinct
/// words seen after h. Lower orders replace counts by continuation counts N₁₊(• h w) — in how
/// many distinct contexts a word sequence appears, not how often — and the unigram level
/// interpolates with the uniform distribution over the vocabulary (plus the end token), so
/// every word, even one never seen, has a non-zero probability. A context never seen backs off
/// to the next order whole. D is n₁/(n₁ + 2n₂) per order (n_k: the number of n-grams seen k
/// times; Ney, Essen & Kneser 1994) unless given. Sentences are padded with order − 1 start
/// tokens and one end token, which is predicted.
///
/// N-grams are packed into 64-bit keys (21 bits per word), so the order is at most 3 and ids
/// below 2²¹ − 2; larger ids read as the unknown word.
///
/// References: Kneser & Ney, "Improved Backing-off for M-gram Language Modeling", ICASSP 1995;
/// Chen & Goodman, "An Empirical Study of Smoothing Techniques for Language Modeling", 1998.
public struct KneserNeyModel: Sendable {
    /// N-gram order (1 to 3).
    public let order: Int
    /// Ids of the vocabulary (the end token is one more).
    public let vocabularySize: Int
    /// The discount of each order (index 0: unigrams).
    public private(set) var discounts: [Double]
    /// Counts (highest order) or continuation counts (lower orders) of each n-gram, by order.
    private var counts: [[UInt64: Int]]
    /// Σ_w count(h w) of each context, by order (index k − 1 for k-grams).
    private var contextTotals: [[UInt64: Int]]
    /// N₁₊(h •) of each context, by order.
    private var contextTypes: [[UInt64: Int]]
    /// Σ of the unigram (continuation) counts.
    private var unigramTotal: Int

    /// The start-of-sentence token (context only).
    static let start = -1
    /// The end-of-sentence token (predicted).
    static let end = -2
    /// Ids the packing can hold.
    static let largestID = (1 << 21) - 4

    /// A model of `sentences` (token ids, no padding) of `order`, with the vocabulary's size
    /// for the uniform floor; `discount` fixes D at every order (estimated when nil).
    public init(
        sentences: [[Int]], order: Int, vocabularySize: Int, discount: Double? = nil
    ) {
        let n = min(max(order, 1), 3)
        self.order = n
        self.vocabularySize = max(1, vocabularySize)
        var highest: [UInt64: Int] = [:]
        for sentence in sentences {
            let padded = KneserNeyModel.padded(sentence, order: n)
            for i in (n - 1)..<padded.count {
                highest[KneserNeyModel.key(padded[(i - n + 1)...i]), default: 0] += 1
            }
        }
        var counts = [[UInt64: Int]](repeating: [:], count: n)
        counts[n - 1] = highest
        if n >= 2 {
            for k in stride(from: n - 1, through: 1, by: -1) {
                var lower: [UInt64: Int] = [:]
                // Each distinct (k+1)-gram v·g adds one context v to g: N₁₊(• g).
                for key in counts[k].keys {
                    lower[KneserNeyModel.dropFirst(key, length: k + 1), default: 0] += 1
                }
                counts[k - 1] = lower
            }
        }
        var totals = [[UInt64: Int]](repeating: [:], count: n)
        var types = [[UInt64: Int]](repeating: [:], count: n)
        for k in 1..<(n + 1) where k >= 2 {
            for (key, c) in counts[k - 1] {
                let context = KneserNeyModel.dropLast(key)
                totals[k - 1][context, default: 0] += c
                types[k - 1][context, default: 0] += 1
            }
        }
        self.counts = counts
        self.contextTotals = totals
        self.contextTypes = types
        self.unigramTotal = counts[0].values.reduce(0, +)
        self.discounts = counts.map { table -> Double in
            if let discount { return discount }
            var once = 0
            var twice = 0
            for c in table.values {
                if c == 1 { once += 1 } else if c == 2 { twice += 1 }
            }
            guard once > 0 else { return 0.5 }
            return min(0.95, max(0.05, Double(once) / Double(once + 2 * twice)))
        }
    }

    /// P(`word` | `context`), the context's last order − 1 tokens counting; −1 is the start
    /// token and −2 the end token.
    public func probability(_ word: Int, context: [Int]) -> Double {
        let history = Array(context.suffix(order - 1))
        let padded =
            [Int](repeating: KneserNeyModel.start, count: order - 1 - history.count) + history
        return probability(word, history: padded, level: order)
    }

    private func probability(_ word: Int, history: [Int], level: Int) -> Double {
        let discount = discounts[level - 1]
        if level == 1 {
            let table = counts[0]
            let total = Double(unigramTotal)
            let uniform = 1 / Double(vocabularySize + 1)
            guard total > 0 else { return uniform }
            let c = Double(table[KneserNeyModel.key([word][...])] ?? 0)
            return max(c - discount, 0) / total + discount * Double(table.count) / total * uniform
        }
        let h = Array(history.suffix(level - 1))
        let lower = probability(word, history: history, level: level - 1)
        let contextKey = KneserNeyModel.key(h[...])
        guard let total = contextTotals[level - 1][contextKey], total > 0 else { return lower }
        let c = Double(counts[level - 1][KneserNeyModel.key((h + [word])[...])] ?? 0)
        let types = Double(contextTypes[level - 1][contextKey] ?? 0)
        return max(c - discount, 0) / Double(total) + discount * types / Double(total) * lower
    }

    /// exp(−(1/N) Σ log P(wᵢ | history)) over the sentence's words and its end token.
    public func perplexity(_ sentence: [Int]) -> Double {
        let padded = KneserNeyModel.padded(sentence, order: order)
        var logSum = 0.0
        for i in (order - 1)..<padded.count {
            let history = Array(padded[(i - order + 1)..<i])
            logSum += log(probability(padded[i], history: history, level: order))
        }
        return exp(-logSum / Double(sentence.count + 1))
    }

    static func padded(_ sentence: [Int], order: Int) -> [Int] {
        [Int](repeating: start, count: order - 1)
            + sentence.map { $0 < 0 || $0 > largestID ? 1 : $0 }
            + [end]
    }

    /// Packs up to three ids (each offset by 3, so the start and end tokens fit) into one key;
    /// the length is implied by the order of the table the key lives in.
    static func key(_ ids: ArraySlice<Int>) -> UInt64 {
        var key: UInt64 = 0
        for id in ids { key = key << 21 | UInt64(id + 3) }
        return key
    }

    static func dropFirst(_ key: UInt64, length: Int) -> UInt64 {
        key & ((1 << (21 * UInt64(length - 1))) - 1)
    }

    static func dropLast(_ key: UInt64) -> UInt64 { key >> 21 }
}
