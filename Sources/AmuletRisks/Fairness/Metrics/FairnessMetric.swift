import AmuletData

/// `measure fairness [attribute=NAME|all]`: group-fairness gaps on the test split.
public enum FairnessMetric: EvaluationPlugin {
    static let attribute = Parameter<String>(
        "attribute", default: "all", doc: "a sensitive attribute, such as race, or all")

    /// |SR₁ − SR₀|.
    public static let demographicParityDifference = MetricID(
        "fairness.dp_difference", risk: .fairness, unit: .ratio, direction: .lowerIsBetter,
        scope: .headline,
        doc: "demographic parity difference: largest minus smallest selection rate")
    /// min/max selection rate.
    public static let demographicParityRatio = MetricID(
        "fairness.dp_ratio", risk: .fairness, unit: .ratio, direction: .higherIsBetter,
        doc: "demographic parity ratio: smallest over largest selection rate (1 is parity)")
    /// |TPR₁ − TPR₀|.
    public static let equalOpportunityDifference = MetricID(
        "fairness.eo_difference", risk: .fairness, unit: .ratio, direction: .lowerIsBetter,
        doc: "equal opportunity difference: gap in true-positive rates")
    /// max(TPR gap, FPR gap).
    public static let equalizedOddsDifference = MetricID(
        "fairness.eodds_difference", risk: .fairness, unit: .ratio, direction: .lowerIsBetter,
        scope: .headline,
        doc: "equalized odds difference: the larger of the TPR and FPR gaps (Fairlearn)")
    /// TPR gap + FPR gap.
    public static let equalizedOddsSum = MetricID(
        "fairness.eodds_sum", risk: .fairness, unit: .ratio, direction: .lowerIsBetter,
        doc: "equalized odds as the Python Amulet sums it: TPR gap + FPR gap")
    /// 100·min/max selection rate.
    public static let pRule = MetricID(
        "fairness.p_rule", risk: .fairness, unit: .percent, direction: .higherIsBetter,
        doc: "p-rule: 100 × smallest over largest selection rate (80 is the four-fifths rule)")
    /// Per-group accuracy.
    public static let groupAccuracy = MetricID(
        "fairness.accuracy", risk: .fairness, unit: .ratio, direction: .higherIsBetter,
        scope: .perGroup, doc: "accuracy within one group")
    /// Per-group selection rate.
    public static let groupSelectionRate = MetricID(
        "fairness.selection_rate", risk: .fairness, unit: .ratio, direction: .neutral,
        scope: .perGroup, doc: "fraction of a group predicted positive")
    /// Per-group TPR.
    public static let groupTruePositiveRate = MetricID(
        "fairness.tpr", risk: .fairness, unit: .ratio, direction: .higherIsBetter,
        scope: .perGroup, doc: "true-positive rate within one group")
    /// Per-group FPR.
    public static let groupFalsePositiveRate = MetricID(
        "fairness.fpr", risk: .fairness, unit: .ratio, direction: .lowerIsBetter,
        scope: .perGroup, doc: "false-positive rate within one group")

    public static let spec = PluginSpec(
        name: "fairness", kind: .metric,
        summary:
            "demographic parity, equalized odds, equal opportunity, p-rule, per-group accuracy",
        risk: .fairness,
        explanation: "Compares how the model treats the groups of each sensitive attribute on the "
            + "test split: selection rates (demographic parity difference and ratio, p-rule), "
            + "true-positive rates (equal opportunity) and both error rates (equalized odds, as "
            + "Fairlearn's max and the Python Amulet's sum), plus per-group accuracy. "
            + "attribute=all also measures the intersection of the first two attributes. A rate "
            + "or ratio with an empty denominator is undefined and shown as –.",
        parameters: [attribute.spec],
        reports: [
            AccuracyMetric.testAccuracy, demographicParityDifference, demographicParityRatio,
            equalOpportunityDifference, equalizedOddsDifference, equalizedOddsSum, pRule,
            groupAccuracy, groupSelectionRate, groupTruePositiveRate, groupFalsePositiveRate,
        ],
        cost: .noTraining,
        reference: "Hardt, Price & Srebro, NeurIPS 2016; Fairlearn; Amulet")

