import AmuletData
import AmuletTensor
import AmuletTestSupport
import Testing

@testable import AmuletLearn
@testable import AmuletRisks

/// Reweighing and adversarial debiasing: exact properties, finite differences, real Adult data.
@Suite(.serialized) struct FairnessDefenseTests {
    // MARK: - Reweighing

    @Test func reweighingMatchesAHandWorkedTable() {
        // Cells (g, y): (0,0)×3, (0,1)×1, (1,0)×1, (1,1)×3; N = 8, every n_g = n_y = 4.
        // w = 4·4 / (8·n_gy): 2/3 for the cells of 3, 2 for the cells of 1.
        let groups = [0, 0, 0, 0, 1, 1, 1, 1]
        let labels = [0, 0, 0, 1, 0, 1, 1, 1]
        let w = ReweighingDefense.weights(labels: labels, groups: groups)
        let expected: [Float] = [2.0 / 3, 2.0 / 3, 2.0 / 3, 2, 2, 2.0 / 3, 2.0 / 3, 2.0 / 3]
        for (a, b) in zip(w, expected) { expectClose(Double(a), Double(b), tolerance: 1e-6) }
    }

    @Test func reweighedAdultHasLabelIndependentOfTheJointGroup() throws {
        let s = try AttributeInferenceTests.adultScenario()
        var set = s.trainingSet()
        var defense = ReweighingDefense(attributes: ["race", "sex"])
        var rng = SeededGenerator(seed: 0)
        var summary = TrainingSummary()
        try defense.prepare(
            &set, recipe: try #require(s.baseline), rng: &rng, summary: &summary)
        let w = try #require(set.sampleWeights).map(Double.init)
        let race = try #require(set.sensitive["race"])
        let sex = try #require(set.sensitive["sex"])
        let total = w.reduce(0, +)
        expectClose(total, Double(set.count), tolerance: 1e-2)
        // P_w(g, y) = P_w(g)·P_w(y) for the joint group and, as a consequence, for each attribute.
        for attribute in [zip(race, sex).map { $0 * 2 + $1 }, race, sex] {
            for g in Set(attribute) {
                for y in 0..<2 {
                    var joint = 0.0
                    var group = 0.0
                    var label = 0.0
                    for i in w.indices {
                        if attribute[i] == g { group += w[i] }
                        if set.labels[i] == y { label += w[i] }
                        if attribute[i] == g && set.labels[i] == y { joint += w[i] }
                    }
                    expectClose(joint / total, (group / total) * (label / total), tolerance: 1e-6)
                }
            }
        }
        // Unweighted, the label is far from independent of sex on Adult.
        let males = sex.indices.filter { sex[$0] == 1 }
        let females = sex.indices.filter { sex[$0] == 0 }
        let rate = { (rows: [Int]) in
            Double(rows.filter { set.labels[$0] == 1 }.count) / Double(rows.count)
        }
        #expect(rate(males) - rate(females) > 0.15)
    }

    @Test func aWeightOfTwoEqualsADuplicatedRowByGradient() {
        var rng = SeededGenerator(seed: 9)
        let network = Architecture.mlp(hidden: [5], batchNorm: false, dropout: 0)
            .build(inputWidth: 3, classes: 2, rng: &rng)
        let rows: [[Float]] = [[0.1, 0.9, 0.3], [0.7, 0.2, 0.5], [0.4, 0.4, 0.8]]
        func gradient(_ indices: [Int], weights: [Float]?) -> [Float] {
            var copy = network
            var generator = SeededGenerator(seed: 0)
            let x = Matrix(rows: indices.count, cols: 3, storage: indices.flatMap { rows[$0] })
            let labels = indices.map { [1, 0, 1][$0] }
            let logits = copy.forward(x, training: true, rng: &generator)
            let loss = Loss.softmaxCrossEntropy(logits: logits, labels: labels, weights: weights)
            _ = copy.backward(loss.gradient)
            var g = [Float](repeating: 0, count: copy.parameterCount)
            copy.accumulateParameterGradients(into: &g)
            return g
        }
        let weighted = gradient([0, 1, 2], weights: [2, 1, 1])
        let duplicated = gradient([0, 0, 1, 2], weights: nil)
        let unweighted = gradient([0, 1, 2], weights: nil)
        var difference: Float = 0
        var change: Float = 0
        for i in weighted.indices {
            difference = max(difference, abs(weighted[i] - duplicated[i]))
            change = max(change, abs(weighted[i] - unweighted[i]))
        }
        #expect(difference < 1e-6, "weighted vs duplicated: \(difference)")
        #expect(change > 1e-3, "the weight must matter: \(change)")
    }

    // MARK: - Adversarial debiasing

    @Test func binaryCrossEntropyGradientMatchesFiniteDifferences() {
        let logits = Matrix(rows: 3, cols: 2, storage: [0.3, -1.2, 2.0, 0.1, -0.4, 0.8])
        let targets = [[1, 0, 1], [0, 0, 1]]
        let result = AdversarialDebiasingDefense.binaryCrossEntropy(
            logits: logits, targets: targets, scale: 1)
        // Independent value: −[t log σ(s) + (1 − t) log(1 − σ(s))], averaged over 6 entries.
        func reference(_ m: Matrix) -> Double {
            var total = 0.0
            for r in 0..<3 {
                for k in 0..<2 {
                    let p = 1 / (1 + Math.exp(-Double(m[r, k])))
                    let t = Double(targets[k][r])
                    total -= t * Math.log(p) + (1 - t) * Math.log(1 - p)
                }
            }
            return total / 6
        }
        expectClose(result.meanLoss, reference(logits), tolerance: 1e-6)
        for r in 0..<3 {
            for k in 0..<2 {
                var up = logits
                var down = logits
                up[r, k] += 1e-2
                down[r, k] -= 1e-2
                let numeric = (reference(up) - reference(down)) / 2e-2
                expectClose(Double(result.gradient[r, k]), numeric, tolerance: 1e-4)
            }
        }
    }

    @Test func debiasingTermGradientMatchesFiniteDifferences() throws {
        // With a frozen adversary (learning rate 0) the term −λ·BCE(a(softmax(z)), s) is a
        // fixed function of the logits z; its hook gradient must match central differences.
        var defense = AdversarialDebiasingDefense(
            attributes: ["race", "sex"], lambda: 3, adversaryHidden: [6, 6],
            adversaryLearningRate: 0)
        var set = TrainingSet(
            features: Matrix(rows: 4, cols: 1), labels: [0, 1, 1, 0],
            sensitive: ["race": [1, 0, 1, 1], "sex": [0, 0, 1, 1]], classCount: 3)
        var rng = SeededGenerator(seed: 5)
        var summary = TrainingSummary()
        try defense.prepare(
            &set, recipe: Recipe(architecture: .logisticRegression), rng: &rng,
            summary: &summary)
        let batch = Batch(
            features: set.features, labels: set.labels, sampleWeights: nil, indices: [0, 1, 2, 3],
            sensitive: set.sensitive)
        let logits = Matrix(
            rows: 4, cols: 3,
            storage: [0.2, -0.5, 1.1, 1.5, 0.3, -0.2, -0.7, 0.9, 0.4, 0.0, 0.6, -1.3])
        func term(_ z: Matrix) -> (Double, Matrix) {
            var copy = defense
            var gradient = Matrix(rows: 4, cols: 3)
            var generator = SeededGenerator(seed: 1)
            let value = copy.addLoss(
                logits: z, batch: batch, logitGradient: &gradient, rng: &generator)
            return (value, gradient)
        }
        let (value, analytic) = term(logits)
        #expect(value < 0, "the term subtracts λ·BCE: \(value)")
        for r in 0..<4 {
            for c in 0..<3 {
                var up = logits
                var down = logits
                up[r, c] += 1e-2
                down[r, c] -= 1e-2
                let numeric = (term(up).0 - term(down).0) / 2e-2
                expectClose(Double(analytic[r, c]), numeric, tolerance: 2e-3)
            }
        }
    }

    @Test func debiasingComposesWithDPSGDAndNotesWhatEpsilonLeavesOut() throws {
        let split = try SyntheticDataset.make(
            rows: 400, features: 5, separation: 2, correlation: 0.8, seed: 3)
        let set = TrainingSet(
            features: split.train.features, labels: split.train.labels,
            sensitive: split.train.sensitiveByName, classCount: 2)
        let recipe = Recipe(
            architecture: .mlp(hidden: [8], batchNorm: false, dropout: 0), epochs: 2,
            batchSize: 50, seed: 1,
            defenses: [
                DPSGDDefense(
                    clipNorm: 1, noiseMultiplier: 1, delta: 1e-5, samplingRate: 0.25,
                    targetEpsilon: nil),
                AdversarialDebiasingDefense(attributes: ["group"], lambda: 2),
            ])
        let model = try Trainer().train(recipe, on: set)
        #expect(model.summary.notes.contains { $0.hasPrefix("debiasing under DP-SGD") })
        #expect(model.summary.epochLosses.allSatisfy { $0.isFinite })
        // Without DP, no such note.
        var plain = recipe
        plain.defenses = [AdversarialDebiasingDefense(attributes: ["group"], lambda: 2)]
        let debiased = try Trainer().train(plain, on: set)
        #expect(!debiased.summary.notes.contains { $0.hasPrefix("debiasing under DP-SGD") })
    }

    /// The sex demographic-parity gap and accuracy of the baseline and of `defense` on Adult.
    func sexGap(with defense: (any DefensePlugin.Type, PluginCall)) throws -> (
        baseline: (gap: Double, accuracy: Double), defended: (gap: Double, accuracy: Double)
    ) {
        var s = try AttributeInferenceTests.adultScenario()
        try s.setDefenses([defense])
        let result = try Experiment(
            catalog: .builtIn, workbench: AttributeInferenceTests.workbench, seed: 1,
            threads: 1
        ).evaluate(
            FairnessMetric.self,
            call: PluginCall(given: ParameterValues(["attribute": .text("sex")])),
            scenario: s)
        func read(_ role: ModelRole) throws -> (gap: Double, accuracy: Double) {
            let r = try #require(result.roles.first { $0.role == role })
            let values = Dictionary(
                r.measurements.map { ($0.displayName, $0.value ?? .nan) },
                uniquingKeysWith: { a, _ in a })
            return (
                try #require(values["fairness.sex.dp_difference"]),
                try #require(values["accuracy"])
            )
        }
        return (try read(.baseline), try read(.defended))
    }

    @Test func debiasingHalvesTheSexParityGapOnAdult() throws {
        let (baseline, defended) = try sexGap(
            with: (
                AdversarialDebiasingPlugin.self,
                PluginCall(given: ParameterValues(["lambda": .number(40)]))
            ))
        #expect(baseline.gap > 0.1, "baseline sex DP gap \(baseline.gap)")
        #expect(
            defended.gap < baseline.gap / 2,
            "debiased gap \(defended.gap), baseline \(baseline.gap)")
        #expect(defended.accuracy > 0.76, "debiased accuracy \(defended.accuracy)")
    }

    @Test func reweighingLowersTheSexParityGapOnAdult() throws {
        let (baseline, defended) = try sexGap(with: (ReweighingPlugin.self, PluginCall()))
        #expect(
            defended.gap < baseline.gap - 0.03,
            "reweighed gap \(defended.gap), baseline \(baseline.gap)")
        #expect(defended.accuracy > 0.78, "reweighed accuracy \(defended.accuracy)")
    }

    @Test func unknownAttributeIsRejectedAtItsParameter() throws {
        let s = try AttributeInferenceTests.adultScenario()
        let call = PluginCall(given: ParameterValues(["attribute": .text("age")]))
        #expect(throws: ScenarioError.self) {
            _ = try ReweighingPlugin.make(call, recipe: try #require(s.baseline), scenario: s)
        }
        do {
            _ = try AdversarialDebiasingPlugin.make(
                call, recipe: try #require(s.baseline), scenario: s)
            Issue.record("an unknown attribute must be rejected")
        } catch let error as ScenarioError {
            #expect(error.parameterName == "attribute")
        }
    }
}
