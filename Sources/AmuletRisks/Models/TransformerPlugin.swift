import AmuletData
import AmuletLearn

/// `train transformer`: a small transformer encoder, mean-pooled, then the mlp head.
public enum TransformerPlugin: ModelPlugin {
    static let layers = Parameter<Int>(
        "layers", default: 2, range: 1...4, doc: "encoder layers (self-attention + feed-forward)")
    static let feedForward = Parameter<Int>(
        "ff", default: 128, range: 1...16_384, doc: "width of each layer's feed-forward network")
    static let learningRate = Parameter<Double>(
        "lr", default: 1e-3, range: 1e-7...10, doc: "learning rate")

    public static let spec = PluginSpec(
        name: "transformer", kind: .model,
        summary: "small transformer encoder (1–4 layers of self-attention) + mlp head, for text",
        risk: .utility,
        explanation: "Word embeddings plus sinusoidal position encodings, then layers= blocks "
            + "of single-head self-attention (padding masked) and a ReLU feed-forward network "
            + "ff= wide, each with a residual connection and layer normalisation, then the mean "
            + "of the token vectors, dense + ReLU layers (hidden=) and a dense output. Padding "
            + "after a sentence's last word costs nothing. DP-SGD clips exact per-sample "
            + "gradients of every weight.",
        parameters: [
            layers.spec, TextModelParameters.width.spec, feedForward.spec,
            TextModelParameters.hidden.spec,
        ] + TextModelParameters.training(learningRate: learningRate),
        reference: "Vaswani et al., Attention Is All You Need, NeurIPS 2017")

    /// Without data there is no vocabulary to build for.
    public static func recipe(_ call: PluginCall, seed: UInt64) throws -> Recipe {
        throw ScenarioError.noDataset
    }

    public static func recipe(_ call: PluginCall, seed: UInt64, data: Dataset) throws -> Recipe {
        let (vocabulary, length) = try TextModelParameters.textShape(
            of: data, model: "transformer")
        let configuration = TextModelConfiguration(
            encoder: .transformer(layers: call[layers], hidden: call[feedForward]),
            vocabulary: vocabulary, length: length, width: call[TextModelParameters.width],
            head: call[TextModelParameters.hidden])
        return TextModelParameters.recipe(
            configuration, call, seed: seed, learningRate: learningRate)
    }
}
