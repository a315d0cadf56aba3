import AmuletLearn
import AmuletTensor
import Foundation

/// `measure factors`: the SoK's underlying factors, measured on a model and its data.
///
/// D1 is the number of rows the model trained on (after its defenses' training-set transforms), M1 its trainable parameters, O2.1 the AUC of
/// the per-example cross-entropy loss between the training members and the test split, O2.2
/// the largest KS distance between the two groups of any sensitive attribute of the model's
/// score for the last class on the test split, O1 the trace of the loss Hessian on a sample
/// of the members (`LossCurvature`), O3 the mean L2 distance of those members to the decision
/// boundary (`BoundaryDistance`), D2 the share of training rows the recipe memorises
/// (`Memorization`, from shadow models trained with the model's recipe). Their change from the
/// baseline to a defended model is the measured side of `explain DEFENSE RISK` and of the
/// matrix's explanation.
///
/// Cost: D2 trains `shadows` models per role (LiRA's own shadow models at the same count, so
/// beside `attack mia shadows=N` nothing more is trained); O1 is 2·`probes` gradient passes
/// over `rows` members; O3 a few DeepFool steps of one backward pass per class, then 20
/// forward passes of bisection, over the same rows.
///
/// Reference: Duddu, Szyller & Asokan, "SoK: Unintended Interactions among Machine Learning
/// Defenses and Risks", IEEE S&P 2024, Table 1.
public enum FactorsMetric: EvaluationPlugin {
    /// D1.
    public static let trainingRows = MetricID(
        "factors.d1_training_rows", risk: .factors, unit: .count, direction: .neutral,
        doc: "D1: rows the model trained on")
    /// D2.
    public static let memorizedShare = MetricID(
        "factors.d2_memorized_share", risk: .factors, unit: .ratio, direction: .neutral,
        smallestEffect: 0.01,
        doc: "D2: share of training rows the recipe memorises (Feldman–Zhang estimate ≥ the "
            + "threshold, from shadow models)")
    /// M1.
    public static let parameters = MetricID(
        "factors.m1_parameters", risk: .factors, unit: .count, direction: .neutral,
        doc: "M1: trainable parameters of the model")
    /// O1.
    public static let hessianTrace = MetricID(
        "factors.o1_hessian_trace", risk: .factors, unit: .number, direction: .neutral,
        smallestEffect: 0.1,
        doc: "O1: trace of the Hessian of the mean training loss at the trained parameters "
            + "(Hutchinson's estimate)")
    /// O1, the other reading: the largest Hessian eigenvalue (with `power=N` only).
    public static let topEigenvalue = MetricID(
        "factors.o1_top_eigenvalue", risk: .factors, unit: .number, direction: .neutral,
        smallestEffect: 0.1,
        doc: "O1: largest-magnitude eigenvalue of the loss Hessian (power iteration, power=N)")
    /// O2.1.
    public static let lossAUC = MetricID(
        "factors.o21_loss_auc", risk: .factors, unit: .ratio, direction: .neutral,
        doc: "O2.1: AUC of the per-example loss between members and test rows (0.5: none)")
    /// O2.2.
    public static let groupKS = MetricID(
        "factors.o22_group_ks", risk: .factors, unit: .ratio, direction: .neutral,
        doc: "O2.2: largest KS distance between sensitive groups' scores on the test split")
    /// O3.
    public static let boundaryDistance = MetricID(
        "factors.o3_boundary_distance", risk: .factors, unit: .number, direction: .neutral,
        smallestEffect: 0.01,
        doc: "O3: mean L2 distance of training rows to the decision boundary (DeepFool, "
            + "bisected), in feature units")

    /// Which SoK factor each metric measures, in Table 1's order.
    public static let measuredFactors: [(factor: SoKFactor, metric: MetricID)] = [
        (.trainingSize, trainingRows), (.distributionTail, memorizedShare),
        (.lossCurvature, hessianTrace), (.trainTestDistinguishability, lossAUC),
        (.subgroupDistinguishability, groupKS), (.boundaryDistance, boundaryDistance),
        (.capacity, parameters),
    ]

    static let probes = Parameter<Int>(
        "probes", default: 30, range: 1...10_000,
        doc: "O1: Rademacher probes of Hutchinson's trace estimate")
    static let power = Parameter<Int>(
        "power", default: 0, range: 0...1000,
        doc: "O1: power-iteration steps for the top Hessian eigenvalue (0: not measured)")
    static let rows = Parameter<Int>(
        "rows", default: 1000, range: 1...1_000_000,
        doc: "O1 and O3: members sampled (seeded) for the curvature and boundary distance")
    static let shadows = Parameter<Int>(
        "shadows", default: 4, range: 0...1024,
        doc: "D2: models trained on random halves of the training split (0: skip D2)")
    static let threshold = Parameter<Double>(
        "memorized", default: 0.25, range: 0...1,
        doc: "D2: memorisation estimate at which a row counts as memorised")

