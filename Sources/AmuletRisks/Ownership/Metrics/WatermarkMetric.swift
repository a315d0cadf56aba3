import AmuletLearn

/// `measure watermark`: how much of the scenario's watermark trigger set each model labels as
/// the owner chose.
///
/// The trigger set is the one `defend watermark` trained into the defended model; the
/// baseline, trained without it, shows the chance level an independent model reaches.
/// Reference: Adi et al., "Turning Your Weakness Into a Strength", USENIX Security 2018.
public enum WatermarkMetric: EvaluationPlugin {
    public static let spec = PluginSpec(
        name: "watermark", kind: .metric,
        summary: "watermark accuracy: agreement with the secret trigger set of 'defend watermark'",
        risk: .ownership,
        explanation: "The fraction of the watermark's trigger examples each model labels as the "
            + "owner chose. Near 1 on the watermarked model; on the baseline, which never saw the "
            + "triggers, near chance (1/K for K classes). Needs 'defend watermark' first.",
        reports: [OwnershipMetrics.watermarkAccuracy],
        cost: .noTraining,
        reference: "Adi et al., USENIX Security 2018")

    /// The watermark of `model`'s recipe, or else of the scenario's defenses.
    static func watermark(of model: ModelUnderTest, scenario: Scenario) -> WatermarkDefense? {
        let own = model.recipe.defenses.lazy.compactMap { $0 as? WatermarkDefense }.first
        return own ?? scenario.defenses.lazy.compactMap { $0.defense as? WatermarkDefense }.first
    }

    public static func evaluate(
        _ call: PluginCall, model: ModelUnderTest, scenario: Scenario, context: RunContext
    ) throws -> Evaluation {
        guard let watermark = watermark(of: model, scenario: scenario) else {
            throw ScenarioError.unsupported(
                "no watermark to check; add one first, such as 'defend watermark size=100'")
        }
        return Evaluation(measurements: [
            Measurement(
                OwnershipMetrics.watermarkAccuracy,
                value: watermark.accuracy(of: model.model.network))
        ])
    }
}
