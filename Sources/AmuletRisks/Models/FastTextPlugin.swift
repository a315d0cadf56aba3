import AmuletData
import AmuletLearn

/// `train fasttext`: the mean of the words' embeddings, then the mlp head.
public enum FastTextPlugin: ModelPlugin {
    static let learningRate = Parameter<Double>(
        "lr", default: 1e-2, range: 1e-7...10, doc: "learning rate")

    public static let spec = PluginSpec(
        name: "fasttext", kind: .model,
        summary: "fastText-style text classifier: embedding bag (mean of word vectors) + mlp head",
        risk: .utility,
        explanation: "Each sentence is the mean of its words' embeddings (padding excluded; "
            + "rare words share the unknown word's vector), followed by dense + ReLU layers "
            + "(hidden=, default [64]) and a dense output. Word order is ignored, as in "
            + "fastText without n-grams. The vocabulary and sentence length come from the "
            + "loaded text dataset. DP-SGD clips exact per-sample gradients; the embedding's "
            + "are sparse (only the sentence's words).",
        parameters: [TextModelParameters.width.spec, TextModelParameters.hidden.spec]
            + TextModelParameters.training(learningRate: learningRate),
        reference: "Joulin et al., Bag of Tricks for Efficient Text Classification, EACL 2017")

    /// Without data there is no vocabulary to build for.
    public static func recipe(_ call: PluginCall, seed: UInt64) throws -> Recipe {
        throw ScenarioError.noDataset
    }

    public static func recipe(_ call: PluginCall, seed: UInt64, data: Dataset) throws -> Recipe {
        let (vocabulary, length) = try TextModelParameters.textShape(of: data, model: "fasttext")
        let configuration = TextModelConfiguration(
            encoder: .bag, vocabulary: vocabulary, length: length,
            width: call[TextModelParameters.width], head: call[TextModelParameters.hidden])
        return TextModelParameters.recipe(
            configuration, call, seed: seed, learningRate: learningRate)
    }
}
