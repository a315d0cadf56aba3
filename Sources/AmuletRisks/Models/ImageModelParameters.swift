import AmuletData
import AmuletLearn

/// Parameters `vgg` and `resnet` share: the capacity, the width multiplier, the schedule.
public enum ImageModelParameters {
    /// The Python Amulet's capacities.
    public enum Capacity: String, ParameterChoice {
        /// The smallest (VGG11, ResNet-34).
        case m1
        /// VGG13, ResNet-50.
        case m2
        /// VGG16, ResNet-101.
        case m3
        /// The largest (VGG19, ResNet-152).
        case m4
    }

    /// The capacity.
    static let capacity = Parameter<Capacity>(
        "capacity", default: .m1, doc: "the Python Amulet's capacity m1–m4")
    /// The width multiplier.
    static let width = Parameter<Double>(
        "width", default: 1, range: 0.01...4,
        doc: "multiplier of every channel count (0.25 costs about 1/16 of the work)")
    /// Batch size: a CPU-sized default.
    static let batch = Parameter<Int>(
        "batch", default: 64, range: 1...1_000_000, doc: "examples per batch")

    /// The shared training parameters, with this family's batch default.
    static let training: [ParameterSpec] = TrainingParameters.common.map { spec in
        spec.name == batch.name ? batch.spec : spec
    }

    /// The image shape of `data`, or an error naming the model and what to load.
    static func image(of data: Dataset, model: String) throws -> ImageShape {
        guard case .image(let c, let h, let w) = data.modality else {
            throw ScenarioError.unsupported(
                "\(model) needs image data, and '\(data.name)' is a table; load an image "
                    + "dataset (digits, mnist, fmnist, cifar10, images dir=…) or train mlp")
        }
        return ImageShape(channels: c, height: h, width: w)
    }

    /// The recipe of `configuration` with this call's schedule.
    static func recipe(_ configuration: ImageModelConfiguration, _ call: PluginCall, seed: UInt64)
        -> Recipe
    {
        var recipe = TrainingParameters.recipe(.imageModel(configuration), call, seed: seed)
        recipe.batchSize = call[batch]
        return recipe
    }
}
