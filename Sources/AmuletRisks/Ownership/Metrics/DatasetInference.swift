import AmuletData
import AmuletLearn
import AmuletTensor

/// Dataset inference: whether a suspect model was derived from the owner's private training
/// data, from how far that data lies from the suspect's decision boundary.
///
/// Training pushes the boundary away from the training points, and a model stolen from the
/// owner's model (by extraction or distillation) inherits that boundary. For each point and
/// each class k the embedding is the length of the shortest walk that makes the model predict
/// k: steps of length `step` against the input gradient of the cross-entropy of k, normalised
/// in L2 (MinGD, 0 for the predicted class, the walked length when `maxSteps` run out). Each
/// point's distance to its true class comes first, then the others sorted (see
/// `labelAligned`); they are standardised with the owner's statistics, and a logistic
/// regression fitted on the owner's model (members 1, unseen test rows 0, first half of the
/// sample) turns them into a membership score. On the other half, the suspect's scores of
/// members and of unseen rows go into a one-sided Welch t-test: a small p-value says the
/// suspect knows the owner's data. Distances are in feature space, without the [0, 1] box the
/// Python Amulet clips to, so the test fits any scaling.
/// Reference: Maini, Yaghini & Papernot, "Dataset Inference: Ownership Resolution in Machine
/// Learning", ICLR 2021.
struct DatasetInference: Sendable {
    /// Points drawn from the members and from the test split, each.
    var samples: Int = 2000
    /// Length of each MinGD step.
    var step: Float = 0.01
    /// Most MinGD steps per point and class.
    var maxSteps: Int = 200
    /// Polled before every MinGD step and by the regressor's training.
    var cancellation: CancellationToken? = nil

    /// The test's outcome for one suspect.
    struct Outcome: Sendable {
        /// One-sided Welch p-value that the suspect's member scores are not higher.
        var pValue: Double
        /// Mean member score minus mean unseen score, on the suspect.
        var meanDifference: Double
    }

    /// Distances to every class's region, shape (rows, K), by MinGD along the input gradient.
    func boundaryDistances(network: Network, features: Matrix) throws(CancellationError)
        -> Matrix
    {
        let classes = network.outputWidth
        let width = features.cols
        var distances = Matrix(rows: features.rows, cols: classes)
        let predicted = network.predictions(features)
        for target in 0..<classes {
            var delta = Matrix(rows: features.rows, cols: width)
            var remaining = predicted.indices.filter { predicted[$0] != target }
            var stepsTaken = 0
            while !remaining.isEmpty && stepsTaken < maxSteps {
                try cancellation?.check()
                var moved = features.gatherRows(remaining)
                moved.add(delta.gatherRows(remaining), scaledBy: 1)
                let gradient = network.inputGradient(
                    moved, labels: [Int](repeating: target, count: remaining.count)
                ).gradient
                for (r, row) in remaining.enumerated() {
                    var norm: Float = 0
                    for c in 0..<width { norm += gradient[r, c] * gradient[r, c] }
                    let scale = norm > 0 ? -step / norm.squareRoot() : 0
                    for c in 0..<width {
                        let change = scale * gradient[r, c]
                        delta[row, c] += change
                        moved[r, c] += change
                    }
                }
                let now = network.predictions(moved)
                remaining = remaining.indices.filter { now[$0] != target }.map { remaining[$0] }
                stepsTaken += 1
            }
            for r in 0..<features.rows {
                var norm: Float = 0
                for c in 0..<width { norm += delta[r, c] * delta[r, c] }
                distances[r, target] = norm.squareRoot()
            }
        }
        return distances
    }

    /// Each row's distance to its true class first, then its distances to the other classes,
    /// sorted (the embedding is about the label and the margins, not the class names).
    ///
    /// A correctly classified point has 0 first and its margin among the rest; a misclassified
    /// one has the walk back to its label first. Sorting all K distances, as the reference code
    /// does, would make a binary task's embedding blind to whether the point is classified
    /// correctly, which is what a model that memorised its training data gets right.
    static func labelAligned(_ m: Matrix, labels: [Int]) -> Matrix {
        var out = m
        for r in 0..<m.rows {
            let label = labels[r]
            let others = (0..<m.cols).filter { $0 != label }.map { m[r, $0] }.sorted()
            out[r, 0] = m[r, label]
            for (c, value) in others.enumerated() { out[r, c + 1] = value }
        }
        return out
    }

