import AmuletData
import AmuletLearn
import AmuletTensor
import Foundation

/// The transformer encoder's training speed at sequence length 64 against the sgemm peak of
/// the same run.
enum TextBenchmarks {
    /// Floating-point operations per training sample of a transformer encoder over `tokens`
    /// tokens: six per multiply-add of every matrix product (forward, and the two products of
    /// its backward), per layer 2·n·d·(3d + d + 2f) for the position-wise maps and 2·2·n²·d for
    /// QKᵀ and A·V; the head's dense layers as in the CNN count; element-wise work left out.
    static func trainingFLOPsPerSample(_ shape: TransformerShape, head: [Int], classes: Int)
        -> Double
    {
        let (n, d, f) = (Double(shape.length), Double(shape.width), Double(shape.hidden))
        let perLayer = 2 * n * d * (3 * d + d + 2 * f) + 4 * n * n * d
        var total = 3 * Double(shape.layers) * perLayer
        var width = shape.width
        for units in head + [classes] {
            total += 6 * Double(width * units)
            width = units
        }
        return total
    }

    /// `train transformer` (2 layers, width 64, ff 128, head [64]) for 3 epochs of batch 32 on
    /// 1,024 generated reviews of exactly 64 tokens (several template sentences each).
    static func transformerEpoch(sgemmGFLOPS: Double) throws -> [String: Any] {
        let length = 64
        let corpus = SyntheticTextCorpus.make(rows: 4096, correlation: 0.5, seed: 0)
        var sentences: [String] = []
        var labels: [Int] = []
        var i = 0
        while sentences.count < 1024 {
            // Sentences of one label joined until the review has 64 tokens.
            let label = corpus.labels[i % corpus.labels.count]
            var text = ""
            while TextDataset.tokenizer.tokens(text).count < length {
                if corpus.labels[i % corpus.labels.count] == label {
                    text += " " + corpus.sentences[i % corpus.sentences.count]
                }
                i += 1
            }
            sentences.append(text)
            labels.append(label)
        }
        let split = TextDataset.split(
            name: "bench", train: sentences, trainLabels: labels, test: [], testLabels: [],
            classNames: ["negative", "positive"],
            encoding: TextDataset.Encoding(length: length), identity: "bench")
        guard case .text(_, let vocabulary) = split.train.modality else { return [:] }
        let configuration = TextModelConfiguration(
            encoder: .transformer(layers: 2, hidden: 128), vocabulary: vocabulary.count,
            length: length, width: 64, head: [64])
        let epochs = 3
        let recipe = Recipe(
            architecture: .text(configuration), epochs: epochs, batchSize: 32, seed: 0)
        let set = TrainingSet(
            features: split.train.features, labels: split.train.labels, classCount: 2)
        let start = DispatchTime.now().uptimeNanoseconds
        let model = try Trainer().train(recipe, on: set)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        guard let shape = configuration.transformerShape else { return [:] }
        let flopsPerEpoch =
            trainingFLOPsPerSample(shape, head: configuration.head, classes: 2)
            * Double(set.count)
        let perEpoch = seconds / Double(epochs)
        return [
            "bench": "transformer", "model": configuration.label, "dataset": "synthetic-text",
            "rows": set.count, "batch": 32, "sequence": length,
            "seconds_per_epoch": perEpoch,
            "gflop_per_epoch": flopsPerEpoch / 1e9,
            "fraction_of_sgemm_peak": flopsPerEpoch / perEpoch / 1e9 / sgemmGFLOPS,
            "train_accuracy": model.network.accuracy(set.features, labels: set.labels),
        ]
    }
}
