import AmuletData

/// `load digits`: 8×8 handwritten digit images.
public enum DigitsPlugin: DatasetPlugin {
    public static let spec = PluginSpec(
        name: "digits", kind: .dataset,
        summary: "UCI handwritten digits: 1,797 8×8 images of 0–9",
        risk: .utility,
        explanation: "Optical recognition of handwritten digits: 8×8 grey-level images with 10 "
            + "classes, pixels scaled to [0, 1], shape 1×8×8 (so 'train cnn' works). No sensitive "
            + "attributes of its own: group=[0, 1, 2, 3, 4] makes those digits group 1 of an "
            + "attribute named 'group', for fairness metrics.",
        parameters: [DatasetParameters.labelGroup.spec] + DatasetParameters.common.map(\.spec),
        reference: "Alpaydin & Kaynak, UCI 1998")

    public static func load(_ call: PluginCall, context: DataContext) throws -> DataSplit {
        try DatasetParameters.applyLabelGroup(
            call,
            to: DigitsDataset.load(
                folder: context.folder, seed: context.seed,
                testFraction: call[DatasetParameters.test]))
    }
}
