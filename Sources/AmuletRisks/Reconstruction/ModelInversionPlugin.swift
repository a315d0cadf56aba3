import AmuletData
import AmuletLearn
import AmuletTensor

/// `attack inversion steps= lr= patience= target=`: model inversion of each class (images).
public enum ModelInversionPlugin: EvaluationPlugin {
    static let steps = Parameter<Int>(
        "steps", default: 1000, range: 1...100_000, doc: "maximum gradient steps per class (α)")
    static let learningRate = Parameter<Double>(
        "lr", default: 0.1, range: 1e-6...100, doc: "gradient step size on the input (λ)")
    static let patience = Parameter<Int>(
        "patience", default: 100, range: 0...100_000,
        doc: "steps before a class stops when its cost no longer falls (β)")
    static let targetCost = Parameter<Double>(
        "target", default: 0.001, range: 0...1,
        doc: "a class stops once 1 − its probability is at most this (γ)")

    /// Mean squared error between reconstructions and class means.
    public static let meanSquaredError = MetricID(
        "reconstruction.mse", risk: .reconstruction, unit: .number, direction: .higherIsBetter,
        doc: "mean squared pixel error between each class's reconstruction and the mean of the "
            + "members of that class (lower means a closer reconstruction: a worse leak)")
    /// SSIM between reconstructions and class means.
    public static let structuralSimilarity = MetricID(
        "reconstruction.ssim", risk: .reconstruction, unit: .number, direction: .lowerIsBetter,
        scope: .headline,
        doc: "mean SSIM (Wang et al. 2004; 5×5 Gaussian window, σ = 0.7) between each class's "
            + "reconstruction and the mean of its members (1 = identical: a worse leak)")
    /// SSIM of uniform random images, the score of an attack that learned nothing.
    public static let randomSimilarity = MetricID(
        "reconstruction.ssim_random", risk: .reconstruction, unit: .number, direction: .neutral,
        doc: "mean SSIM between seeded uniform random images and the class means: the floor an "
            + "attack that learned nothing reaches")

    /// Each class's reconstruction beside the mean member image it is scored against.
    static let imagesExport = ExportSpec(
        "inversion",
        doc: "each class's reconstruction beside its class mean: .png, .svg or .csv (pixels)")

    public static let spec = PluginSpec(
        name: "inversion", kind: .attack,
        summary: "model inversion: reconstruct each class's typical image from the model",
        risk: .reconstruction,
        explanation: "For every class, starts from a black image and follows the gradient of "
            + "1 − the class's softmax probability with respect to the pixels (clipped to "
            + "[0, 1]) until the model is sure, as Fredrikson et al. do; then compares each "
            + "reconstruction with the mean image of the target's members of that class. Reports "
            + "the mean squared error and SSIM (5×5 Gaussian window, σ = 0.7, sized for 8×8 "
            + "digits) and, for scale, the SSIM of random images. Needs an image dataset.",
        parameters: [steps.spec, learningRate.spec, patience.spec, targetCost.spec],
        reports: [meanSquaredError, structuralSimilarity, randomSimilarity],
        exports: [imagesExport],
        cost: .noTraining,
        reference: "Fredrikson, Jha & Ristenpart, CCS 2015")

    public static func evaluate(
        _ call: PluginCall, model: ModelUnderTest, scenario: Scenario, context: RunContext
    ) throws -> Evaluation {
        let members = scenario.members
        guard case .image(let c, let h, let w) = members.modality else {
            throw ScenarioError.unsupported(
                "inversion reconstructs images, and '\(members.name)' is a table; load digits or "
                    + "idx images=… labels=…")
        }
        let shape = ImageShape(channels: c, height: h, width: w)
        let means = classMeans(members)
        let classes = means.keys.sorted()
        guard !classes.isEmpty else { throw ScenarioError.invalid("inversion: no member images") }
        let attack = ModelInversion(
            steps: call[steps], learningRate: Float(call[learningRate]),
            patience: call[patience], targetCost: Float(call[targetCost]))
        let (images, costs) = try attack.invert(
            model.model.network, classes: classes, cancellation: context.workbench.cancellation)
        let ssim = StructuralSimilarity(shape: shape)
        var rng = SeededGenerator(seed: SeededGenerator.deriveSeed(context.seed, 0x494E_5653))
        var (mse, similarity, random) = (0.0, 0.0, 0.0)
        var items: [ImageGrid.Item] = []
        for (i, label) in classes.enumerated() {
            let mean = means[label] ?? []
            let image = images.row(i)
            items.append(ImageGrid.Item(label: "class \(label)", image: image, reference: mean))
            mse +=
                zip(image, mean).reduce(0.0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) }
                / Double(max(mean.count, 1))
            similarity += ssim.score(image, mean)
            let noise = (0..<shape.pixelCount).map { _ in rng.uniformFloat() }
            random += ssim.score(noise, mean)
        }
        let n = Double(classes.count)
        let unsure = costs.filter { $0 > 0.5 }.count
        var notes: [String] = []
        if unsure > 0 {
            notes.append(
                "\(unsure) of \(classes.count) classes never reached probability 0.5; "
                    + "try more steps or a larger lr")
        }
        if !ssim.fits {
            notes.append("images smaller than the 5×5 SSIM window: SSIM is undefined")
        }
        return Evaluation(
            measurements: [
                Measurement(meanSquaredError, value: mse / n),
                Measurement(structuralSimilarity, value: ssim.fits ? similarity / n : nil),
                Measurement(randomSimilarity, value: ssim.fits ? random / n : nil),
            ],
            artifacts: [
                imagesExport.name: .images(
                    ImageGrid(
                        channels: c, height: h, width: w, imageTitle: "reconstruction",
                        referenceTitle: "class mean", items: items))
            ], notes: notes)
    }

    /// The mean member image of each class present, by label.
    static func classMeans(_ data: Dataset) -> [Int: [Float]] {
        var rowsByClass: [Int: [Int]] = [:]
        for (row, label) in data.labels.enumerated() { rowsByClass[label, default: []].append(row) }
        return rowsByClass.mapValues { data.features.gatherRows($0).columnMeans() }
    }
}
