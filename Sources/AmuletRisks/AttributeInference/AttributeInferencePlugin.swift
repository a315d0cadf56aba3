import AmuletData
import AmuletLearn
import AmuletTensor

/// `attack attribute [attribute=all|NAME] [epochs=20]`: infer sensitive attributes of the
/// members from the model's output probabilities.
public enum AttributeInferencePlugin: EvaluationPlugin {
    static let attribute = SensitiveAttributeSelection.parameter(
        doc: "the sensitive attribute to infer, such as sex, or all")
    static let epochs = Parameter<Int>(
        "epochs", default: 20, range: 1...1000,
        doc: "the most passes of the attack MLP over its data")
    static let patience = Parameter<Int>(
        "patience", default: 5, range: 0...1000,
        doc: "stop after this many epochs without a better loss on 10% of the adversary's "
            + "rows held out (0: train every epoch on all rows)")
    static let by = GroupBreakdown.parameter(
        doc: "also report the accuracy within each group of another sensitive attribute, such "
            + "as sex, or all (every other attribute)")

    /// Balanced accuracy of the thresholded inference on the members.
    public static let balancedAccuracy = MetricID(
        "attribute.balanced_accuracy", risk: .attributeInference, unit: .ratio,
        direction: .lowerIsBetter,
        scope: .headline,
        doc: "balanced accuracy of inferring the attribute of members (0.5 is guessing)")
    /// AUC of the attack's scores on the members.
    public static let auc = MetricID(
        "attribute.auc", risk: .attributeInference, unit: .ratio, direction: .lowerIsBetter,
        doc: "AUC of the attack's scores for the attribute of members (0.5 is guessing)")
    /// Share of the larger group among the members.
    public static let majorityRate = MetricID(
        "attribute.majority_rate", risk: .attributeInference, unit: .ratio, direction: .neutral,
        doc: "share of the larger group among members: the accuracy of always guessing it")

    public static let spec = PluginSpec(
        name: "attribute", kind: .attack,
        summary: "attribute inference: an MLP infers race or sex from the model's outputs",
        risk: .attributeInference,
        explanation: "The adversary sends its own rows (the scenario's adversary split), whose "
            + "sensitive attributes it knows, to the model, and trains one MLP (64-128-32, "
            + "Adam) per attribute from the returned probability vector to the attribute. It "
            + "picks the threshold that maximises √(TPR·TNR) on its own rows, then infers the "
            + "attribute of every member from the member's output. Reports, per attribute, "
            + "the balanced accuracy of the inferred values and the AUC of the attack's scores "
            + "on the members (0.5 is guessing for both), and the share of the larger group. "
            + "The attack MLP holds out a seeded 10% of the adversary's rows and stops when "
            + "their loss has not improved for patience= epochs (at most epochs=). "
            + "A model whose outputs reveal the group leaks it; DP-SGD and adversarial "
            + "debiasing are expected to lower the leak. With by=ATTRIBUTE (another one, or "
            + "all) it also reports the accuracy of the inference within each group of that "
            + "attribute and the gap between the most and the least exposed group.",
        parameters: [attribute.spec, epochs.spec, patience.spec, by.spec],
        reports: [balancedAccuracy, auc, majorityRate] + AttributeInferenceGroupMetrics.reported,
        cost: .noTraining, matrix: MatrixUse(headline: balancedAccuracy),
        reference: "Duddu & Boutet, CIKM 2022; Amulet (DudduCIKM2022)")

    public static func evaluate(
        _ call: PluginCall, model: ModelUnderTest, scenario: Scenario, context: RunContext
    ) throws -> Evaluation {
        guard model.model.network.outputWidth >= 2 else {
            throw ScenarioError.unsupported("attribute inference needs a classifier's outputs")
        }
        let names = try SensitiveAttributeSelection.resolve(
            call[attribute], in: scenario.data.train, datasetName: scenario.datasetName,
            parameterName: attribute.name, purpose: "to infer")
        let breakdowns = try groupBreakdowns(
            call[by], inferring: names, in: scenario.members, datasetName: scenario.datasetName)
        let adversary = scenario.adversary
        guard adversary.count > 0, !scenario.memberIndices.isEmpty else {
            throw ScenarioError.unsupported(
                "attribute inference needs both members and adversary rows; load with a "
                    + "member fraction below 1")
        }
        let attack = AttributeInferenceAttack(
            epochs: call[epochs], patience: call[patience] > 0 ? call[patience] : nil,
            seed: SeededGenerator.deriveSeed(context.seed, 0x6174_7472))
        let results = try attack.run(
            target: model.model.network, adversary: adversary, victims: scenario.members,
            attributes: names,
            trainer: Trainer(cancellation: context.workbench.cancellation),
            clock: context.workbench.clock)
        let onlyOneGroup = "undefined: the members hold only one group"
        return Evaluation(
            measurements: results.flatMap { r in
                let perGroup = breakdowns.filter { $0.attribute != r.attribute }.flatMap {
                    AttributeInferenceGroupMetrics.measurements(r, breakdown: $0)
                }
                return [
                    Measurement(
                        balancedAccuracy, subject: r.attribute, value: r.balancedAccuracy,
                        note: r.balancedAccuracy == nil ? onlyOneGroup : nil),
                    Measurement(
                        auc, subject: r.attribute, value: r.auc,
                        note: r.auc == nil ? onlyOneGroup : nil),
                    Measurement(majorityRate, subject: r.attribute, value: r.majorityRate),
                ] + perGroup
            })
    }

    /// The `by=` breakdowns over the members.
    ///
    /// Each inferred attribute is broken down by the others only; throws a located error when
    /// `by=` leaves no other attribute.
    static func groupBreakdowns(
        _ requested: String?, inferring names: [String], in members: Dataset, datasetName: String
    ) throws -> [GroupBreakdown] {
        let breakdowns = try GroupBreakdown.resolve(
            requested, in: members, datasetName: datasetName, parameterName: by.name)
        let usable = breakdowns.contains { b in names.contains { $0 != b.attribute } }
        guard breakdowns.isEmpty || usable else {
            let inferred = names.map { "'\($0)'" }.joined(separator: ", ")
            throw ScenarioError.invalidParameter(
                name: by.name,
                message: "by= must name a sensitive attribute other than the inferred "
                    + "\(inferred): a group of the inferred attribute already reveals it")
        }
        return breakdowns
    }
}
