import AmuletLearn

/// `train mlp`: a multi-layer perceptron with the Python Amulet's capacities.
public enum MLPPlugin: ModelPlugin {
    public static let spec = PluginSpec(
        name: "mlp", kind: .model,
        summary: "multi-layer perceptron (dense + ReLU), capacities m1…m4",
        risk: .utility,
        explanation: "A feed-forward network of dense layers with ReLU, trained with softmax "
            + "cross-entropy. Capacity m1 has hidden layers 128-256-128, m2 256-512-256, m3 "
            + "512-1024-512, m4 512-1024-1024-512, as in the Python Amulet; bigger models overfit "
            + "more and leak more membership.",
        parameters: [
            ParameterSpec(
                "capacity", .choice(["m1", "m2", "m3", "m4"]), default: .text("m1"),
                doc: "hidden-layer sizes"),
            ParameterSpec(
                "hidden", .integerList, range: 1...100_000,
                doc: "explicit hidden sizes, such as [64, 64] (overrides capacity)"),
            ParameterSpec(
                "bn", .flag, default: .flag(false), doc: "batch-norm after each hidden dense layer"),
            ParameterSpec(
                "dropout", .number, default: .number(0), range: 0...0.95,
                doc: "dropout rate after each hidden layer"),
        ] + TrainingParameters.common,
        reference: "Amulet (Waheed et al., arXiv:2509.12386)")

    public static func recipe(_ values: ParameterValues, seed: UInt64) throws -> Recipe {
        let hidden =
            values.integers("hidden") ?? Architecture.capacities[values.text("capacity") ?? "m1"]
            ?? [128, 256, 128]
        return Recipe(
            architecture: .mlp(
                hidden: hidden, batchNorm: values.flag("bn"), dropout: values.number("dropout")),
            optimizer: TrainingParameters.optimizer(values), epochs: values.integer("epochs"),
            batchSize: values.integer("batch"), seed: seed)
    }
}
