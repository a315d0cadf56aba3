import AmuletLearn

/// Parameters every model accepts: the schedule and the optimizer.
public enum TrainingParameters {
    /// epochs, batch, lr, optimizer, momentum, weight_decay.
    public static let common: [ParameterSpec] = [
        ParameterSpec(
            "epochs", .integer, default: .number(10), range: 1...10_000,
            doc: "passes over the training data"),
        ParameterSpec(
            "batch", .integer, default: .number(256), range: 1...1_000_000,
            doc: "examples per batch"),
        ParameterSpec(
            "lr", .number, default: .number(1e-3), range: 1e-7...10, doc: "learning rate"),
        ParameterSpec(
            "optimizer", .choice(["adam", "sgd"]), default: .text("adam"), doc: "the optimizer"),
        ParameterSpec(
            "momentum", .number, default: .number(0.9), range: 0...0.999, doc: "SGD momentum"),
        ParameterSpec(
            "weight_decay", .number, default: .number(0), range: 0...1, doc: "L2 weight decay"),
    ]

    /// The optimizer these values describe.
    public static func optimizer(_ values: ParameterValues) -> OptimizerSpec {
        if values.text("optimizer") == "sgd" {
            return .sgd(
                learningRate: values.number("lr"), momentum: values.number("momentum"),
                weightDecay: values.number("weight_decay"))
        }
        return .adam(learningRate: values.number("lr"), weightDecay: values.number("weight_decay"))
    }
}
