/// `measure privacy`: the (ε, δ) spent by the scenario's DP training, or ε for given settings.
public enum PrivacyMetric: EvaluationPlugin {
    static let sigma = OptionalParameter<Double>(
        "sigma", range: 0.01...1000, doc: "noise multiplier σ")
    static let samplingRate = OptionalParameter<Double>(
        "q", range: 1e-9...1, doc: "sampling rate q = batch/N")
    static let steps = OptionalParameter<Int>(
        "steps", range: 1...100_000_000, doc: "number of DP-SGD steps")
    static let delta = Parameter<Double>("delta", default: 1e-5, range: 1e-12...0.1, doc: "δ")
    static let accountant = Parameter<PrivacyAccountant>(
        "accountant", default: .prv,
        doc: "for sigma= q= steps=: prv (numerical composition, tight) or rdp (Rényi DP)")

    /// ε of the (ε, δ) guarantee.
    public static let epsilon = MetricID(
        "dp.epsilon", risk: .privacy, unit: .epsilon, direction: .lowerIsBetter,
        scope: .headline, doc: "ε of the differential-privacy guarantee (smaller is more private)")
    /// δ of the guarantee.
    public static let deltaMetric = MetricID(
        "dp.delta", risk: .privacy, unit: .epsilon, direction: .lowerIsBetter,
        doc: "δ of the guarantee: the probability it may fail")
    /// Noise multiplier σ.
    public static let noiseMultiplier = MetricID(
        "dp.sigma", risk: .privacy, unit: .number, direction: .neutral,
        doc: "noise multiplier σ: noise std over the clipping norm")
    /// Sampling rate q.
    public static let samplingRateMetric = MetricID(
        "dp.q", risk: .privacy, unit: .ratio, direction: .neutral,
        doc: "Poisson sampling rate q = batch / N")
    /// Steps taken.
    public static let stepCount = MetricID(
        "dp.steps", risk: .privacy, unit: .count, direction: .neutral, doc: "DP-SGD steps taken")
    /// The Rényi order that gave the tightest ε.
    public static let order = MetricID(
        "dp.order", risk: .privacy, unit: .number, direction: .neutral,
        doc: "the Rényi order α at which the accountant's ε is smallest")

    public static let spec = PluginSpec(
        name: "privacy", kind: .metric,
        summary:
            "ε, δ, σ, q and steps of DP training; or ε for sigma= q= steps= delta= accountant=",
        risk: .privacy,
        explanation: "Reports the differential-privacy guarantee of the scenario's training run: "
            + "ε and δ from the accountant the defense used, with the noise multiplier σ, the "
            + "sampling rate q and the number of steps behind them. Given sigma=, q= and steps=, "
            + "it computes ε for those settings directly, with no dataset or model needed, for "
            + "teaching: accountant=prv (the default) gives the upper end of the PRV accountant's "
            + "error interval and notes the interval; accountant=rdp gives the Rényi-DP bound and "
            + "the order that attains it.",
        parameters: [sigma.spec, samplingRate.spec, steps.spec, delta.spec, accountant.spec],
        reports: [epsilon, deltaMetric, noiseMultiplier, samplingRateMetric, stepCount, order],
        cost: .noTraining,
        reference: "Gopi, Lee & Wutschitz, NeurIPS 2021; Mironov, Talwar & Zhang 2019; "
            + "Balle et al., AISTATS 2020")

    /// ε for the given σ, q and steps, when all three are given.
    public static func evaluateWithoutModel(_ call: PluginCall) throws -> Evaluation? {
        let given = [sigma.name, samplingRate.name, steps.name].filter(call.isGiven)
        if given.isEmpty { return nil }
        guard let sigma = call[sigma], let q = call[samplingRate], let steps = call[steps] else {
            throw ScenarioError.invalid(
                "measure privacy needs all of sigma=, q= and steps= (or none)")
        }
        let common = [
            Measurement(deltaMetric, value: call[delta]),
            Measurement(noiseMultiplier, value: sigma), Measurement(samplingRateMetric, value: q),
            Measurement(stepCount, value: Double(steps)),
        ]
        switch call[accountant] {
        case .rdp:
            let (value, bestOrder) = RDPAccountant.epsilon(
                samplingRate: q, noiseMultiplier: sigma, steps: steps, delta: call[delta])
            return Evaluation(
                measurements: [Measurement(epsilon, value: value)] + common
                    + [Measurement(order, value: bestOrder)])
        case .prv:
            let bounds: PRVAccountant.Bounds
            do {
                bounds = try PRVAccountant.bounds(
                    samplingRate: q, noiseMultiplier: sigma, steps: steps, delta: call[delta])
                guard bounds.upper.isFinite else {
                    throw PRVAccountantError.epsilonNotFound(delta: call[delta])
                }
            } catch {
                // Never refuse what the other accountant answers: RDP's bound, with the reason.
                let (value, bestOrder) = RDPAccountant.epsilon(
                    samplingRate: q, noiseMultiplier: sigma, steps: steps, delta: call[delta])
                return Evaluation(
                    measurements: [Measurement(epsilon, value: value)] + common
                        + [Measurement(order, value: bestOrder)],
                    notes: [
                        "PRV accountant could not answer (\(error)); ε is the Rényi-DP bound, "
                            + "valid but looser"
                    ])
            }
            let interval = "[\(rounded(bounds.lower)), \(rounded(bounds.upper))]"
            var notes = [
                "PRV accountant: the true ε lies in \(interval) (estimate "
                    + "\(rounded(bounds.estimate))); ε reported is the upper end"
            ]
            if bounds.epsilonError > 0.01 {
                notes.append(
                    "the grid was coarsened to ε_err = \(rounded(bounds.epsilonError)) to fit "
                        + "\(PRVAccountant.maximumGridSize) points; the interval is still a "
                        + "valid bound, only wider")
            }
            return Evaluation(
                measurements: [Measurement(epsilon, value: bounds.upper)] + common, notes: notes)
        }
    }

    /// x to four decimals, for notes.
    private static func rounded(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }

    /// What the model's training reported about privacy; a note when it has no guarantee.
    public static func evaluate(
        _ call: PluginCall, model: ModelUnderTest, scenario: Scenario, context: RunContext
    ) throws -> Evaluation {
        let privacy = model.trainingMeasurements.filter { $0.metric.risk == .privacy }
        if privacy.isEmpty {
            return Evaluation(
                measurements: [
                    Measurement(
                        epsilon, value: nil, note: "no differential-privacy guarantee (ε = ∞)")
                ],
                notes: ["\(model.label) was trained without DP: it has no (ε, δ) guarantee"])
        }
        return Evaluation(measurements: privacy)
    }
}
