/// `measure privacy`: the (ε, δ) spent by the scenario's DP training, or ε for given settings.
public enum PrivacyMetric: MetricPlugin {
    public static let spec = PluginSpec(
        name: "privacy", kind: .metric,
        summary: "ε, δ, σ, q and steps of DP training; or ε for sigma= q= steps= delta=",
        risk: .privacy,
        explanation: "Reports the differential-privacy guarantee of the scenario's training run: "
            + "ε and δ from the Rényi-DP accountant, with the noise multiplier σ, the sampling "
            + "rate q and the number of steps behind them. Given sigma=, q= and steps=, it computes "
            + "ε for those settings directly, for teaching.",
        parameters: [
            ParameterSpec("sigma", .number, range: 0.01...1000, doc: "noise multiplier σ"),
            ParameterSpec("q", .number, range: 1e-9...1, doc: "sampling rate q = batch/N"),
            ParameterSpec("steps", .integer, range: 1...100_000_000, doc: "number of DP-SGD steps"),
            ParameterSpec("delta", .number, default: .number(1e-5), range: 1e-12...0.1, doc: "δ"),
        ],
        reference: "Mironov, Talwar & Zhang 2019; Balle et al., AISTATS 2020")

    public static func measure(
        _ values: ParameterValues, model: ModelUnderTest, scenario: Scenario,
        context: inout RunContext
    ) throws -> [RiskMeasurement] {
        let given = ["sigma", "q", "steps"].filter { values.optionalNumber($0) != nil }
        if !given.isEmpty {
            guard given.count == 3 else {
                throw ScenarioError.invalid(
                    "measure privacy needs all of sigma=, q= and steps= (or none)")
            }
            let (epsilon, order) = RDPAccountant.epsilon(
                samplingRate: values.number("q"), noiseMultiplier: values.number("sigma"),
                steps: values.integer("steps"), delta: values.number("delta"))
            return [
                RiskMeasurement(risk: .privacy, metric: "dp.epsilon", value: epsilon),
                RiskMeasurement(risk: .privacy, metric: "dp.order", value: order),
            ]
        }
        return measurements(of: model.model.summary.values)
    }

    /// The DP rows of a training summary (empty for a model trained without DP).
    public static func measurements(of values: [String: Double]) -> [RiskMeasurement] {
        ["dp.epsilon", "dp.delta", "dp.sigma", "dp.q", "dp.steps"].compactMap { key in
            values[key].map { RiskMeasurement(risk: .privacy, metric: key, value: $0) }
        }
    }
}
