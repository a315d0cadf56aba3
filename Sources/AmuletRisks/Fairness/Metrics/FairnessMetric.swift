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
    /// One class's demographic-parity difference, one class against the rest (multi-class).
    public static let classDemographicParityDifference = MetricID(
        "fairness.class_dp_difference", risk: .fairness, unit: .ratio,
        direction: .lowerIsBetter,
        doc: "multi-class: one class's demographic parity difference, that class against the rest")
    /// One class's equalized-odds difference, one class against the rest (multi-class).
    public static let classEqualizedOddsDifference = MetricID(
        "fairness.class_eodds_difference", risk: .fairness, unit: .ratio,
        direction: .lowerIsBetter,
        doc: "multi-class: one class's equalized odds difference, that class against the rest")
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
            + "or ratio with an empty denominator is undefined and shown as –. A multi-class "
            + "model (digits) is measured as Fairlearn does, one class against the rest: each "
            + "class k has its own gaps over the rates of predicting k (class_dp_difference and "
            + "class_eodds_difference per class), and dp_difference, eodds_difference and the "
            + "other gaps are the worst class's (largest difference, smallest ratio). Digits "
            + "has no sensitive attribute of its own: load it with group=[…].",
        parameters: [attribute.spec],
        reports: [
            AccuracyMetric.testAccuracy, demographicParityDifference, demographicParityRatio,
            equalOpportunityDifference, equalizedOddsDifference, equalizedOddsSum, pRule,
            groupAccuracy, groupSelectionRate, groupTruePositiveRate, groupFalsePositiveRate,
            classDemographicParityDifference, classEqualizedOddsDifference,
        ],
        cost: .noTraining, matrix: MatrixUse(headline: demographicParityDifference),
        reference: "Hardt, Price & Srebro, NeurIPS 2016; Fairlearn; Amulet")

    public static func evaluate(
        _ call: PluginCall, model: ModelUnderTest, scenario: Scenario, context: RunContext
    ) throws -> Evaluation {
        let test = scenario.data.test
        guard !test.sensitive.isEmpty else {
            throw ScenarioError.unsupported(
                "\(scenario.datasetName) has no sensitive attributes to measure fairness on"
                    + (test.classCount > 2
                        ? " (an image set takes one from its labels: load it with group=[…])" : ""))
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
        let classes = test.classCount
        func measure(group: [Int], names: [String], subject: String, pRule: Bool) -> [Measurement] {
            if classes <= 2 {
                let fairness = GroupFairness(
                    predictions: predictions, labels: test.labels, group: group, groupNames: names)
                return measurements(fairness, subject: subject, pRule: pRule)
            }
            let fairness = MulticlassFairness(
                predictions: predictions, labels: test.labels, group: group, groupNames: names,
                classCount: classes)
            return measurements(fairness, groupNames: names, subject: subject, pRule: pRule)
        }
        for a in attributes {
            rows += measure(
                group: a.values, names: [a.negativeGroup, a.positiveGroup], subject: a.name,
                pRule: true)
        }
        if requested == "all" && attributes.count >= 2 {
            let a = attributes[0]
            let b = attributes[1]
            let group = zip(a.values, b.values).map { $0 * 2 + $1 }
            let names = [
                "\(a.negativeGroup)×\(b.negativeGroup)", "\(a.negativeGroup)×\(b.positiveGroup)",
                "\(a.positiveGroup)×\(b.negativeGroup)", "\(a.positiveGroup)×\(b.positiveGroup)",
            ]
            rows += measure(
                group: group, names: names, subject: "\(a.name)×\(b.name)", pRule: false)
        }
        return Evaluation(measurements: rows)
    }

    static func measurements(_ f: GroupFairness, subject: String, pRule: Bool = true)
        -> [Measurement]
    {
        let noSelection = "undefined: no group has a positive prediction"
        let noGroups = "undefined: fewer than two groups have this rate"
        var rows = summary(
            f, subject: subject, pRule: pRule, noSelection: noSelection, noGroups: noGroups)
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

    /// The worst-class gaps, each class's dp and equalized-odds differences (subject
    /// `ATTRIBUTE:class=K`) and per-group accuracy of a multi-class model.
    static func measurements(
        _ f: MulticlassFairness, groupNames: [String], subject: String, pRule: Bool
    ) -> [Measurement] {
        let noSelection = "undefined: no class has a group with a prediction of it"
        let noGroups = "undefined: no class has this rate in two groups"
        var rows = summary(
            f, subject: subject, pRule: pRule, noSelection: noSelection, noGroups: noGroups)
        let undefined = "undefined: fewer than two groups have this rate for the class"
        for (k, c) in f.perClass.enumerated() {
            let classSubject = "\(subject):class=\(k)"
            rows += [
                Measurement(
                    classDemographicParityDifference, subject: classSubject,
                    value: c.demographicParityDifference,
                    note: c.demographicParityDifference == nil ? undefined : nil),
                Measurement(
                    classEqualizedOddsDifference, subject: classSubject,
                    value: c.equalizedOddsDifference,
                    note: c.equalizedOddsDifference == nil ? undefined : nil),
            ]
        }
        for (name, accuracy) in zip(groupNames, f.groupAccuracy) {
            rows.append(
                Measurement(
                    groupAccuracy, subject: "\(subject)=\(name)", value: accuracy,
                    note: accuracy == nil
                        ? "undefined: the group has no such examples in the test split" : nil))
        }
        return rows
    }

    /// The headline gaps of a fairness summary, binary or worst-class: each with `noGroups`
    /// or `noSelection` as its note when undefined; the p-rule only when `pRule`.
    static func summary(
        _ f: some FairnessSummary, subject: String, pRule: Bool, noSelection: String,
        noGroups: String
    ) -> [Measurement] {
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
        return rows
    }
}

/// The headline gaps both the two-class and the multi-class (worst-class) summaries carry.
protocol FairnessSummary {
    var demographicParityDifference: Double? { get }
    var demographicParityRatio: Double? { get }
    var pRule: Double? { get }
    var equalOpportunityDifference: Double? { get }
    var equalizedOddsDifference: Double? { get }
    var equalizedOddsSum: Double? { get }
}

extension GroupFairness: FairnessSummary {}
extension MulticlassFairness: FairnessSummary {}
