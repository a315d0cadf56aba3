import AmuletLearn

/// `defend reweigh [attribute=all|NAME]`: Kamiran–Calders reweighing as a data hook.
public enum ReweighingPlugin: DefensePlugin {
    static let attribute = SensitiveAttributeSelection.parameter(
        doc: "the sensitive attribute to decouple from the label, such as sex, or all (joint)")

    public static let spec = PluginSpec(
        name: "reweigh", kind: .defense,
        summary: "reweighing: weight rows so that label and sensitive group are independent",
        risk: .fairness,
        explanation: "Gives every training row the weight P(g)·P(y) / P(g, y) of its group g "
            + "and label y, so that in the weighted data the label is independent of the group "
            + "(with attribute=all, of the joint group of all sensitive attributes). The model "
            + "then trains on the weighted cross-entropy. Under-represented pairs, such as "
            + "women with high income, count more; the demographic-parity gap usually falls at "
            + "a small cost in accuracy.",
        parameters: [attribute.spec],
        // SoK Table 3: ↑ ↑ ? ↑ ↓ ↓ ↑ ↓
        interactions: RiskInteraction.sokRow(
            evasion: .rises, poisoning: .rises, ownership: .unexplored, membership: .rises,
            reconstruction: .falls, attribute: .falls, distribution: .rises, fairness: .falls,
            target: .fairness),
        factors: .groupFairness,
        cost: .defendedRetrain(),
        reference: "Kamiran & Calders, Knowledge and Information Systems 2012")

    public static func make(_ call: PluginCall, recipe: Recipe, scenario: Scenario) throws
        -> any TrainingDefense
    {
        let names = try SensitiveAttributeSelection.resolve(
            call[attribute], in: scenario.data.train, datasetName: scenario.datasetName,
            parameterName: attribute.name, purpose: "to reweigh by")
        return ReweighingDefense(attributes: names)
    }
}
