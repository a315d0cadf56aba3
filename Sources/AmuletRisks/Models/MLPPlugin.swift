import AmuletLearn

/// `train mlp`: a multi-layer perceptron with the Python Amulet's capacities.
public enum MLPPlugin: ModelPlugin {
    /// The Python Amulet's capacities.
    enum Capacity: String, ParameterChoice {
        case m1, m2, m3, m4
    }

    static let capacity = Parameter<Capacity>(
        "capacity", default: .m1, doc: "hidden-layer sizes")
    static let hidden = OptionalParameter<[Int]>(
        "hidden", range: 1...100_000,
        doc: "explicit hidden sizes, such as [64, 64] (overrides capacity)")
    static let batchNorm = Parameter<Bool>(
        "bn", default: false, doc: "batch-norm after each hidden dense layer")
    static let dropout = Parameter<Double>(
        "dropout", default: 0, range: 0...0.95, doc: "dropout rate after each hidden layer")

    public static let spec = PluginSpec(
        name: "mlp", kind: .model,
        summary: "multi-layer perceptron (dense + ReLU), capacities m1…m4",
        risk: .utility,
        explanation: "A feed-forward network of dense layers with ReLU, trained with softmax "
            + "cross-entropy. Capacity m1 has hidden layers 128-256-128, m2 256-512-256, m3 "
            + "512-1024-512, m4 512-1024-1024-512, as in the Python Amulet; bigger models overfit "
            + "more and leak more membership.",
        parameters: [capacity.spec, hidden.spec, batchNorm.spec, dropout.spec]
            + TrainingParameters.common,
        reference: "Amulet (Waheed et al., arXiv:2509.12386)")

    public static func recipe(_ call: PluginCall, seed: UInt64) throws -> Recipe {
        let sizes =
            call[hidden] ?? Architecture.capacities[call[capacity].rawValue] ?? [128, 256, 128]
        return TrainingParameters.recipe(
            .mlp(hidden: sizes, batchNorm: call[batchNorm], dropout: call[dropout]), call,
            seed: seed)
    }
}
