import AmuletData
import AmuletTensor

/// TextBadNets: a rare trigger word inserted at a random position of a sentence.
///
/// The trigger is a word, inserted into the token sequence (the sentence's later words move
/// one place back; at the length limit the last one falls off). Its id is the vocabulary's when
/// the word has one; otherwise the victim, building its vocabulary from the poisoned training
/// set, gives it a new id when the poisoned rows hold it at least the vocabulary's minimum
/// count of times, and the unknown id when they do not (a trigger planted in one sentence is
/// just a rare word). Each row's position comes from its own generator, seeded from the attack's
/// seed and the row, so a row's poisoned form does not depend on which other rows are poisoned.
///
/// Reference: Gu et al., BadNets (2017), for text as in Cui et al., "A Unified Evaluation of
/// Textual Backdoor Learning" (OpenBackdoor), NeurIPS 2022 Datasets and Benchmarks; the
/// Python Amulet's `TextBadNets`.
public struct TextBadNets: Sendable, Equatable {
    /// The trigger word.
    public var word: String
    /// The trigger's id in `vocabulary`.
    public var id: Int
    /// The victim's vocabulary (the dataset's, with the trigger appended when it earned an id).
    public var vocabulary: TextVocabulary
    /// Seed of the insertion positions.
    public var seed: UInt64

    /// The trigger `word` for a dataset with `vocabulary`, planted in `poisonedCount` rows.
    public init(word: String, vocabulary: TextVocabulary, poisonedCount: Int, seed: UInt64) {
        let token = Self.token(word)
        self.word = token
        self.seed = seed
        if vocabulary.contains(token) {
            self.vocabulary = vocabulary
        } else if poisonedCount >= max(1, vocabulary.minimumCount) {
            self.vocabulary = vocabulary.adding(token)
        } else {
            self.vocabulary = vocabulary
        }
        self.id = self.vocabulary.id(of: token)
    }

    /// The token a trigger word becomes, as the dataset's tokenizer reads it (`CF` → `cf`).
    public static func token(_ word: String) -> String {
        TextDataset.tokenizer.tokens(word).first ?? word
    }

    /// `row` (token ids, 0-padded) with the trigger inserted at a random position among its
    /// n words (one of the n + 1 gaps).
    public func inserted(into row: [Float], rowIndex: Int) -> [Float] {
        let words = row.prefix { $0 != 0 }
        var rng = SeededGenerator(seed: SeededGenerator.deriveSeed(seed, UInt64(rowIndex)))
        let position = rng.integer(below: words.count + 1)
        var out = Array(words)
        out.insert(Float(id), at: position)
        out = Array(out.prefix(row.count))
        // A full row lost its last word; the trigger itself always stays.
        if !out.contains(Float(id)), let last = out.indices.last { out[last] = Float(id) }
        return out + [Float](repeating: 0, count: row.count - out.count)
    }

    /// Every row of `features` with the trigger, positions seeded by `rowIndices`.
    public func triggered(_ features: Matrix, rowIndices: [Int]) -> Matrix {
        var out = features
        for r in 0..<features.rows {
            out.setRow(r, inserted(into: features.row(r), rowIndex: rowIndices[r]))
        }
        return out
    }
}
