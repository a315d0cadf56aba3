import AmuletLearn

/// `train logreg`: multinomial logistic regression.
public enum LogisticRegressionPlugin: ModelPlugin {
    public static let spec = PluginSpec(
        name: "logreg", kind: .model,
        summary: "multinomial logistic regression (one dense layer)",
        risk: .utility,
        explanation: "A linear model with a softmax output: the simplest baseline, and one that "
            + "overfits little.",
        parameters: TrainingParameters.common)

    public static func recipe(_ values: ParameterValues, seed: UInt64) throws -> Recipe {
        Recipe(
            architecture: .logisticRegression, optimizer: TrainingParameters.optimizer(values),
            epochs: values.integer("epochs"), batchSize: values.integer("batch"), seed: seed)
    }
}
