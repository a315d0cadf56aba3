import AmuletLearn
import AmuletTensor

/// `attack mia method=lira|rmia|loss|confidence shadows=16 …`: membership inference.
public enum MembershipInferencePlugin: EvaluationPlugin {
    /// The attacks `method=` names.
    enum Method: String, ParameterChoice {
        case lira, rmia, loss, confidence
    }

    /// LiRA or RMIA with in- and out-models, or out-models only.
    enum Mode: String, ParameterChoice {
        case online, offline
    }

    /// LiRA's Gaussian width.
    enum Variance: String, ParameterChoice {
        case global
        case perExample = "per-example"
    }

    static let method = Parameter<Method>("method", default: .lira, doc: "the attack")
    static let shadows = Parameter<Int>(
        "shadows", default: 16, range: 2...1024, doc: "shadow (reference) models of LiRA and RMIA")
    static let mode = Parameter<Mode>(
        "mode", default: .online,
        doc: "LiRA or RMIA with in- and out-models, or out-models only")
    static let variance = Parameter<Variance>(
        "variance", default: .global,
        doc: "LiRA's Gaussian width: pooled (better with few shadows) or per example")
    static let offlineA = Parameter<Double>(
        "a", default: 0.3, range: 0...1,
        doc: "offline RMIA's a: Pr(x) ≈ ½((1 + a)·Pr_out(x) + 1 − a)")
    static let by = GroupBreakdown.parameter(
        doc: "also report AUC and TPR at 1% FPR within each group of a sensitive attribute, "
            + "such as sex, or all")

    /// The export of per-example membership scores.
    static let scoresExport = ExportSpec(
        "mia",
        doc: "per training-split example: membership truth and each model's attack score, from "
            + "the last 'attack mia'")
    /// The export of ROC curves.
    static let rocExport = ExportSpec(
        "mia_roc", doc: "the ROC curve of the last 'attack mia' for each model: fpr, tpr, threshold"
    )

    public static let spec = PluginSpec(
        name: "mia", kind: .attack,
        summary: "membership inference: LiRA or RMIA with shadow models, or loss / confidence "
            + "thresholds",
        risk: .membership,
        explanation: "Decides, for every example of the training split, whether it was one of the "
            + "target's training members. LiRA trains shadow models with the target's own recipe "
            + "(defenses included) on random halves of the data and runs a likelihood-ratio test "
            + "per example; RMIA, on the same shadows, scores how often the target's likelihood "
            + "ratio Pr(x|θ)/Pr(x) beats that of population samples (the adversary's rows); the "
            + "loss attack thresholds the target's loss (Yeom et al. 2018) and the confidence "
            + "attack its top probability. Reports AUC, TPR at 0.1% and 1% FPR and "
            + "balanced accuracy. With by=ATTRIBUTE (or all) it also reports, from the same "
            + "scores, the AUC and TPR at 1% FPR within each group of the attribute and the gap "
            + "between the most and the least exposed group.",
        parameters: [
            method.spec, shadows.spec, mode.spec, variance.spec, offlineA.spec, by.spec,
        ],
        reports: MembershipMetrics.reported + MembershipGroupMetrics.reported,
        exports: [scoresExport, rocExport],
        cost: PluginCost { call, context in
            switch call[method] {
            case .loss, .confidence: return []
            case .lira, .rmia:
                return ShadowModels.trainings(
                    count: call[shadows], recipe: context.recipe, scenario: context.scenario,
                    seed: context.seed)
            }
        },
        matrix: MatrixUse(headline: MembershipMetrics.auc, settings: [shadows.setting(4)]),
        reference: "Carlini et al., S&P 2022; Zarifzadeh et al., ICML 2024; Yeom et al., CSF 2018")

    public static func evaluate(
        _ call: PluginCall, model: ModelUnderTest, scenario: Scenario, context: RunContext
    ) throws -> Evaluation {
        let train = scenario.data.train
        let breakdowns = try GroupBreakdown.resolve(
            call[by], in: train, datasetName: scenario.datasetName, parameterName: by.name)
        let logits = model.model.network.logits(train.features)
        var isMember = [Bool](repeating: false, count: train.count)
        for j in scenario.memberIndices { isMember[j] = true }
        let scores: [Double]
        let attackName: String
        switch call[method] {
        case .loss:
            scores = MembershipScores.negativeLoss(logits, labels: train.labels)
            attackName = "loss"
        case .confidence:
            scores = MembershipScores.confidence(logits)
            attackName = "confidence"
        case .lira:
            let shadowModels = try ShadowModels.train(
                count: call[shadows], recipe: model.recipe, scenario: scenario, context: context)
            let attack = LiRAAttack(
                online: call[mode] == .online, globalVariance: call[variance] == .global)
            scores = attack.scores(
                targetScores: MembershipScores.scaledLogits(logits, labels: train.labels),
                shadows: shadowModels)
            attackName = call[mode] == .online ? "lira" : "lira_offline"
        case .rmia:
            guard !scenario.adversaryIndices.isEmpty else {
                throw ScenarioError.invalid(
                    "RMIA compares against population rows, but every training row is a member; "
                        + "load with a member fraction below 1")
            }
            let shadowModels = try ShadowModels.train(
                count: call[shadows], recipe: model.recipe, scenario: scenario, context: context)
            let attack = RMIAAttack(online: call[mode] == .online, offlineA: call[offlineA])
            scores = attack.scores(
                targetScores: MembershipScores.scaledLogits(logits, labels: train.labels),
                shadows: shadowModels, population: scenario.adversaryIndices)
            attackName = call[mode] == .online ? "rmia" : "rmia_offline"
        }
        let metrics = MembershipMetrics(scores: scores, isMember: isMember)
        let table = ExampleTable(
            keyColumns: ["index", "member"],
            keys: isMember.indices.map { ["\($0)", isMember[$0] ? "1" : "0"] },
            valueColumns: ["score"], values: scores.map { ["\($0)"] })
        var measurements = metrics.measurements(attack: attackName)
        for breakdown in breakdowns {
            measurements += MembershipGroupMetrics(
                scores: scores, isMember: isMember, breakdown: breakdown
            ).measurements(attack: attackName)
        }
        return Evaluation(
            measurements: measurements,
            artifacts: [scoresExport.name: .perExample(table), rocExport.name: .roc(metrics.roc)])
    }
}
