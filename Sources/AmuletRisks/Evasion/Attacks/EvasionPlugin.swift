import AmuletData
import AmuletLearn
import AmuletTensor

/// `attack evasion method=pgd|fgsm norm=linf|l2 eps= steps= step= restarts= domain=`.
public enum EvasionPlugin: EvaluationPlugin {
    /// The attacks `method=` names.
    public enum Method: String, ParameterChoice {
        /// Projected gradient descent from a random start.
        case pgd
        /// One signed-gradient step of size ε.
        case fgsm
    }

    /// Where adversarial rows must stay.
    public enum Domain: String, ParameterChoice {
        /// Clip to [0, 1] only.
        case box
        /// Clip to [0, 1] and keep one-hot groups one-hot.
        case tabular
        /// No clipping (cleverhans without clip_min/clip_max, as the Python Amulet).
        case none

        /// The domain of `dataset`'s features (images are a box unless `none`).
        func featureDomain(of dataset: Dataset) -> FeatureDomain {
            switch self {
            case .none: .unbounded
            case .tabular where dataset.modality == .tabular: FeatureDomain(tabular: dataset)
            case .box, .tabular: .box
            }
        }
    }

    /// Which labels the attack moves the test points away from.
    public enum AttackLabels: String, ParameterChoice {
        /// The true labels (Madry et al.).
        case truth
        /// The model's own clean predictions (cleverhans with y=None, as the Python Amulet).
        case predicted
    }

    static let method = Parameter<Method>("method", default: .pgd, doc: "the attack")
    static let norm = Parameter<PerturbationNorm>(
        "norm", default: .linf, doc: "the norm bounding the perturbation")
    static let epsilon = Parameter<Double>(
        "eps", default: 0.1, range: 0...10, doc: "radius ε of the perturbation")
    static let steps = Parameter<Int>(
        "steps", default: 40, range: 1...10_000, doc: "PGD steps (FGSM takes one)")
    static let stepSize = OptionalParameter<Double>(
        "step", range: 1e-6...10, doc: "PGD step size (default 2.5·ε/steps, as Madry et al.)")
    static let restarts = Parameter<Int>(
        "restarts", default: 1, range: 1...100, doc: "PGD runs from random starts")
    static let domain = Parameter<Domain>(
        "domain", default: .box,
        doc: "box clips to [0, 1]; tabular also keeps one-hot groups one-hot (real rows); "
            + "none clips nothing, as the Python Amulet's cleverhans call")
    static let early = Parameter<Bool>(
        "early", default: false,
        doc: "stop each row at its first misclassified step (faster; at least as strong)")
    static let labels = Parameter<AttackLabels>(
        "labels", default: .truth,
        doc: "move points away from their true labels, or from the model's predictions "
            + "(as the Python Amulet; misclassified points may move back to the truth)")
    static let by = GroupBreakdown.parameter(
        doc: "also report adversarial accuracy within each group of a sensitive attribute, "
            + "such as sex, or all")

    /// Test accuracy without perturbation.
    public static let cleanAccuracy = MetricID(
        "evasion.clean_accuracy", risk: .evasion, unit: .ratio, direction: .higherIsBetter,
        doc: "accuracy on the unperturbed test split")
    /// Test accuracy under attack.
    public static let adversarialAccuracy = MetricID(
        "evasion.adversarial_accuracy", risk: .evasion, unit: .ratio,
        direction: .higherIsBetter, scope: .headline,
        doc: "accuracy on the adversarial test split (robustness)")
    /// Fooled among the correctly classified.
    public static let successRate = MetricID(
        "evasion.success_rate", risk: .evasion, unit: .ratio, direction: .lowerIsBetter,
        doc: "fraction of correctly classified test points the attack makes wrong")
    /// Mean size of the perturbation.
    public static let perturbation = MetricID(
        "evasion.perturbation", risk: .evasion, unit: .number, direction: .neutral,
        doc: "mean norm of the perturbation, in the attack's norm")

