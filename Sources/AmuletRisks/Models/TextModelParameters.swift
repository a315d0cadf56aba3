import AmuletData
import AmuletLearn

/// What the text models share: their data check and their training defaults.
enum TextModelParameters {
    /// Batch size: text sets are small, and smaller batches take more steps per epoch.
    static let batch = Parameter<Int>(
        "batch", default: 32, range: 1...1_000_000, doc: "examples per batch")
    /// Width of the embeddings (and of the transformer).
    static let width = Parameter<Int>(
        "width", default: 64, range: 2...4096, doc: "embedding width")
    /// The head's hidden layers.
    static let hidden = Parameter<[Int]>(
        "hidden", default: [64], range: 1...100_000,
        doc: "widths of the dense head's hidden layers ([] for a linear head)")

    /// The shared training parameters, with `batch` and `lr` defaults of this model.
    static func training(learningRate: Parameter<Double>) -> [ParameterSpec] {
        TrainingParameters.common.map { spec in
            switch spec.name {
            case batch.name: return batch.spec
            case learningRate.name: return learningRate.spec
            default: return spec
            }
        }
    }

    /// The vocabulary and row length of `data`, or an error naming what to load.
    static func textShape(of data: Dataset, model: String) throws -> (vocabulary: Int, length: Int)
    {
        guard case .text(let length, let vocabulary) = data.modality else {
            throw ScenarioError.unsupported(
                "\(model) needs text data, and '\(data.name)' is not text; load sst2, "
                    + "text file=…, or synthetic modality=text")
        }
        return (vocabulary.count, length)
    }

    /// The recipe of `configuration` with the call's schedule and this model's defaults.
    static func recipe(
        _ configuration: TextModelConfiguration, _ call: PluginCall, seed: UInt64,
        learningRate: Parameter<Double>
    ) -> Recipe {
        var recipe = TrainingParameters.recipe(.text(configuration), call, seed: seed)
        recipe.batchSize = call[batch]
        recipe.optimizer = recipe.optimizer.withLearningRate(call[learningRate])
        return recipe
    }
}
