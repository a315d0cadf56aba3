import AmuletLearn
import AmuletTensor

/// `measure factors`: the SoK's underlying factors that need no extra training, measured on a
/// model and its data.
///
/// D1 is the number of rows the model trained on, M1 its trainable parameters, O2.1 the AUC of
/// the per-example cross-entropy loss between the training members and the test split, O2.2
/// the largest KS distance between the two groups of any sensitive attribute of the model's
/// score for the last class on the test split. Their change from the baseline to a defended
/// model is the measured side of `explain DEFENSE RISK`.
///
/// Reference: Duddu, Szyller & Asokan, "SoK: Unintended Interactions among Machine Learning
/// Defenses and Risks", IEEE S&P 2024, Table 1.
public enum FactorsMetric: EvaluationPlugin {
    /// D1.
    public static let trainingRows = MetricID(
        "factors.d1_training_rows", risk: .factors, unit: .count, direction: .neutral,
        doc: "D1: rows the model trained on")
    /// M1.
    public static let parameters = MetricID(
        "factors.m1_parameters", risk: .factors, unit: .count, direction: .neutral,
        doc: "M1: trainable parameters of the model")
    /// O2.1.
    public static let lossAUC = MetricID(
        "factors.o21_loss_auc", risk: .factors, unit: .ratio, direction: .neutral,
        doc: "O2.1: AUC of the per-example loss between members and test rows (0.5: none)")
    /// O2.2.
    public static let groupKS = MetricID(
        "factors.o22_group_ks", risk: .factors, unit: .ratio, direction: .neutral,
        doc: "O2.2: largest KS distance between sensitive groups' scores on the test split")

    /// Which SoK factor each metric measures.
    public static let measuredFactors: [(factor: SoKFactor, metric: MetricID)] = [
        (.trainingSize, trainingRows), (.capacity, parameters),
        (.trainTestDistinguishability, lossAUC), (.subgroupDistinguishability, groupKS),
    ]

    public static let spec = PluginSpec(
        name: "factors", kind: .metric,
        summary: "the SoK's factors D1, M1, O2.1 and O2.2 of the model and its data",
        risk: .factors,
        explanation: "Measures the factors through which, by the SoK, defenses move risks: D1 "
            + "the training rows, M1 the trainable parameters, O2.1 the AUC of the per-example "
            + "loss between members and test rows (how distinguishable training data is), O2.2 "
            + "the largest Kolmogorov–Smirnov distance between two sensitive groups' scores "
            + "(how distinguishable subgroups are). Defended minus baseline is the measured "
            + "explanation 'explain DEFENSE RISK' shows beside the SoK's conjecture.",
        reports: [trainingRows, parameters, lossAUC, groupKS], cost: .noTraining,
        reference: "Duddu, Szyller & Asokan, IEEE S&P 2024, Table 1; Yeom et al., CSF 2018")

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
        return Evaluation(measurements: [
            Measurement(trainingRows, value: Double(scenario.memberIndices.count)),
            Measurement(parameters, value: Double(network.parameterCount)),
            Measurement(
                lossAUC,
                value: FactorStatistics.lossAUC(
                    memberLosses: memberLosses, nonMemberLosses: testLosses)),
            Measurement(
                groupKS, value: ks, note: ks == nil ? "no sensitive attribute with two groups" : nil
            ),
        ])
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
