import AmuletLearn
import AmuletTensor

/// `defend watermark size=100`: a backdoor trigger set trained into the model as a watermark.
public enum WatermarkPlugin: DefensePlugin {
    static let size = Parameter<Int>(
        "size", default: 100, range: 1...100_000, doc: "number of trigger examples")

    public static let spec = PluginSpec(
        name: "watermark", kind: .defense,
        summary: "watermark the model with a secret trigger set of random inputs and labels",
        risk: .ownership,
        explanation: "Trains the model on a secret trigger set besides its data: random inputs far "
            + "from the real data, each with a random label, repeated once per batch. The model "
            + "memorises them, so its owner can later show that a suspect model labels the "
            + "triggers as chosen (watermark accuracy near 1) while an independent model agrees "
            + "only by chance (about 1/K). 'measure watermark' reports it; 'attack extraction' "
            + "reports whether the watermark survives in a stolen surrogate, which it often does "
            + "not, since the thief never queries the triggers.",
        parameters: [size.spec],
        reports: [OwnershipMetrics.watermarkAccuracy, OwnershipMetrics.surrogateWatermarkAccuracy],
        // SoK Table 3: ? ↑ ↓ ↑ ↑ ↑ ↑ ↑
        interactions: RiskInteraction.sokRow(
            evasion: .unexplored, poisoning: .rises, ownership: .falls, membership: .rises,
            reconstruction: .rises, attribute: .rises, distribution: .rises, fairness: .rises,
            target: .ownership),
        factors: .watermarking,
        cost: .defendedRetrain(),
        reference: "Adi et al., USENIX Security 2018")

    public static func make(_ call: PluginCall, recipe: Recipe, scenario: Scenario) throws
        -> any TrainingDefense
    {
        WatermarkDefense(
            size: call[size], seed: SeededGenerator.deriveSeed(recipe.seed, 0x5741_5445))
    }
}
