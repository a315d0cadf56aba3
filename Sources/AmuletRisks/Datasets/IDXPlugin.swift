import AmuletData

/// `load idx images=… labels=… groups=… group=[…]`: MNIST-format image files.
public enum IDXPlugin: DatasetPlugin {
    static let images = OptionalParameter<String>(
        "images", type: .path, required: true,
        doc: "the IDX image file (magic 0x00000803, or 0x00000804 with channels)")
    static let labels = OptionalParameter<String>(
        "labels", type: .path, required: true, doc: "the IDX label file (magic 0x00000801)")
    static let groups = OptionalParameter<String>(
        "groups", type: .path,
        doc: "an IDX label file of 0/1 per image: a sensitive attribute named after the file")

    public static let spec = PluginSpec(
        name: "idx", kind: .dataset,
        summary: "your own images as MNIST-format IDX files (MNIST, Fashion-MNIST, converted sets)",
        risk: .utility,
        explanation: "Loads an image file and a label file in the IDX format MNIST is published "
            + "in (big-endian header, unsigned bytes); pixels are scaled to [0, 1] and the image "
            + "shape goes with the data, so 'train cnn' can use it. The Python Amulet's CIFAR-10, "
            + "Fashion-MNIST, CelebA and LFW loaders download from the internet, which this "
            + "program never does: fetch the files yourself. Fashion-MNIST is published as IDX "
            + "(load idx images=train-images-idx3-ubyte labels=train-labels-idx1-ubyte); for "
            + "CIFAR, CelebA or LFW, write the images as a count×height×width (grey, magic "
            + "0x00000803) or count×channels×height×width (magic 0x00000804) IDX file and the "
            + "classes as an IDX label file, or write one row per image (pixels, then the label) "
            + "to a CSV and use 'load csv' (a table: no image shape, so mlp rather than cnn). "
            + "Sensitive attributes: groups= takes a third IDX label file of 0/1 per image (such "
            + "as CelebA's Male column), and group=[…] makes the listed classes group 1.",
        parameters: [images.spec, labels.spec, groups.spec, DatasetParameters.labelGroup.spec]
            + DatasetParameters.common.map(\.spec),
        reference: "LeCun, Cortes & Burges, the MNIST database (IDX format)")

    public static func load(_ call: PluginCall, context: DataContext) throws -> DataSplit {
        guard let imagesPath = call[images], let labelsPath = call[labels] else {
            throw ScenarioError.invalid("load idx needs images= and labels=")
        }
        let split: DataSplit
        do {
            split = try IDXDataset.load(
                images: imagesPath, labels: labelsPath, groups: call[groups], seed: context.seed,
                testFraction: call[DatasetParameters.test])
        } catch {
            throw ScenarioError.invalidParameter(
                name: parameterAtFault(error, images: imagesPath, groups: call[groups]),
                message: error.description)
        }
        return try DatasetParameters.applyLabelGroup(call, to: split)
    }

    /// The argument whose file is at fault: the one the error's file name is the file of.
    static func parameterAtFault(_ error: DataError, images: String, groups: String?) -> String {
        let name: String
        switch error {
        case .malformedBinary(let file, _, _): name = file
        case .invalidParameter(let message):
            if message.contains("'\(images)'") { return IDXPlugin.images.name }
            if let groups, message.contains("'\(groups)'") { return IDXPlugin.groups.name }
            return IDXPlugin.labels.name
        default: return IDXPlugin.images.name
        }
        if let groups, name == lastComponent(groups) { return IDXPlugin.groups.name }
        return name == lastComponent(images) ? IDXPlugin.images.name : IDXPlugin.labels.name
    }

    static func lastComponent(_ path: String) -> String {
        String(path.split(separator: "/").last ?? Substring(path))
    }
}
