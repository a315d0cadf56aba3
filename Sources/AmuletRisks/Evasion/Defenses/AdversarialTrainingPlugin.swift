import AmuletData
import AmuletLearn

/// `defend adv eps= steps= norm= domain=`: adversarial training against PGD.
public enum AdversarialTrainingPlugin: DefensePlugin {
    static let epsilon = Parameter<Double>(
        "eps", default: 0.1, range: 0...10, doc: "radius ε of the training perturbation")
    static let steps = Parameter<Int>(
        "steps", default: 10, range: 1...1000,
        doc: "PGD steps per batch (each costs about 2/3 of a training step)")
    static let norm = Parameter<PerturbationNorm>(
        "norm", default: .linf, doc: "the norm bounding the perturbation")
    static let domain = Parameter<EvasionPlugin.Domain>(
        "domain", default: .box, doc: "box clips to [0, 1]; tabular keeps one-hot groups one-hot")

    public static let spec = PluginSpec(
        name: "adv", kind: .defense,
        summary: "adversarial training: train on PGD adversarial examples of every batch",
        risk: .evasion,
        explanation: "Replaces each training batch by adversarial examples found with PGD "
            + "against the current model (step 2.5·ε/steps from a random start), so the model "
            + "learns to classify the worst case within the ε-ball. It raises accuracy under "
            + "evasion attacks, usually at some cost in clean accuracy; the SoK reports it can "
            + "raise membership leakage and change fairness. It composes with other defenses: "
            + "'defend dp eps=1; defend adv eps=0.1' trains one model with both.",
        parameters: [epsilon.spec, steps.spec, norm.spec, domain.spec],
        // SoK Table 3: ↓ ↑ ↑ ↑ ↑ ? ↑ ↑
        interactions: RiskInteraction.sokRow(
            evasion: .falls, poisoning: .rises, ownership: .rises, membership: .rises,
            reconstruction: .rises, attribute: .unexplored, distribution: .rises, fairness: .rises,
            target: .evasion),
        factors: .adversarialTraining,
        // Each batch runs `steps` PGD steps before its training step: the defense's
        // `stepWorkFactor`, which the recipe carries into every model trained with it.
        cost: .defendedRetrain(),
        reference: "Madry et al., ICLR 2018")

    public static func make(_ call: PluginCall, recipe: Recipe, scenario: Scenario) throws
        -> any TrainingDefense
    {
        let featureDomain = call[domain].featureDomain(of: scenario.data.train)
        let stepCount = call[steps]
        return AdversarialTrainingDefense(
            attack: ProjectedGradientDescent(
                norm: call[norm], epsilon: Float(call[epsilon]),
                stepSize: Float(2.5 * call[epsilon] / Double(stepCount)), steps: stepCount,
                domain: featureDomain))
    }
}
