import AmuletLearn

/// `defend debias [lambda=40] [attribute=all|NAME]`: adversarial debiasing as a loss hook.
public enum AdversarialDebiasingPlugin: DefensePlugin {
    static let lambda = Parameter<Double>(
        "lambda", default: 40, range: 0...10_000,
        doc: "weight λ of the adversary's loss subtracted from the model's loss")
    static let attribute = SensitiveAttributeSelection.parameter(
        doc: "the sensitive attribute the adversary predicts, such as sex, or all")

    public static let spec = PluginSpec(
        name: "debias", kind: .defense,
        summary: "adversarial debiasing: train the model so its outputs hide the sensitive group",
        risk: .fairness,
        explanation: "An adversary MLP (32-32-32) learns, batch by batch, to predict the "
            + "sensitive attributes from the model's output probabilities, while the model "
            + "minimises its cross-entropy minus λ times the adversary's loss. Outputs that "
            + "carry no group information give every group the same selection rate, so the "
            + "demographic-parity gap falls; a large λ costs accuracy. The SoK expects it to "
            + "lower attribute-inference leakage too. It composes with other defenses: "
            + "'defend dp eps=1; defend debias' trains one model with both.",
        parameters: [lambda.spec, attribute.spec],
        // SoK Table 3: ↑ ↑ ? ↑ ↓ ↓ ↑ ↓
        interactions: RiskInteraction.sokRow(
            evasion: .rises, poisoning: .rises, ownership: .unexplored, membership: .rises,
            reconstruction: .falls, attribute: .falls, distribution: .rises, fairness: .falls,
            target: .fairness),
        factors: .groupFairness,
        cost: .defendedRetrain(),
        reference: "Zhang, Lemoine & Mitchell, AIES 2018; Amulet (AdversarialDebiasing)")

    public static func make(_ call: PluginCall, recipe: Recipe, scenario: Scenario) throws
        -> any TrainingDefense
    {
        let names = try SensitiveAttributeSelection.resolve(
            call[attribute], in: scenario.data.train, datasetName: scenario.datasetName,
            parameterName: attribute.name, purpose: "to debias against")
        return AdversarialDebiasingDefense(attributes: names, lambda: call[lambda])
    }
}