    /// The embedding of `rows` of `data` under `network`.
    func embedding(network: Network, data: Dataset, rows: [Int]) throws(CancellationError)
        -> Matrix
    {
        Self.labelAligned(
            try boundaryDistances(network: network, features: data.features.gatherRows(rows)),
            labels: rows.map { data.labels[$0] })
    }

    /// Runs the test of `suspect` against the owner's model `owner` on `scenario`.
    func test(owner: Network, suspect: Network, scenario: Scenario, seed: UInt64) throws
        -> Outcome
    {
        var rng = SeededGenerator(seed: SeededGenerator.deriveSeed(seed, 0x4449_4E46))
        let members = scenario.members
        let unseen = scenario.data.test
        let count = min(samples, members.count, unseen.count)
        guard count >= 4 else {
            throw ScenarioError.unsupported(
                "dataset inference needs at least 4 members and 4 test rows")
        }
        let memberRows = rng.sampleWithoutReplacement(count, from: members.count)
        let unseenRows = rng.sampleWithoutReplacement(count, from: unseen.count)
        let half = count / 2
        let fitRows = (Array(memberRows[..<half]), Array(unseenRows[..<half]))
        let testRows = (Array(memberRows[half...]), Array(unseenRows[half...]))

        // The owner's embeddings of the first half train the membership regressor.
        let ownerFeatures = Matrix.vstack([
            try embedding(network: owner, data: members, rows: fitRows.0),
            try embedding(network: owner, data: unseen, rows: fitRows.1),
        ])
        let (mean, std) = Self.columnStatistics(ownerFeatures)
        let labels = [Int](repeating: 1, count: half) + [Int](repeating: 0, count: half)
        let recipe = Recipe(
            architecture: .logisticRegression, optimizer: .adam(learningRate: 1e-2, weightDecay: 0),
            epochs: 50, batchSize: 64, seed: SeededGenerator.deriveSeed(seed, 0x5245_4752))
        let regressor = try Trainer(cancellation: cancellation).train(
            recipe,
            on: TrainingSet(
                features: Self.standardized(ownerFeatures, mean: mean, std: std), labels: labels,
                classCount: 2)
        ).network

        // The suspect's embeddings of the second half are scored and compared.
        func scores(_ data: Dataset, _ rows: [Int]) throws -> [Double] {
            let standardized = Self.standardized(
                try embedding(network: suspect, data: data, rows: rows), mean: mean, std: std)
            let logits = regressor.logits(standardized)
            return (0..<logits.rows).map { Double(logits[$0, 1] - logits[$0, 0]) }
        }
        let memberScores = try scores(members, testRows.0)
        let unseenScores = try scores(unseen, testRows.1)
        let difference = Statistics.mean(memberScores) - Statistics.mean(unseenScores)
        guard let welch = MeanDifferenceTest(welch: unseenScores, memberScores) else {
            return Outcome(pValue: .nan, meanDifference: difference)
        }
        return Outcome(pValue: welch.pValueGreater, meanDifference: welch.difference)
    }

    /// Column means and standard deviations (1 where a column is constant).
    static func columnStatistics(_ m: Matrix) -> (mean: [Float], std: [Float]) {
        var mean = [Float](repeating: 0, count: m.cols)
        var std = [Float](repeating: 1, count: m.cols)
        for c in 0..<m.cols {
            let column = (0..<m.rows).map { Double(m[$0, c]) }
            mean[c] = Float(Statistics.mean(column))
            let s = Float(Statistics.standardDeviation(column))
            std[c] = s > 0 ? s : 1
        }
        return (mean, std)
    }

    /// (m − mean) / std, column by column.
    static func standardized(_ m: Matrix, mean: [Float], std: [Float]) -> Matrix {
        var out = m
        for r in 0..<m.rows {
            for c in 0..<m.cols { out[r, c] = (m[r, c] - mean[c]) / std[c] }
        }
        return out
    }
}
