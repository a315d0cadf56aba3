import AmuletLearn

/// `attack extraction queries= loss=mse|kl|ce arch=same`: steal the model by distillation.
public enum ModelExtractionPlugin: EvaluationPlugin {
    static let queries = OptionalParameter<Int>(
        "queries", range: 1...100_000_000,
        doc: "rows of the adversary's data sent to the target (all of them when not given)")
    static let loss = Parameter<ModelExtraction.Objective>(
        "loss", default: .mse,
        doc: "fit the target's probabilities (mse, kl) or its predicted labels (ce)")
    static let architecture = Parameter<ModelExtraction.SurrogateArchitecture>(
        "arch", default: .same, doc: "the surrogate's architecture (same: the target's)")

    public static let spec = PluginSpec(
        name: "extraction", kind: .attack,
        summary: "model extraction: train a surrogate on the target's answers to queries",
        risk: .ownership,
        explanation: "The adversary sends rows of its own data (the scenario's adversary split) "
            + "to the target and trains a surrogate on the answers: the mean squared error or KL "
            + "divergence to the returned probabilities, or cross-entropy on the returned labels. "
            + "The surrogate trains with the target's epochs, batch and optimizer, without its "
            + "defenses. Reports the surrogate's test accuracy, its fidelity (agreement with the "
            + "target on the test split) and correct fidelity (agreement where the target is "
            + "right); on a watermarked model, also the surrogate's watermark accuracy.",
        parameters: [queries.spec, loss.spec, architecture.spec],
        reports: [
            OwnershipMetrics.surrogateAccuracy, OwnershipMetrics.fidelity,
            OwnershipMetrics.correctFidelity, OwnershipMetrics.queries,
            OwnershipMetrics.surrogateWatermarkAccuracy,
        ],
        cost: PluginCost { call, context in
            let extraction = ModelExtraction(
                queries: call[queries], objective: call[loss], architecture: call[architecture])
            return [
                try extraction.surrogateTraining(
                    recipe: context.recipe, scenario: context.scenario, seed: context.seed)
            ]
        },
        matrix: MatrixUse(headline: OwnershipMetrics.fidelity),
        reference: "Tramèr et al., USENIX Security 2016; Jagielski et al., USENIX Security 2020")

    public static func evaluate(
        _ call: PluginCall, model: ModelUnderTest, scenario: Scenario, context: RunContext
    ) throws -> Evaluation {
        let extraction = ModelExtraction(
            queries: call[queries], objective: call[loss], architecture: call[architecture])
        let (surrogate, sent) = try extraction.surrogate(
            of: model, scenario: scenario, context: context)
        var measurements = ModelExtraction.measurements(
            surrogate: surrogate.network, target: model.model.network, test: scenario.data.test)
        measurements.append(Measurement(OwnershipMetrics.queries, value: Double(sent)))
        if let watermark = model.recipe.defenses.lazy.compactMap({ $0 as? WatermarkDefense })
            .first
        {
            measurements.append(
                Measurement(
                    OwnershipMetrics.surrogateWatermarkAccuracy,
                    value: watermark.accuracy(of: surrogate.network)))
        }
        return Evaluation(measurements: measurements)
    }
}
