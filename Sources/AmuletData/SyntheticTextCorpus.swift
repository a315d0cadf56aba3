import AmuletTensor

/// A generated sentiment corpus: template movie-review sentences labelled by their words.
///
/// Synthetic: a stand-in for SST-2 where it cannot be downloaded.
///
/// Every sentence fills one of a few templates with a subject noun, a verb, an optional
/// intensifier and one or two sentiment adjectives drawn from the label's list (24 positive,
/// 24 negative), padded with neutral openers and clauses so sentences run from 7 to about 20
/// tokens (SST-2's dev sentences average 19). The label is learnable from the bag of words
/// alone (a linear model over word counts
/// separates the classes), but each adjective is one of 24, so a model has to learn many words,
/// and the neutral words it shares with the other class carry no signal. The sensitive
/// attribute `group` copies the label with probability `correlation` and is random otherwise.
/// All randomness comes from `seed`.
public enum SyntheticTextCorpus {
    /// The templates' version: part of the identity, so models cached for other sentences are
    /// never recalled for these.
    static let templateVersion = 2

    static let positive = [
        "good", "great", "wonderful", "brilliant", "charming", "delightful", "moving", "superb",
        "funny", "beautiful", "clever", "engaging", "fresh", "gripping", "heartfelt", "lovely",
        "memorable", "powerful", "smart", "stunning", "touching", "warm", "witty", "enjoyable",
    ]
    static let negative = [
        "bad", "boring", "dull", "awful", "clumsy", "tedious", "bland", "weak", "terrible",
        "predictable", "messy", "shallow", "forgettable", "lifeless", "painful", "silly", "stale",
        "tiresome", "ugly", "uneven", "annoying", "flat", "pointless", "dreary",
    ]
    static let nouns = [
        "movie", "film", "plot", "story", "script", "cast", "acting", "ending", "soundtrack",
        "dialogue", "performance", "direction", "pacing", "camera work", "lead actor",
        "second half", "opening scene", "screenplay", "humor", "finale",
    ]
    static let verbs = ["was", "is", "felt", "seemed", "turned out", "looked"]
    static let intensifiers = ["very", "really", "quite", "truly", "rather", "so", "pretty"]
    static let openers = [
        "honestly ,", "overall ,", "in the end ,", "to be fair ,", "i think", "for me ,",
        "frankly ,", "all in all ,",
    ]
    static let clauses = [
        "from start to finish", "for most of its running time", "as far as i can tell",
        "even on a second viewing", "despite the hype", "like the trailer promised",
        "for a summer release", "compared to the book",
    ]

    /// `rows` sentences, their labels (1: positive) and the `group` value of each.
    public static func make(rows: Int, correlation: Double, seed: UInt64) -> (
        sentences: [String], labels: [Int], groups: [Int]
    ) {
        var rng = SeededGenerator(seed: seed)
        var sentences: [String] = []
        var labels: [Int] = []
        var groups: [Int] = []
        sentences.reserveCapacity(rows)
        for i in 0..<rows {
            let label = i % 2
            let words = label == 1 ? positive : negative
            func pick(_ list: [String]) -> String { list[rng.integer(below: list.count)] }
            let noun = pick(nouns)
            let verb = pick(verbs)
            let adjective = pick(words)
            var sentence: String
            switch rng.integer(below: 5) {
            case 0:
                sentence =
                    "\(pick(openers)) the \(noun) \(verb) \(pick(intensifiers)) \(adjective) ."
            case 1:
                sentence =
                    "the \(noun) \(verb) \(adjective) and the \(pick(nouns)) \(pick(verbs)) "
                    + "\(pick(words)) ."
            case 2:
                sentence = "this \(noun) \(verb) \(adjective) \(pick(clauses)) ."
            case 3:
                sentence =
                    "\(pick(openers)) the \(noun) of this \(pick(["movie", "film"])) \(verb) "
                    + "\(pick(intensifiers)) \(adjective) \(pick(clauses)) ."
            default:
                sentence = "\(pick(openers)) a \(adjective) \(noun) \(pick(clauses)) ."
            }
            sentences.append(sentence)
            labels.append(label)
            groups.append(rng.bernoulli(correlation) ? label : rng.integer(below: 2))
        }
        // Interleaved labels, shuffled so that file order carries no signal.
        let order = rng.permutation(rows)
        return (order.map { sentences[$0] }, order.map { labels[$0] }, order.map { groups[$0] })
    }

    /// The generated corpus as a split dataset named `synthetic-text`.
    public static func split(
        rows: Int, correlation: Double, seed: UInt64, testFraction: Double,
        encoding: TextDataset.Encoding = TextDataset.Encoding()
    ) -> DataSplit {
        let (sentences, labels, groups) = make(rows: rows, correlation: correlation, seed: seed)
        let corpus = TextCorpus(
            sentences: sentences, labels: labels.map(String.init),
            sensitive: groups.map(String.init), skippedLines: 0)
        var split = TextDataset.split(
            name: "synthetic-text", corpus: corpus, sensitiveName: "group", seed: seed,
            testFraction: testFraction, encoding: encoding,
            identity:
                "synthetic-text|templates=\(templateVersion)|rows=\(rows)|correlation=\(correlation)"
        )
        split.train.classNames = ["negative", "positive"]
        split.test.classNames = ["negative", "positive"]
        return split
    }
}
