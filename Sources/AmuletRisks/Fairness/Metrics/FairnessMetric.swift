import AmuletData

/// `measure fairness [attribute=NAME|all]`: group-fairness gaps on the test split.
public enum FairnessMetric: MetricPlugin {
    public static let spec = PluginSpec(
        name: "fairness", kind: .metric,
        summary:
            "demographic parity, equalized odds, equal opportunity, p-rule, per-group accuracy",
        risk: .fairness,
        explanation: "Compares how the model treats the groups of each sensitive attribute on the "
            + "test split: selection rates (demographic parity difference and ratio, p-rule), "
            + "true-positive rates (equal opportunity) and both error rates (equalized odds, as "
            + "Fairlearn's max and the Python Amulet's sum), plus per-group accuracy. "
            + "attribute=all also measures the intersection of the first two attributes.",
        parameters: [
            ParameterSpec(
                "attribute", .text, default: .text("all"),
                doc: "a sensitive attribute, such as race, or all")
        ],
        reference: "Hardt, Price & Srebro, NeurIPS 2016; Fairlearn; Amulet")

    public static func measure(
        _ values: ParameterValues, model: ModelUnderTest, scenario: Scenario,
        context: inout RunContext
    ) throws -> [RiskMeasurement] {
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
        let requested = values.text("attribute") ?? "all"
        var attributes = test.sensitive
        if requested != "all" {
            guard let attribute = test.attribute(requested) else {
                throw ScenarioError.invalid(
                    "\(scenario.datasetName) has no sensitive attribute '\(requested)'; it has "
                        + test.sensitive.map(\.name).joined(separator: ", ") + " (or all)")
            }
            attributes = [attribute]
        }
        let predictions = model.model.network.predictions(test.features)
        let correct = zip(predictions, test.labels).filter { $0 == $1 }.count
        var rows = [
            RiskMeasurement(
                risk: .utility, metric: "accuracy",
                value: Double(correct) / Double(max(test.count, 1)))
        ]
        for attribute in attributes {
            let fairness = GroupFairness(
                predictions: predictions, labels: test.labels, group: attribute.values,
                groupNames: [attribute.negativeGroup, attribute.positiveGroup])
            rows += measurements(fairness, prefix: "fairness.\(attribute.name)")
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
            rows += measurements(fairness, prefix: "fairness.\(a.name)×\(b.name)", pRule: false)
        }
        return rows
    }

    static func measurements(_ f: GroupFairness, prefix: String, pRule: Bool = true)
        -> [RiskMeasurement]
    {
        var rows = [
            RiskMeasurement(
                risk: .fairness, metric: "\(prefix).dp_difference",
                value: f.demographicParityDifference),
            RiskMeasurement(
                risk: .fairness, metric: "\(prefix).dp_ratio", value: f.demographicParityRatio),
            RiskMeasurement(
                risk: .fairness, metric: "\(prefix).eo_difference",
                value: f.equalOpportunityDifference),
            RiskMeasurement(
                risk: .fairness, metric: "\(prefix).eodds_difference",
                value: f.equalizedOddsDifference),
            RiskMeasurement(
                risk: .fairness, metric: "\(prefix).eodds_sum", value: f.equalizedOddsSum),
        ]
        if pRule {
            rows.append(
                RiskMeasurement(risk: .fairness, metric: "\(prefix).p_rule", value: f.pRule))
        }
        for g in f.groups {
            rows.append(
                RiskMeasurement(
                    risk: .fairness, metric: "\(prefix)=\(g.group).accuracy", value: g.accuracy))
            rows.append(
                RiskMeasurement(
                    risk: .fairness, metric: "\(prefix)=\(g.group).selection_rate",
                    value: g.selectionRate))
            rows.append(
                RiskMeasurement(
                    risk: .fairness, metric: "\(prefix)=\(g.group).tpr", value: g.truePositiveRate))
            rows.append(
                RiskMeasurement(
                    risk: .fairness, metric: "\(prefix)=\(g.group).fpr", value: g.falsePositiveRate)
            )
        }
        return rows
    }
}
