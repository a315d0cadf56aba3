import AmuletData
import AmuletLearn
import AmuletTensor
import Foundation

/// The trained models of a distribution-inference attack.
struct DistributionPopulations: Sendable {
    /// The adversary's models of ratio 1.
    var first: [TrainedModel]
    /// The adversary's models of ratio 2.
    var second: [TrainedModel]
    /// Test models of ratio 1 then of ratio 2, trained on the target's side of the data.
    var tests: [TrainedModel]
    /// Whether each test model is of ratio 2.
    var testIsRatio2: [Bool]
}

/// An attack's attribute, ratios and samplers, checked against the scenario.
///
/// The adversary's populations draw from the adversary's data; the test models of known ratio
/// from the target's members (the Python Amulet's victim split), so the populations never saw
/// the rows the tests are measured with. Every model trains on the same number of rows.
struct DistributionSetting: Sendable {
    /// The attribute's name.
    var attributeName: String
    /// The attribute's 0/1 values over the training split.
    var values: [Int]
    /// The two ratios.
    var ratios: (Double, Double)
    /// Rows of the adversary's data.
    var adversary: RatioSampler
    /// Rows of the target's members.
    var victim: RatioSampler
    /// Training rows per model.
    var size: Int

    /// Reads and checks the call's attribute, ratios and row count.
    init(_ call: PluginCall, scenario: Scenario) throws {
        let train = scenario.data.train
        guard let fallback = train.sensitive.first else {
            throw ScenarioError.unsupported(
                "\(scenario.datasetName) has no sensitive attribute to infer the ratio of")
        }
        let name = call[DistributionInferencePlugin.attribute] ?? fallback.name
        guard let chosen = train.attribute(name) else {
            let known = train.sensitive.map(\.name).joined(separator: ", ")
            throw ScenarioError.invalidParameter(
                name: DistributionInferencePlugin.attribute.name,
                message: "\(scenario.datasetName) has no sensitive attribute '\(name)'; "
                    + "it has \(known)")
        }
        let r1 = call[DistributionInferencePlugin.ratio1]
        let r2 = call[DistributionInferencePlugin.ratio2]
        guard r1 != r2 else {
            throw ScenarioError.invalidParameter(
                name: DistributionInferencePlugin.ratio2.name,
                message: "ratio2 must differ from ratio1 (both are \(r1))")
        }
        attributeName = name
        values = chosen.values
        ratios = (r1, r2)
        let adversarySampler = RatioSampler(
            pool: scenario.adversaryIndices, attribute: chosen.values)
        let victimSampler = RatioSampler(pool: scenario.memberIndices, attribute: chosen.values)
        adversary = adversarySampler
        victim = victimSampler
        let largest =
            [r1, r2].flatMap {
                [adversarySampler.largestSize(ratio: $0), victimSampler.largestSize(ratio: $0)]
            }.min() ?? 0
        let requested = call[DistributionInferencePlugin.rows]
        size = min(requested ?? largest, largest)
        guard size >= 10 else {
            throw ScenarioError.invalid(
                "too few rows to train at ratios \(r1) and \(r2) of \(name): at most \(largest) "
                    + "rows per model; choose ratios nearer the data's own")
        }
    }

    /// Trains (or recalls) both populations and the test models, all with `recipe`.
    ///
    /// Model i of population p draws its rows from a generator derived from (seed, p, i) and
    /// trains with seed derived from (recipe seed, p, i): results do not depend on the order
    /// in which the workers train them.
    func trainModels(
        recipe: Recipe, models: Int, tests: Int, scenario: Scenario, context: RunContext
    ) throws -> DistributionPopulations {
        let jobs = self.jobs(recipe: recipe, models: models, tests: tests, seed: context.seed)
        let trained = try ModelPopulation.train(
            jobs, scenario: scenario, context: context, stage: "distribution models")
        return DistributionPopulations(
            first: Array(trained[0..<models]), second: Array(trained[models..<(2 * models)]),
            tests: Array(trained[(2 * models)...]),
            testIsRatio2: [Bool](repeating: false, count: tests)
                + [Bool](repeating: true, count: tests))
    }

    /// Every model `trainModels` trains, in order: `models` per population, then `tests` test
    /// models per ratio, each with its own rows and seed.
    func jobs(recipe: Recipe, models: Int, tests: Int, seed: UInt64) -> [PopulationJob] {
        let groups: [(sampler: RatioSampler, ratio: Double, count: Int, tag: UInt64)] = [
            (adversary, ratios.0, models, 0x4449_5331), (adversary, ratios.1, models, 0x4449_5332),
            (victim, ratios.0, tests, 0x4449_5333), (victim, ratios.1, tests, 0x4449_5334),
        ]
        var jobs: [PopulationJob] = []
        for group in groups {
            let base = SeededGenerator.deriveSeed(seed, group.tag)
            let recipeBase = SeededGenerator.deriveSeed(recipe.seed, group.tag)
            for i in 0..<group.count {
                var rng = SeededGenerator(seed: SeededGenerator.deriveSeed(base, UInt64(i)))
                var own = recipe
                own.seed = SeededGenerator.deriveSeed(recipeBase, UInt64(i))
                jobs.append(
                    PopulationJob(
                        recipe: own,
                        rows: group.sampler.sample(size: size, ratio: group.ratio, rng: &rng)))
            }
        }
        return jobs
    }

    /// Probe rows of the test split at each ratio (features only), `size` rows each at most.
    func probeSets(size requested: Int, scenario: Scenario, seed: UInt64) throws -> [Matrix] {
        let test = scenario.data.test
        guard let attribute = test.attribute(attributeName) else {
            throw ScenarioError.unsupported("the test split lacks the attribute \(attributeName)")
        }
        let sampler = RatioSampler(pool: Array(0..<test.count), attribute: attribute.values)
        let size = min(
            requested, sampler.largestSize(ratio: ratios.0), sampler.largestSize(ratio: ratios.1))
        guard size >= 2 else {
            throw ScenarioError.invalid(
                "too few test rows to probe at ratios \(ratios.0) and \(ratios.1)")
        }
        var rng = SeededGenerator(seed: SeededGenerator.deriveSeed(seed, 0x5052_4F42))
        return [ratios.0, ratios.1].map { ratio in
            test.features.gatherRows(sampler.sample(size: size, ratio: ratio, rng: &rng))
        }
    }

    /// The fraction of the target's members that have the attribute.
    func memberRatio(_ scenario: Scenario) -> Double {
        let members = scenario.memberIndices
        guard !members.isEmpty else { return 0 }
        return Double(members.filter { values[$0] == 1 }.count) / Double(members.count)
    }

    /// A sentence naming the population `test` judges the target to come from.
    func judgement(test: String, score: Double) -> String {
        let ratio = score > 0.5 ? ratios.1 : ratios.0
        return "\(test): the target is judged to have trained on \(attributeName) ratio \(ratio) "
            + "(score \(String(format: "%.3f", score)) for ratio2=\(ratios.1))"
    }
}
