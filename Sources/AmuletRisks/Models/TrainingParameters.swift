import AmuletLearn

/// Parameters every model accepts: the schedule and the optimizer.
public enum TrainingParameters {
    /// The optimizers `optimizer=` names.
    public enum OptimizerName: String, ParameterChoice {
        /// Adam.
        case adam
        /// SGD with momentum.
        case sgd
    }

    /// Passes over the training data.
    public static let epochs = Parameter<Int>(
        "epochs", default: 10, range: 1...10_000, doc: "passes over the training data")
    /// Examples per batch.
    public static let batch = Parameter<Int>(
        "batch", default: 256, range: 1...1_000_000, doc: "examples per batch")
    /// Learning rate.
    public static let learningRate = Parameter<Double>(
        "lr", default: 1e-3, range: 1e-7...10, doc: "learning rate")
    /// The optimizer.
    public static let optimizer = Parameter<OptimizerName>(
        "optimizer", default: .adam, doc: "the optimizer")
    /// SGD momentum.
    public static let momentum = Parameter<Double>(
        "momentum", default: 0.9, range: 0...0.999, doc: "SGD momentum")
    /// L2 weight decay.
    public static let weightDecay = Parameter<Double>(
        "weight_decay", default: 0, range: 0...1, doc: "L2 weight decay")

    /// epochs, batch, lr, optimizer, momentum, weight_decay.
    public static let common: [ParameterSpec] = [
        epochs.spec, batch.spec, learningRate.spec, optimizer.spec, momentum.spec,
        weightDecay.spec,
    ]

    /// The optimizer this call describes.
    public static func optimizer(_ call: PluginCall) -> OptimizerSpec {
        switch call[optimizer] {
        case .sgd:
            return .sgd(
                learningRate: call[learningRate], momentum: call[momentum],
                weightDecay: call[weightDecay])
        case .adam:
            return .adam(learningRate: call[learningRate], weightDecay: call[weightDecay])
        }
    }

    /// The recipe of `architecture` with this call's schedule and optimizer.
    public static func recipe(_ architecture: Architecture, _ call: PluginCall, seed: UInt64)
        -> Recipe
    {
        Recipe(
            architecture: architecture, optimizer: optimizer(call), epochs: call[epochs],
            batchSize: call[batch], seed: seed)
    }
}
