import AmuletData
import AmuletLearn
import AmuletRisks
import AmuletTensor
import AmuletTestSupport
import Testing

/// The CNN on real digits, DP-SGD through it, model inversion and SSIM.
@Suite(.serialized) struct ImageRisksTests {
    static func digitsScenario() throws -> Scenario {
        let split = try DigitsDataset.load(
            folder: DataFolder(url: TestSupport.dataFolderURL()), seed: 0)
        return Scenario(
            datasetName: "digits", datasetParameters: ParameterValues(), data: split,
            memberFraction: 0.5, seed: 0)
    }

    static func call(_ values: [String: ParameterValue]) -> PluginCall {
        PluginCall(given: ParameterValues(values))
    }

    static func cnnRecipe(_ scenario: Scenario, epochs: Int, lr: Double = 3e-3) throws -> Recipe {
        try CNNPlugin.recipe(
            call(["epochs": .number(Double(epochs)), "lr": .number(lr)]), seed: 5,
            data: scenario.data.train)
    }

    @Test func ssimMatchesScikitImage() {
        // References: skimage.metrics.structural_similarity(a, b, data_range=1,
        // gaussian_weights=True, sigma=0.7, use_sample_covariance=False), scikit-image 0.26.
        let p = (0..<64).map { Float($0) }
        let x = p.map { Float((Int($0) * 37) % 64) / 63 }
        let y = p.map { Float((Int($0) * 11) % 64) / 63 }
        let z = zip(x, p).map { min(1, max(0, $0 * 0.8 + 0.1 + Float(Int($1) * 5 % 7) / 70)) }
        let ssim = StructuralSimilarity(shape: ImageShape(channels: 1, height: 8, width: 8))
        #expect(abs(ssim.score(x, y) - -0.05603352828294269) < 1e-5)
        #expect(abs(ssim.score(x, z) - 0.9786463114083424) < 1e-5)
        #expect(abs(ssim.score(x, x) - 1) < 1e-9)
        let q = (0..<84)
        let u = q.map { Float($0 * 13 % 29) / 28 }
        let v = q.map { Float($0 * 17 % 31) / 30 }
        let colour = StructuralSimilarity(shape: ImageShape(channels: 2, height: 6, width: 7))
        #expect(abs(colour.score(u, v) - -0.6096840534077057) < 1e-5)
    }

    @Test func cnnRefusesTablesAndNeedsData() throws {
        let table = Dataset(
            name: "t", features: Matrix(rows: 2, cols: 3), labels: [0, 1],
            featureNames: ["a", "b", "c"], classNames: ["0", "1"])
        #expect(throws: ScenarioError.self) {
            try CNNPlugin.recipe(PluginCall(), seed: 0, data: table)
        }
        #expect(throws: ScenarioError.noDataset) { try CNNPlugin.recipe(PluginCall(), seed: 0) }
    }

    @Test func cnnLearnsDigitsAndInversionBeatsRandomImages() throws {
        let scenario = try Self.digitsScenario()
        let recipe = try Self.cnnRecipe(scenario, epochs: 15)
        let model = try Trainer().train(recipe, on: scenario.trainingSet())
        let accuracy = model.network.accuracy(
            scenario.data.test.features, labels: scenario.data.test.labels)
        // 449 members; an MLP of this size reaches about 0.9 here, chance is 0.1.
        #expect(accuracy > 0.85, "cnn test accuracy \(accuracy)")
        let context = RunContext(workbench: Workbench(cache: nil), seed: 9, threads: 1)
        let evaluation = try ModelInversionPlugin.evaluate(
            PluginCall(),
            model: ModelUnderTest(
                role: .current, recipe: recipe, label: "cnn", model: model, fromCache: false),
            scenario: scenario, context: context)
        func value(_ metric: MetricID) -> Double {
            evaluation.measurements.first { $0.metric == metric }?.value ?? .nan
        }
        let ssim = value(ModelInversionPlugin.structuralSimilarity)
        let random = value(ModelInversionPlugin.randomSimilarity)
        let mse = value(ModelInversionPlugin.meanSquaredError)
        // Measured: SSIM 0.38 against 0.015 for random images (with train cnn's defaults).
        #expect(ssim > random + 0.15, "inversion SSIM \(ssim) vs random \(random)")
        #expect(mse.isFinite && mse > 0 && mse < 1)
    }

    @Test func dpSGDTrainsTheCNNWithClippedConvolutionGradients() throws {
        let scenario = try Self.digitsScenario()
        var recipe = try Self.cnnRecipe(scenario, epochs: 10, lr: 0.01)
        #expect(recipe.batchSize == 32)
        let q = 32.0 / Double(scenario.memberIndices.count)
        recipe.defenses = [
            DPSGDDefense(
                clipNorm: 1, noiseMultiplier: 1, delta: 1e-5, samplingRate: q,
                targetEpsilon: nil)
        ]
        let model = try Trainer().train(recipe, on: scenario.trainingSet())
        let accuracy = model.network.accuracy(
            scenario.data.test.features, labels: scenario.data.test.labels)
        #expect(model.summary.privacy.map(\.epsilon).map { $0 > 0 && $0.isFinite } == true)
        // Measured 0.56 (ε ≈ 6.8); without DP the same recipe reaches 0.93, chance is 0.1.
        #expect(accuracy > 0.35, "DP cnn accuracy \(accuracy)")
    }
}