    public static func evaluate(
        _ call: PluginCall, model: ModelUnderTest, scenario: Scenario, context: RunContext
    ) throws -> Evaluation {
        let test = scenario.data.test
        guard test.classCount == 2 else {
            throw ScenarioError.unsupported(
                "fairness metrics need a two-class task; \(scenario.datasetName) has \(test.classCount) classes"
            )
        }
        guard !test.sensitive.isEmpty else {
            throw ScenarioError.unsupported(
                "\(scenario.datasetName) has no sensitive attributes to measure fairness on")
        }
        let requested = call[attribute]
        var attributes = test.sensitive
        if requested != "all" {
            guard let chosen = test.attribute(requested) else {
                throw ScenarioError.invalidParameter(
                    name: attribute.name,
                    message: "\(scenario.datasetName) has no sensitive attribute '\(requested)'; "
                        + "it has " + test.sensitive.map(\.name).joined(separator: ", ")
                        + " (or all)")
            }
            attributes = [chosen]
        }
        let predictions = model.model.network.predictions(test.features)
        let correct = zip(predictions, test.labels).filter { $0 == $1 }.count
        var rows = [
            Measurement(
                AccuracyMetric.testAccuracy, value: Double(correct) / Double(max(test.count, 1)))
        ]
        for a in attributes {
            let fairness = GroupFairness(
                predictions: predictions, labels: test.labels, group: a.values,
                groupNames: [a.negativeGroup, a.positiveGroup])
            rows += measurements(fairness, subject: a.name)
        }
        if requested == "all" && attributes.count >= 2 {
            let a = attributes[0]
            let b = attributes[1]
            let group = zip(a.values, b.values).map { $0 * 2 + $1 }
            let names = [
                "\(a.negativeGroup)×\(b.negativeGroup)", "\(a.negativeGroup)×\(b.positiveGroup)",
                "\(a.positiveGroup)×\(b.negativeGroup)", "\(a.positiveGroup)×\(b.positiveGroup)",
            ]
            let fairness = GroupFairness(
                predictions: predictions, labels: test.labels, group: group, groupNames: names)
            rows += measurements(fairness, subject: "\(a.name)×\(b.name)", pRule: false)
        }
        return Evaluation(measurements: rows)
    }

    static func measurements(_ f: GroupFairness, subject: String, pRule: Bool = true)
        -> [Measurement]
    {
        let noSelection = "undefined: no group has a positive prediction"
        let noGroups = "undefined: fewer than two groups have this rate"
        var rows = [
            Measurement(
                demographicParityDifference, subject: subject, value: f.demographicParityDifference,
                note: f.demographicParityDifference == nil ? noGroups : nil),
            Measurement(
                demographicParityRatio, subject: subject, value: f.demographicParityRatio,
                note: f.demographicParityRatio == nil ? noSelection : nil),
            Measurement(
                equalOpportunityDifference, subject: subject, value: f.equalOpportunityDifference,
                note: f.equalOpportunityDifference == nil ? noGroups : nil),
            Measurement(
                equalizedOddsDifference, subject: subject, value: f.equalizedOddsDifference,
                note: f.equalizedOddsDifference == nil ? noGroups : nil),
            Measurement(
                equalizedOddsSum, subject: subject, value: f.equalizedOddsSum,
                note: f.equalizedOddsSum == nil ? noGroups : nil),
        ]
        if pRule {
            rows.append(
                Measurement(
                    Self.pRule, subject: subject, value: f.pRule,
                    note: f.pRule == nil ? noSelection : nil))
        }
        for g in f.groups {
            let groupSubject = "\(subject)=\(g.group)"
            let empty = "undefined: the group has no such examples in the test split"
            rows += [
                Measurement(groupAccuracy, subject: groupSubject, value: g.accuracy),
                Measurement(groupSelectionRate, subject: groupSubject, value: g.selectionRate),
                Measurement(
                    groupTruePositiveRate, subject: groupSubject, value: g.truePositiveRate),
                Measurement(
                    groupFalsePositiveRate, subject: groupSubject, value: g.falsePositiveRate),
            ].map { m in
                var m = m
                if m.value == nil { m.note = empty }
                return m
            }
        }
        return rows
    }
}
