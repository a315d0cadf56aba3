import AmuletLearn

/// `defend outliers percent=10 k=5`: remove the lowest-valued training rows by KNN-Shapley.
public enum OutlierRemovalPlugin: DefensePlugin {
    static let percent = Parameter<Double>(
        "percent", default: 10, range: 0...90, doc: "percentage of training rows removed")
    static let neighbours = Parameter<Int>(
        "k", default: 5, range: 1...1000, doc: "K of the nearest-neighbour utility")

    /// Rows removed before training.
    public static let removedRows = MetricID(
        "outliers.removed", risk: .poisoning, unit: .count, direction: .neutral,
        doc: "training rows outlier removal dropped before training")

    public static let spec = PluginSpec(
        name: "outliers", kind: .defense,
        summary: "outlier removal: drop the training rows of lowest KNN-Shapley value",
        risk: .poisoning,
        explanation: "Values every training row by its exact K-nearest-neighbour Shapley value "
            + "(Jia et al. 2019, closed form) against a clean validation set, the defender's "
            + "trusted tenth of the members, and removes the lowest-valued percent= of the rows "
            + "before training. Poisoned rows (backdoor triggers relabelled to a target, flipped "
            + "labels) sit among clean points of another label, so they score low. Distances are "
            + "computed in input space through one matrix product per block. Attacks report how "
            + "many of the removed rows they had poisoned.",
        parameters: [percent.spec, neighbours.spec], reports: [removedRows],
        // SoK Table 3: ↓ ↓ ? ↑ ? ↑ ? ↑
        interactions: RiskInteraction.sokRow(
            evasion: .falls, poisoning: .falls, ownership: .unexplored, membership: .rises,
            reconstruction: .unexplored, attribute: .rises, distribution: .unexplored,
            fairness: .rises, target: .poisoning),
        factors: .outlierRemoval,
        cost: .defendedRetrain(),
        reference: "Jia et al., Efficient Task-Specific Data Valuation for Nearest Neighbor "
            + "Algorithms, VLDB 2019")

    public static func make(_ call: PluginCall, recipe: Recipe, scenario: Scenario) throws
        -> any TrainingDefense
    {
        let trusted = scenario.data.train.subset(scenario.trustedMemberIndices)
        guard trusted.count > 0 else {
            throw ScenarioError.unsupported(
                "outlier removal needs trusted members to value rows against; load more data")
        }
        return OutlierRemovalDefense(
            percent: call[percent], neighbours: call[neighbours],
            validationFeatures: trusted.features, validationLabels: trusted.labels)
    }

    /// Rows removed, as training reported.
    public static func measurements(of summary: TrainingSummary) -> [Measurement] {
        summary.removedRows.map { [Measurement(removedRows, value: Double($0))] } ?? []
    }
}
