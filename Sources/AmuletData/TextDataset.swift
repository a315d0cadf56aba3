import AmuletTensor

/// Encodes labelled sentences as a text dataset: the vocabulary of the training split, and
/// every sentence as a row of token ids.
///
/// The vocabulary is built from the training split only (the test split's words that training
/// never saw become the out-of-vocabulary id, as they would for a deployed model). Each row is
/// the first `length` tokens' ids, 0-padded; the modality records the length and vocabulary, so
/// attacks and defenses read and write sentences in the same tokens the model was trained on.
public enum TextDataset {
    /// The tokenisation every text dataset uses.
    public static let tokenizer = TextTokenizer()

    /// Options of the encoding.
    public struct Encoding: Sendable, Equatable {
        /// Tokens kept per sentence.
        public var length: Int
        /// Occurrences a training word needs to get an id.
        public var minimumCount: Int
        /// Largest vocabulary, reserved ids included.
        public var maximumVocabulary: Int

        /// Options; SST-2's sentences have 19 tokens on average in the dev split.
        public init(length: Int = 32, minimumCount: Int = 2, maximumVocabulary: Int = 20_000) {
            self.length = length
            self.minimumCount = minimumCount
            self.maximumVocabulary = maximumVocabulary
        }

        /// A stable text of the options, for dataset identities.
        public var identity: String {
            "length=\(length)|min=\(minimumCount)|vocab=\(maximumVocabulary)"
        }
    }

    /// The dataset of already-split sentences: `train` builds the vocabulary.
    public static func split(
        name: String, train: [String], trainLabels: [Int], test: [String], testLabels: [Int],
        classNames: [String], trainSensitive: [SensitiveAttribute] = [],
        testSensitive: [SensitiveAttribute] = [], encoding: Encoding, identity: String
    ) -> DataSplit {
        let trainTokens = train.map(tokenizer.tokens)
        let vocabulary = TextVocabulary(
            counting: trainTokens, minimumCount: encoding.minimumCount,
            maximumSize: encoding.maximumVocabulary)
        let modality = Dataset.Modality.text(length: encoding.length, vocabulary: vocabulary)
        let featureNames = (0..<encoding.length).map { "token\($0)" }
        func encoded(_ tokens: [[String]]) -> Matrix {
            var m = Matrix(rows: tokens.count, cols: encoding.length)
            for (r, sentence) in tokens.enumerated() {
                m.setRow(r, vocabulary.encode(sentence, length: encoding.length))
            }
            return m
        }
        return DataSplit(
            train: Dataset(
                name: name, features: encoded(trainTokens), labels: trainLabels,
                featureNames: featureNames, classNames: classNames, sensitive: trainSensitive,
                modality: modality),
            test: Dataset(
                name: name, features: encoded(test.map(tokenizer.tokens)), labels: testLabels,
                featureNames: featureNames, classNames: classNames, sensitive: testSensitive,
                modality: modality),
            identity: identity + "|" + encoding.identity)
    }

    /// The dataset of `corpus`, split stratified on the label with `seed`.
    public static func split(
        name: String, corpus: TextCorpus, sensitiveName: String?, seed: UInt64,
        testFraction: Double, encoding: Encoding, identity: String
    ) -> DataSplit {
        let classNames = corpus.classNames
        let classOf = Dictionary(uniqueKeysWithValues: classNames.enumerated().map { ($1, $0) })
        let labels = corpus.labels.map { classOf[$0] ?? 0 }
        var rng = SeededGenerator(seed: seed)
        let (trainRows, testRows) = Splitter.stratified(
            labels: labels, secondFraction: testFraction, rng: &rng)
        var attributes: [SensitiveAttribute] = []
        if let sensitiveName, let values = corpus.sensitive {
            attributes = [CSVDataset.binaryAttribute(name: sensitiveName, values: values)]
        }
        return split(
            name: name, train: trainRows.map { corpus.sentences[$0] },
            trainLabels: trainRows.map { labels[$0] }, test: testRows.map { corpus.sentences[$0] },
            testLabels: testRows.map { labels[$0] }, classNames: classNames,
            trainSensitive: attributes.map { $0.subset(trainRows) },
            testSensitive: attributes.map { $0.subset(testRows) }, encoding: encoding,
            identity: identity + "|test=\(testFraction)|seed=\(seed)")
    }
}
