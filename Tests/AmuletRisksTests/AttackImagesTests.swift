import AmuletData
import AmuletLearn
import AmuletTensor
import AmuletTestSupport
import Testing

@testable import AmuletRisks

/// The figures backdoor and evasion leave on images: the triggered copy differs from the clean
/// image exactly in the trigger's pixels, the adversarial copy stays in the ε-ball and the
/// labels say what the model answers; a table gets a table, not pixels.
@Suite(.serialized) struct AttackImagesTests {
    static func digits() throws -> Scenario {
        let split = try DigitsDataset.load(
            folder: DataFolder(url: TestSupport.dataFolderURL()), seed: 0)
        return Scenario(
            datasetName: "digits", datasetParameters: ParameterValues(), data: split,
            memberFraction: 0.5, seed: 0)
    }

    static let recipe = Recipe(
        architecture: .mlp(hidden: [32], batchNorm: false, dropout: 0), epochs: 4, seed: 2)

    static func model(_ scenario: Scenario, context: RunContext) throws -> ModelUnderTest {
        let trained = try context.workbench.model(recipe, scenario: scenario).model
        return ModelUnderTest(
            role: .current, recipe: recipe, label: "mlp", model: trained, fromCache: false)
    }

    static func grid(_ evaluation: Evaluation, _ name: String) throws -> ImageGrid {
        guard case .images(let grid) = evaluation.artifacts[name] else {
            Issue.record("no image artifact '\(name)': \(evaluation.artifacts.keys)")
            throw CancellationError()
        }
        return grid
    }