    public static let spec = PluginSpec(
        name: "factors", kind: .metric,
        summary: "the SoK's factors D1, D2, O1, O2.1, O2.2, O3 and M1 of the model and its data",
        risk: .factors,
        explanation: "Measures the factors through which, by the SoK, defenses move risks: D1 "
            + "the training rows; D2 the share of training rows the recipe memorises "
            + "(Feldman & Zhang's estimate from shadow models, at least 'memorized'); O1 the "
            + "loss curvature, the trace of the Hessian of the mean training loss (Hutchinson's "
            + "estimator over Rademacher probes, Hessian-vector products by central "
            + "differences of gradients; with power=N also its top eigenvalue by N steps of "
            + "power iteration); O2.1 the AUC of the per-example loss between members "
            + "and test rows (how distinguishable training data is); O2.2 the largest "
            + "Kolmogorov–Smirnov distance between two sensitive groups' scores (how "
            + "distinguishable subgroups are); O3 the mean L2 distance of training rows to the "
            + "decision boundary (DeepFool, then bisection); M1 the trainable parameters. "
            + "Defended minus baseline is the measured explanation 'explain DEFENSE RISK' and "
            + "the matrix show beside the SoK's conjecture.",
        parameters: [probes.spec, power.spec, rows.spec, shadows.spec, threshold.spec],
        reports: [
            trainingRows, memorizedShare, hessianTrace, topEigenvalue, lossAUC, groupKS,
            boundaryDistance, parameters,
        ],
        cost: PluginCost { call, context in
            call[shadows] < 2
                ? []
                : ShadowModels.trainings(
                    count: call[shadows], recipe: context.recipe, scenario: context.scenario,
                    seed: context.seed)
        },
        // Measured beside every cell of the matrix, with LiRA's 4 shadows for D2.
        matrix: MatrixUse(headline: nil, settings: [shadows.setting(4)]),
        reference: "Duddu, Szyller & Asokan, IEEE S&P 2024, Table 1; Yeom et al., CSF 2018; "
            + "Feldman & Zhang, NeurIPS 2020; Hutchinson 1990; Moosavi-Dezfooli et al., CVPR 2016"
    )

    public static func evaluate(
        _ call: PluginCall, model: ModelUnderTest, scenario: Scenario, context: RunContext
    ) throws -> Evaluation {
        let network = model.model.network
        let members = scenario.members
        let test = scenario.data.test
        let memberLosses = perExampleLoss(network, members.features, members.labels)
        let testLosses = perExampleLoss(network, test.features, test.labels)
        let probabilities = network.probabilities(test.features)
        let last = probabilities.cols - 1
        let scores = (0..<probabilities.rows).map { Double(probabilities[$0, last]) }
        let ks = FactorStatistics.largestGroupKSDistance(
            scores: scores, groups: test.sensitive.map(\.values))
        // O1 and O3 on the same seeded sample of the members.
        var rng = SeededGenerator(seed: SeededGenerator.deriveSeed(context.seed, 0x4641_4354))
        let sample =
            members.count <= call[rows]
            ? Array(0..<members.count)
            : rng.sampleWithoutReplacement(call[rows], from: members.count).sorted()
        let features = members.features.gatherRows(sample)
        let labels = sample.map { members.labels[$0] }
        let cancellation = context.workbench.cancellation
        let curvature = try LossCurvature.estimate(
            network: network, features: features, labels: labels, probes: call[probes],
            rng: &rng, cancellation: cancellation)
        let eigenvalue =
            call[power] == 0
            ? nil
            : try LossCurvature.topEigenvalue(
                network: network, features: features, labels: labels, iterations: call[power],
                rng: &rng, cancellation: cancellation)
        let boundary = try BoundaryDistance.measure(
            network: network, features: features, cancellation: cancellation)
        var memorized: Double?
        var memorizedNote: String? = "shadows=0: D2 not measured"
        if call[shadows] >= 2 {
            let shadowModels = try ShadowModels.train(
                count: call[shadows], recipe: model.recipe, scenario: scenario, context: context)
            let estimate = Memorization(
                keep: shadowModels.keep, correct: shadowModels.scores.map { $0.map { $0 > 0 } })
            memorized = estimate.share(atLeast: call[threshold])
            memorizedNote = memorized == nil ? "no row with both in and out models" : nil
        } else if call[shadows] == 1 {
            memorizedNote = "D2 needs at least 2 shadow models"
        }
        var measurements = [
            // The rows after the defenses' training-set transforms (outlier removal drops
            // some, watermarking adds its triggers); the members for a model without a record.
            Measurement(
                trainingRows,
                value: Double(
                    model.model.summary.trainingExamples > 0
                        ? model.model.summary.trainingExamples : scenario.memberIndices.count)),
            Measurement(memorizedShare, value: memorized, note: memorizedNote),
            Measurement(
                hessianTrace, value: curvature.trace,
                note: curvature.standardError.map {
                    "± \(formatted($0)) (standard error over \(curvature.probes) probes)"
                }),
            Measurement(
                lossAUC,
                value: FactorStatistics.lossAUC(
                    memberLosses: memberLosses, nonMemberLosses: testLosses)),
            Measurement(
                groupKS, value: ks, note: ks == nil ? "no sensitive attribute with two groups" : nil
            ),
            Measurement(
                boundaryDistance, value: boundary.mean,
                note: boundary.uncrossed == 0
                    ? nil
                    : "\(boundary.uncrossed) of \(sample.count) rows never crossed; left out"),
            Measurement(parameters, value: Double(network.parameterCount)),
        ]
        if let eigenvalue {
            // Beside the trace, only when asked for.
            measurements.insert(Measurement(topEigenvalue, value: eigenvalue), at: 3)
        }
        return Evaluation(measurements: measurements)
    }

    /// Three significant digits for a note.
    static func formatted(_ value: Double) -> String {
        String(format: "%.3g", value)
    }

    /// −log p(y | x) of each row.
    static func perExampleLoss(_ network: Network, _ x: Matrix, _ labels: [Int]) -> [Double] {
        let p = network.probabilities(x)
        return labels.indices.map { i in
            let label = min(max(labels[i], 0), p.cols - 1)
            return -Math.log(max(Double(p[i, label]), 1e-12))
        }
    }
}
