import AmuletLearn
import AmuletTensor

/// `attack mia method=lira|loss|confidence shadows=16 …`: membership inference.
public enum MembershipInferencePlugin: AttackPlugin {
    public static let spec = PluginSpec(
        name: "mia", kind: .attack,
        summary: "membership inference: LiRA with shadow models, or loss / confidence thresholds",
        risk: .membership,
        explanation: "Decides, for every example of the training split, whether it was one of the "
            + "target's training members. LiRA trains shadow models with the target's own recipe "
            + "(defenses included) on random halves of the data and runs a likelihood-ratio test "
            + "per example; the loss attack thresholds the target's loss (Yeom et al. 2018) and the "
            + "confidence attack its top probability. Reports AUC, TPR at 0.1% and 1% FPR and "
            + "balanced accuracy.",
        parameters: [
            ParameterSpec(
                "method", .choice(["lira", "loss", "confidence"]), default: .text("lira"),
                doc: "the attack"),
            ParameterSpec(
                "shadows", .integer, default: .number(16), range: 2...1024,
                doc: "LiRA shadow models"),
            ParameterSpec(
                "mode", .choice(["online", "offline"]), default: .text("online"),
                doc: "LiRA with in- and out-models, or out-models only"),
            ParameterSpec(
                "variance", .choice(["global", "per-example"]), default: .text("global"),
                doc: "LiRA's Gaussian width: pooled (better with few shadows) or per example"),
        ],
        reference: "Carlini et al., S&P 2022; Yeom et al., CSF 2018")

    public static func run(
        _ values: ParameterValues, model: ModelUnderTest, scenario: Scenario,
        context: inout RunContext
    ) throws -> [RiskMeasurement] {
        let train = scenario.data.train
        let logits = model.model.network.logits(train.features)
        var isMember = [Bool](repeating: false, count: train.count)
        for j in scenario.memberIndices { isMember[j] = true }
        let method = values.text("method") ?? "lira"
        let scores: [Double]
        switch method {
        case "loss":
            scores = MembershipScores.negativeLoss(logits, labels: train.labels)
        case "confidence":
            scores = MembershipScores.confidence(logits)
        default:
            let shadows = try ShadowModels.train(
                count: values.integer("shadows"), recipe: model.recipe, scenario: scenario,
                context: context)
            let attack = LiRAAttack(
                online: values.text("mode") != "offline",
                globalVariance: values.text("variance") != "per-example")
            scores = attack.scores(
                targetScores: MembershipScores.scaledLogits(logits, labels: train.labels),
                shadows: shadows)
        }
        let metrics = MembershipMetrics(scores: scores, isMember: isMember)
        let name =
            method == "lira" ? (values.text("mode") == "offline" ? "lira_offline" : "lira") : method
        context.artifacts["mia.roc.\(model.role.rawValue)"] = .roc(metrics.roc)
        context.artifacts["mia.scores.\(model.role.rawValue)"] = .table(
            columns: ["index", "member", "score"],
            rows: scores.indices.map { ["\($0)", isMember[$0] ? "1" : "0", "\(scores[$0])"] })
        return metrics.measurements(method: name)
    }
}