    @Test func triggeredImagesDifferFromTheCleanOnesExactlyInTheTriggerPatch() throws {
        let scenario = try Self.digits()
        let context = RunContext(workbench: Workbench(cache: nil), seed: 3, threads: 1)
        let model = try Self.model(scenario, context: context)
        let call = PluginCall(
            given: ParameterValues(["portion": .number(0.1), "columns": .number(2)]))
        let evaluation = try BackdoorPlugin.evaluate(
            call, model: model, scenario: scenario, context: context)
        let grid = try Self.grid(evaluation, "backdoor")
        #expect(grid.rowTitles == ["clean", "triggered"])
        #expect(grid.items.count == 6 && grid.width == 8 && grid.height == 8)
        // A 2×2 patch in the bottom-right corner of an 8×8 image: rows 6–7, columns 6–7.
        let patch: Set<Int> = [54, 55, 62, 63]
        let test = scenario.data.test
        var cleanClasses = Set<String>()
        for item in grid.items {
            let (clean, triggered) = (item.images[0], item.images[1])
            for p in 0..<64 {
                if patch.contains(p) {
                    #expect(triggered[p] == 1, "pixel \(p) of \(item.label) not set")
                } else {
                    #expect(triggered[p] == clean[p], "pixel \(p) of \(item.label) changed")
                }
            }
            // The clean image is a test image of the class its label names, not the target's.
            let truth = item.label
            let rows = (0..<test.count).filter { test.features.row($0) == clean }
            #expect(rows.contains { test.classNames[test.labels[$0]] == truth }, "\(item.label)")
            #expect(truth != "1")
            cleanClasses.insert(truth)
        }
        // One example per class while classes last: six different classes.
        #expect(cleanClasses.count == 6)
        // The captions name what the poisoned model (the same cached model) answers.
        let (trigger, poisonedRows, suffix) = try BackdoorPlugin.poisoning(
            call, scenario: scenario, seed: context.seed)
        var train = scenario.data.train
        for row in poisonedRows {
            trigger.apply(to: &train.features, row: row)
            train.labels[row] = 1
        }
        let poisoned = try PoisonedTraining(
            base: scenario, train: train, poisonedRows: poisonedRows, suffix: suffix
        ).model(Self.recipe, context: context)
        let clean = poisoned.network.predictions(Matrix(grid.items.map { $0.images[0] }))
        let triggered = poisoned.network.predictions(Matrix(grid.items.map { $0.images[1] }))
        #expect(
            grid.items.map(\.captions)
                == zip(clean, triggered).map {
                    ["→ " + test.classNames[$0], "→ " + test.classNames[$1]]
                })
    }

    @Test func adversarialImagesStayWithinEpsilonAndAreClassifiedAsLabelled() throws {
        let scenario = try Self.digits()
        let context = RunContext(workbench: Workbench(cache: nil), seed: 3, threads: 1)
        let model = try Self.model(scenario, context: context)
        let eps = 0.15
        let evaluation = try EvasionPlugin.evaluate(
            PluginCall(given: ParameterValues(["eps": .number(eps), "steps": .number(10)])),
            model: model, scenario: scenario, context: context)
        let grid = try Self.grid(evaluation, "evasion")
        #expect(grid.items.count == 6)
        #expect(grid.rowTitles.count == 3 && grid.rowTitles[2].hasPrefix("perturbation ×"))
        let factor = try #require(Float(grid.rowTitles[2].dropFirst("perturbation ×".count)))
        let network = model.model.network
        let originals = Matrix(grid.items.map { $0.images[0] })
        let adversarial = Matrix(grid.items.map { $0.images[1] })
        let before = network.predictions(originals)
        let after = network.predictions(adversarial)
        let names = scenario.data.test.classNames
        var flipped = 0
        for (i, item) in grid.items.enumerated() {
            #expect(item.captions == ["→ " + names[before[i]], "→ " + names[after[i]]])
            if item.label == names[before[i]] && before[i] != after[i] { flipped += 1 }
            for p in 0..<64 {
                let (x, a) = (item.images[0][p], item.images[1][p])
                #expect(abs(a - x) <= Float(eps) + 1e-6, "pixel \(p) moved \(abs(a - x))")
                #expect(a >= 0 && a <= 1)
                // The perturbation row: mid-grey plus the magnified change.
                #expect(abs(item.images[2][p] - (0.5 + factor * (a - x))) < 1e-5)
            }
        }
        // The attack fools this small MLP often at ε = 0.15: the figure shows fooled examples.
        #expect(flipped == 6, "only \(flipped) of the shown examples were turned wrong")
        #expect(factor >= 3, "×\(factor) for ε = \(eps)")
    }

    @Test func triggerNotesDescribeThePatchInPixels() {
        // CIFAR-10's shape: 3 channels of 32×32; the default 3×3 corner patch, set to 1.
        let columns = BackdoorTrigger.defaultColumns(
            of: Dataset(
                name: "c", features: Matrix(rows: 1, cols: 3072), labels: [0],
                featureNames: [], classNames: ["a"],
                modality: .image(channels: 3, height: 32, width: 32)),
            count: 3)
        #expect(columns.count == 27)
        let patch = BackdoorTrigger(columns: columns, value: 1)
        #expect(
            patch.pixelDescription(channels: 3, height: 32, width: 32)
                == "a 3×3 patch at rows 29–31, columns 29–31 of 3 channels, set to 1.0")
        // Two scattered pixels of one 8×8 channel are not a patch.
        let scattered = BackdoorTrigger(columns: [0, 63], value: 0.5)
        #expect(
            scattered.pixelDescription(channels: 1, height: 8, width: 8)
                == "2 pixel values within rows 0–7, columns 0–7 of 1 channel, set to 0.5")
    }

    @Test func tablesGetATableNotPixels() throws {
        let split = try SyntheticDataset.make(
            rows: 300, features: 4, separation: 2, correlation: 0.5, seed: 0,
            testFraction: 0.25)
        let scenario = Scenario(
            datasetName: "synthetic", datasetParameters: ParameterValues(), data: split,
            memberFraction: 0.5, seed: 0)
        let context = RunContext(workbench: Workbench(cache: nil), seed: 3, threads: 1)
        let model = try Self.model(scenario, context: context)
        let evaluation = try EvasionPlugin.evaluate(
            PluginCall(given: ParameterValues(["steps": .number(3)])), model: model,
            scenario: scenario, context: context)
        guard case .perExample(let table) = evaluation.artifacts["evasion"] else {
            Issue.record("expected a per-example table")
            return
        }
        #expect(table.keys.count == split.test.count)
        #expect(table.valueColumns == ["clean_prediction", "adversarial_prediction"])
    }
}