    public static let spec = PluginSpec(
        name: "evasion", kind: .attack,
        summary: "adversarial examples at test time: PGD or FGSM within an L∞ or L2 ball",
        risk: .evasion,
        explanation: "Perturbs every test example within a small ball so the model gets it "
            + "wrong: FGSM takes one step along the sign of the loss gradient, PGD takes many "
            + "projected steps from a random start. With domain=tabular, one-hot encoded "
            + "categories stay one category, so adversarial rows are real rows. Reports clean "
            + "and adversarial accuracy, the success rate on points the model got right and the "
            + "mean perturbation. Standard PGD returns every row's final iterate; with "
            + "early=on each row stops at the first step where the model gets it wrong and "
            + "keeps that iterate, which fools the model at least as often (a final iterate may "
            + "step back to the right class) and skips the steps of rows already fooled: "
            + "several times faster at large ε, with a smaller mean perturbation. "
            + "With labels=predicted the attack moves each point away from the model's own "
            + "prediction instead of its true label, as cleverhans does when given no labels "
            + "(the Python Amulet's setting): points the model got wrong may then be pushed "
            + "to the right class, so adversarial accuracy is higher than with true labels "
            + "while the success rate on correctly classified points is the same attack. "
            + "With by=ATTRIBUTE (or all) it also reports the adversarial "
            + "accuracy within each group of the attribute and the gap between the most and the "
            + "least robust group. On images the report shows a few originals beside their "
            + "adversarial copies and the magnified perturbation, with the model's answers "
            + "(export evasion FILE.png).",
        parameters: [
            method.spec, norm.spec, epsilon.spec, steps.spec, stepSize.spec, restarts.spec,
            domain.spec, early.spec, labels.spec, by.spec,
        ],
        reports: [cleanAccuracy, adversarialAccuracy, successRate, perturbation]
            + EvasionGroupMetrics.reported,
        exports: [EvasionExamples.export],
        cost: .noTraining,
        matrix: MatrixUse(
            headline: adversarialAccuracy, settings: [epsilon.setting(0.1), steps.setting(10)]),
        reference: "Madry et al., ICLR 2018; Goodfellow et al., ICLR 2015")

    /// The attack this call describes on `dataset`'s features.
    static func attack(_ call: PluginCall, dataset: Dataset) -> ProjectedGradientDescent {
        let eps = Float(call[epsilon])
        let featureDomain = call[domain].featureDomain(of: dataset)
        switch call[method] {
        case .fgsm:
            return ProjectedGradientDescent(
                norm: call[norm], epsilon: eps, stepSize: eps, steps: 1, randomStart: false,
                domain: featureDomain)
        case .pgd:
            let stepCount = call[steps]
            return ProjectedGradientDescent(
                norm: call[norm], epsilon: eps,
                stepSize: Float(call[stepSize] ?? 2.5 * call[epsilon] / Double(stepCount)),
                steps: stepCount, restarts: call[restarts], domain: featureDomain,
                earlyExit: call[early])
        }
    }

    public static func evaluate(
        _ call: PluginCall, model: ModelUnderTest, scenario: Scenario, context: RunContext
    ) throws -> Evaluation {
        let test = scenario.data.test
        let network = model.model.network
        let breakdowns = try GroupBreakdown.resolve(
            call[by], in: test, datasetName: scenario.datasetName, parameterName: by.name)
        var rng = SeededGenerator(seed: SeededGenerator.deriveSeed(context.seed, 0x4556_4153))
        let clean = network.predictions(test.features)
        let targets = call[labels] == .predicted ? clean : test.labels
        let pgd = attack(call, dataset: test)
        let adversarial =
            if let cancellation = context.workbench.cancellation {
                try pgd.perturb(
                    test.features, labels: targets, network: network, rng: &rng,
                    cancellation: cancellation)
            } else {
                pgd.perturb(test.features, labels: targets, network: network, rng: &rng)
            }
        let attacked = network.predictions(adversarial)
        var cleanCorrect = 0
        var adversarialCorrect = 0
        var flipped = 0
        var normSum = 0.0
        for r in 0..<test.count {
            let y = test.labels[r]
            if clean[r] == y { cleanCorrect += 1 }
            if attacked[r] == y { adversarialCorrect += 1 }
            if clean[r] == y && attacked[r] != y { flipped += 1 }
            var size: Float = 0
            for c in 0..<test.features.cols {
                let d = abs(adversarial[r, c] - test.features[r, c])
                size = call[norm] == .linf ? max(size, d) : size + d * d
            }
            normSum += Double(call[norm] == .linf ? size : size.squareRoot())
        }
        let n = Double(max(test.count, 1))
        let robust = zip(attacked, test.labels).map { $0 == $1 }
        var rows = [
            Measurement(cleanAccuracy, value: Double(cleanCorrect) / n),
            Measurement(adversarialAccuracy, value: Double(adversarialCorrect) / n),
            Measurement(
                successRate, value: cleanCorrect > 0 ? Double(flipped) / Double(cleanCorrect) : nil,
                note: cleanCorrect > 0 ? nil : "undefined: the model classifies nothing correctly"),
            Measurement(perturbation, value: normSum / n),
        ]
        for breakdown in breakdowns {
            rows += EvasionGroupMetrics.measurements(robust: robust, breakdown: breakdown)
        }
        let examples = EvasionExamples.artifact(
            test: test, adversarial: adversarial, clean: clean, attacked: attacked)
        return Evaluation(
            measurements: rows,
            artifacts: examples.map { [EvasionExamples.export.name: $0] } ?? [:])
    }
}
