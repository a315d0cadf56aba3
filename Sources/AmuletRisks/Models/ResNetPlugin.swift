import AmuletData
import AmuletLearn

/// `train resnet`: the Python Amulet's ResNets (m1–m4 = ResNet-34/50/101/152) and the small
/// CIFAR ResNets (depth=20, 32, 44, 56, 110).
public enum ResNetPlugin: ModelPlugin {
    /// ResNet depth per capacity, as the Python Amulet's capacity map.
    static let depths: [ImageModelParameters.Capacity: Int] = [
        .m1: 34, .m2: 50, .m3: 101, .m4: 152,
    ]
    /// An explicit depth, overriding the capacity.
    static let depth = Parameter<Int>(
        "depth", default: 0, range: 0...200,
        doc:
            "18, 34, 50, 101, 152 (ImageNet-style) or 20, 32, 44, 56, 110 (CIFAR); 0: from capacity"
    )

    public static let spec = PluginSpec(
        name: "resnet", kind: .model,
        summary: "ResNet-34/50/101/152 (capacity m1–m4) or a CIFAR ResNet (depth=20…), for images",
        risk: .utility,
        explanation: "Residual networks with batch-norm. capacity m1–m4 is the Python Amulet's "
            + "ResNet-34, 50, 101, 152 (torchvision's, with a 3×3 stem and no max-pool for small "
            + "images); depth=20, 32, 44, 56 or 110 is He et al.'s CIFAR network (16, 32, 64 "
            + "filters), the size that fits a CPU, and depth=18 is also accepted. width= scales "
            + "every channel count. Under defend dp batch-norm becomes group norm, with a note.",
        parameters: [
            ImageModelParameters.capacity.spec, depth.spec, ImageModelParameters.width.spec,
        ]
            + ImageModelParameters.training,
        reference: "He, Zhang, Ren & Sun, CVPR 2016")

    /// Without data there is no image shape to build for.
    public static func recipe(_ call: PluginCall, seed: UInt64) throws -> Recipe {
        throw ScenarioError.noDataset
    }

    /// The recipe for `data`'s image shape; tabular data and unknown depths are refused.
    public static func recipe(_ call: PluginCall, seed: UInt64, data: Dataset) throws -> Recipe {
        let image = try ImageModelParameters.image(of: data, model: "resnet")
        let chosen =
            call[depth] == 0 ? depths[call[ImageModelParameters.capacity]] ?? 34 : call[depth]
        let configuration = ImageModelConfiguration(
            family: .resnet, depth: chosen, width: call[ImageModelParameters.width], image: image)
        guard configuration.isSupported else {
            throw ScenarioError.unsupported(
                "resnet has no depth \(chosen); use one of "
                    + ImageModelConfiguration.depths(of: .resnet).map(String.init)
                    .joined(separator: ", "))
        }
        return ImageModelParameters.recipe(configuration, call, seed: seed)
    }
}
