import AmuletData

/// `load compas`: ProPublica's two-year recidivism data.
public enum COMPASPlugin: DatasetPlugin {
    public static let spec = PluginSpec(
        name: "compas", kind: .dataset,
        summary: "ProPublica COMPAS: predict two-year recidivism (6,172 rows; race, sex sensitive)",
        risk: .utility,
        explanation: "Criminal defendants scored by COMPAS in Broward County, Florida, labelled "
            + "by whether they reoffended within two years, filtered as in ProPublica's analysis. "
            + "Race (Caucasian) and sex (Male) are sensitive attributes.",
        parameters: DatasetParameters.common.map(\.spec),
        reference: "Angwin et al., Machine Bias, ProPublica 2016")

    public static func load(_ call: PluginCall, context: DataContext) throws -> DataSplit {
        try COMPASDataset.load(
            folder: context.folder, seed: context.seed, testFraction: call[DatasetParameters.test])
    }
}
