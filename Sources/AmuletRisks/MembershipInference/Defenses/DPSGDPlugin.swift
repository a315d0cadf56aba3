import AmuletLearn

/// `defend dp eps=… delta=… clip=… sigma=…`: differentially private training.
public enum DPSGDPlugin: DefensePlugin {
    public static let spec = PluginSpec(
        name: "dp", kind: .defense,
        summary: "DP-SGD: per-sample clipping and Gaussian noise, σ calibrated to a target ε",
        risk: .membership,
        explanation: "Differentially private SGD clips each example's gradient to norm C and adds "
            + "Gaussian noise of standard deviation σ·C to each batch's sum, with batches drawn by "
            + "Poisson sampling. A Rényi-DP accountant turns σ, the sampling rate and the number of "
            + "steps into an (ε, δ) guarantee; with eps= the smallest σ that meets the target is "
            + "found by bisection. It bounds membership leakage, usually at a cost in accuracy and "
            + "often in fairness (it hurts under-represented groups most).",
        parameters: [
            ParameterSpec(
                "eps", .number, default: .number(1), range: 0.01...1000,
                doc: "target ε (ignored when sigma= is given)"),
            ParameterSpec(
                "delta", .number, default: .number(1e-5), range: 1e-12...0.1,
                doc: "δ of the guarantee; must be below 1/N"),
            ParameterSpec(
                "clip", .number, default: .number(1), range: 1e-4...1e4,
                doc: "per-sample gradient norm bound C"),
            ParameterSpec(
                "sigma", .number, range: 0.01...1000, doc: "noise multiplier σ given directly"),
        ],
        reference: "Abadi et al., CCS 2016; Mironov, Talwar & Zhang 2019 (RDP accountant)")

    public static func make(_ values: ParameterValues, scenario: Scenario) throws
        -> any TrainingDefense
    {
        guard let recipe = scenario.baseline else { throw ScenarioError.noModel }
        let n = scenario.memberIndices.count
        let delta = values.number("delta")
        guard delta < 1 / Double(n) else {
            throw ScenarioError.invalid(
                "delta=\(delta) must be below 1/N = \(1 / Double(n)) for \(n) members")
        }
        let q = min(1, Double(recipe.batchSize) / Double(n))
        let steps = recipe.epochs * DPSGDDefense.stepsPerEpoch(samplingRate: q)
        if let sigma = values.optionalNumber("sigma") {
            return DPSGDDefense(
                clipNorm: values.number("clip"), noiseMultiplier: sigma, delta: delta,
                samplingRate: q, targetEpsilon: nil)
        }
        let target = values.number("eps")
        guard
            let sigma = RDPAccountant.noiseMultiplier(
                targetEpsilon: target, samplingRate: q, steps: steps, delta: delta)
        else {
            throw ScenarioError.invalid(
                "no noise multiplier up to 1000 reaches ε=\(target) in \(steps) steps; train fewer epochs or ask for a larger eps"
            )
        }
        return DPSGDDefense(
            clipNorm: values.number("clip"), noiseMultiplier: sigma, delta: delta, samplingRate: q,
            targetEpsilon: target)
    }
}
