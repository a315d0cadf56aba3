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

    public static func recipe(_ call: PluginCall, seed: UInt64) throws -> Recipe {
        TrainingParameters.recipe(.logisticRegression, call, seed: seed)
    }
}
