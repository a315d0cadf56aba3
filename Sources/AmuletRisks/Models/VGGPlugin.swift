import AmuletData
import AmuletLearn

/// `train vgg`: the Python Amulet's VGG (capacities m1–m4 = VGG11/13/16/19).
public enum VGGPlugin: ModelPlugin {
    /// VGG depth per capacity, as the Python Amulet's capacity map.
    static let depths: [ImageModelParameters.Capacity: Int] = [.m1: 11, .m2: 13, .m3: 16, .m4: 19]

    public static let spec = PluginSpec(
        name: "vgg", kind: .model,
        summary: "VGG11/13/16/19 (capacity m1–m4) with batch-norm, for images",
        risk: .utility,
        explanation: "The Python Amulet's VGG: 3×3 convolutions with batch-norm and ReLU, 2×2 "
            + "max-pools, global average pooling and a dense layer; capacity m1–m4 is VGG11, "
            + "13, 16, 19. width= scales every channel count: on a CPU use width=0.25 or less "
            + "(full VGG11 is about 150 million multiply-adds per 32×32 image). Under defend dp "
            + "batch-norm becomes group norm, with a note. The image shape comes from the data.",
        parameters: [ImageModelParameters.capacity.spec, ImageModelParameters.width.spec]
            + ImageModelParameters.training,
        reference: "Simonyan & Zisserman, ICLR 2015")

    /// Without data there is no image shape to build for.
    public static func recipe(_ call: PluginCall, seed: UInt64) throws -> Recipe {
        throw ScenarioError.noDataset
    }

    /// The recipe for `data`'s image shape; tabular data is refused with a hint.
    public static func recipe(_ call: PluginCall, seed: UInt64, data: Dataset) throws -> Recipe {
        let image = try ImageModelParameters.image(of: data, model: "vgg")
        let configuration = ImageModelConfiguration(
            family: .vgg, depth: depths[call[ImageModelParameters.capacity]] ?? 11,
            width: call[ImageModelParameters.width], image: image)
        return ImageModelParameters.recipe(configuration, call, seed: seed)
    }
}
