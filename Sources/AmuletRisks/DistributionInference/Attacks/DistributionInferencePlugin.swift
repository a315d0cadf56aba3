import AmuletData
import AmuletLearn
import AmuletTensor

/// `attack distribution attribute=sex ratio1=0.1 ratio2=0.9 models=20`: property inference.
///
/// The adversary trains two populations of models with the target's recipe on its own data,
/// resampled so that a fraction ratio1 (resp. ratio2) of the rows have the attribute, and
/// asks which population the target resembles, by the KL test on probe outputs (black box)
/// and by a permutation-invariant meta-classifier on the weights (white box). Test models of
/// known ratio measure how often each test is right: `tests=N` models per ratio trained on
/// the target's side of the data, or with tests=0 the population models themselves, each
/// scored by a test built without it (cross-validation, no extra training; cheap for the KL
/// test, while the meta-classifier retrains once per fold).
/// References: Suri & Evans, PETS 2022; Ganju et al., CCS 2018.
public enum DistributionInferencePlugin: EvaluationPlugin {
    /// Which tests to run.
    enum Test: String, ParameterChoice {
        case kl, meta, both
    }

    static let attribute = OptionalParameter<String>(
        "attribute", doc: "the sensitive attribute whose ratio is inferred (default: the first)")
    static let ratio1 = Parameter<Double>(
        "ratio1", default: 0.1, range: 0...1,
        doc: "fraction of rows with the attribute in population 1")
    static let ratio2 = Parameter<Double>(
        "ratio2", default: 0.9, range: 0...1,
        doc: "fraction of rows with the attribute in population 2")
    static let models = Parameter<Int>(
        "models", default: 20, range: 2...1000, doc: "adversary models per population")
    static let tests = Parameter<Int>(
        "tests", default: 10, range: 0...1000,
        doc: "test models per ratio trained on the target's side to measure accuracy (0: "
            + "cross-validate over the population models instead, no extra training, but "
            + "optimistic: those models share the adversary's data)")
    static let folds = Parameter<Int>(
        "folds", default: 5, range: 2...1000,
        doc: "meta-classifier folds when tests=0 (each retrains it without one fold)")
    static let rows = OptionalParameter<Int>(
        "rows", range: 10...10_000_000,
        doc: "training rows per model (default: the most both ratios allow)")
    static let probe = Parameter<Int>(
        "probe", default: 500, range: 2...1_000_000, doc: "probe rows per ratio for the KL test")
    static let test = Parameter<Test>(
        "test", default: .both, doc: "the KL test, the weight meta-classifier, or both")
    static let metaEpochs = Parameter<Int>(
        "meta_epochs", default: 200, range: 1...100_000,
        doc: "full-batch training steps of the meta-classifier")

    public static let spec = PluginSpec(
        name: "distribution", kind: .attack,
        summary: "distribution inference: which ratio of an attribute did the target train on?",
        risk: .distributionInference,
        explanation: "Trains two populations of models with the target's recipe (defenses "
            + "included) on the adversary's data, resampled so that ratio1 (resp. ratio2) of "
            + "the rows have the attribute. The KL test compares a model's outputs on probe rows with each "
            + "population's (Suri & Evans 2022); the meta-classifier reads the weights with a "
            + "network that ignores the order of neurons (Ganju et al. 2018). Reports each "
            + "test's distinguishing accuracy and AUC, the target's score "
            + "(above 0.5: ratio2) and the target's actual ratio. Accuracy is measured on "
            + "tests=N models per ratio trained on the target's side of the data; with tests=0 "
            + "it is cross-validated over the population models instead (the KL test leaves "
            + "each model out in turn, the meta-classifier is retrained on all but one of "
            + "`folds` folds), so no extra models train. Models are cached.",
        parameters: [
            attribute.spec, ratio1.spec, ratio2.spec, models.spec, tests.spec, folds.spec,
            rows.spec,
            probe.spec, test.spec, metaEpochs.spec,
        ],
        reports: DistributionMetrics.reported,
        cost: PluginCost { call, context in
            let setting = try DistributionSetting(call, scenario: context.scenario)
            return setting.jobs(
                recipe: context.recipe, models: call[models], tests: call[tests],
                seed: context.seed
            ).map {
                ModelTraining(
                    purpose: "distribution model", recipe: $0.recipe, scenario: context.scenario,
                    rows: $0.rows)
            }
        },
        matrix: MatrixUse(
            headline: DistributionMetrics.accuracyMetric,
            settings: [models.setting(5), tests.setting(5)]),
        reference: "Suri & Evans, PETS 2022; Ganju et al., CCS 2018")

    public static func evaluate(
        _ call: PluginCall, model: ModelUnderTest, scenario: Scenario, context: RunContext
    ) throws -> Evaluation {
        let setting = try DistributionSetting(call, scenario: scenario)
        let populations = try setting.trainModels(
            recipe: model.recipe, models: call[models], tests: call[tests], scenario: scenario,
            context: context)
        var measurements: [Measurement] = []
        var notes: [String] = []
        let crossValidate = populations.tests.isEmpty
        let isRatio2 =
            crossValidate
            ? populations.first.map { _ in false } + populations.second.map { _ in true }
            : populations.testIsRatio2
        let chosen = call[test]
        if chosen != .meta {
            let probes = try setting.probeSets(
                size: call[probe], scenario: scenario, seed: context.seed)
            let answers = { (m: TrainedModel) in probes.map { m.network.probabilities($0) } }
            let kl = KLDistributionTest(
                population1: (0..<probes.count).map { s in populations.first.map { answers($0)[s] }
                },
                population2: (0..<probes.count).map { s in populations.second.map { answers($0)[s] }
                })
            let scores: [Double]
            if crossValidate {
                scores = PopulationCrossValidation.klScores(
                    answers1: populations.first.map(answers),
                    answers2: populations.second.map(answers))
            } else {
                scores = populations.tests.map { kl.score(answers($0)) }
            }
            let target = kl.score(answers(model.model))
            measurements += DistributionMetrics(scores: scores, isRatio2: isRatio2)
                .measurements(test: "kl", targetScore: target)
            notes.append(setting.judgement(test: "KL test", score: target))
        }
        if chosen != .kl {
            var training = MetaClassifierTraining()
            training.epochs = call[metaEpochs]
            let population = (populations.first + populations.second).map { NeuronRows($0.network) }
            let labels = populations.first.map { _ in false } + populations.second.map { _ in true }
            let classifier = try context.workbench.timeTraining {
                try training.train(
                    population, isRatio2: labels,
                    seed: SeededGenerator.deriveSeed(context.seed, 0x4D45_5441),
                    cancellation: context.workbench.cancellation)
            }
            let probability = { (z: Float) in 1 / (1 + Math.exp(-Double(z))) }
            let scores =
                crossValidate
                ? try context.workbench.timeTraining {
                    // One meta-classifier per fold: training, but for scoring its held-out fold.
                    try PopulationCrossValidation.metaScores(
                        first: Array(population[0..<populations.first.count]),
                        second: Array(population[populations.first.count...]), folds: call[folds],
                        training: training,
                        seed: SeededGenerator.deriveSeed(context.seed, 0x4D45_5443),
                        cancellation: context.workbench.cancellation)
                }
                : classifier.logits(populations.tests.map { NeuronRows($0.network) })
                    .map(probability)
            let target = classifier.logits([NeuronRows(model.model.network)]).map(probability)
            measurements += DistributionMetrics(scores: scores, isRatio2: isRatio2)
                .measurements(test: "meta", targetScore: target.first ?? 0.5)
            notes.append(setting.judgement(test: "meta-classifier", score: target.first ?? 0.5))
        }
        measurements.append(
            Measurement(DistributionMetrics.memberRatio, value: setting.memberRatio(scenario)))
        notes.append(
            "each model trained on \(setting.size) rows; \(call[models]) models per population, "
                + (crossValidate
                    ? "accuracy cross-validated over them (KL leave-one-out, meta "
                        + "\(min(call[folds], call[models])) folds)"
                    : "\(call[tests]) test models per ratio"))
        return Evaluation(measurements: measurements, notes: notes)
    }
}
