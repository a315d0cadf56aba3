import AmuletLearn
import AmuletTensor

/// Outlier removal: drops the training rows of lowest KNN-Shapley value before training.
///
/// Each training row is valued by its exact K-NN Shapley value against a clean, trusted
/// validation set (`KNNShapley.values`); the lowest-valued `percent` of the rows, those that
/// most often give clean validation points a wrong neighbour, are removed in the "prepare the
/// training set" hook, and the model trains on the rest. The Python Amulet values rows in the
/// penultimate-layer space of an already trained model against the test split; here rows are
/// valued in input space, before any training (so the hook composes with every other defense in
/// one training run), against the defender's trusted members (`Scenario.trustedMemberIndices`),
/// never the test split the metrics use.
///
/// Reference: Jia et al., "Efficient Task-Specific Data Valuation for Nearest Neighbor
/// Algorithms", VLDB 2019.
public struct OutlierRemovalDefense: TrainingDefense {
    /// Percentage of the training rows removed, in [0, 100).
    public var percent: Double
    /// K of the K-NN utility.
    public var neighbours: Int
    /// Trusted validation rows.
    public var validationFeatures: Matrix
    /// Their labels.
    public var validationLabels: [Int]

    /// An outlier-removal defense valuing rows against the given validation set.
    public init(
        percent: Double, neighbours: Int, validationFeatures: Matrix, validationLabels: [Int]
    ) {
        self.percent = percent
        self.neighbours = neighbours
        self.validationFeatures = validationFeatures
        self.validationLabels = validationLabels
    }

    public var identity: String {
        "outliers(percent=\(percent),k=\(neighbours),validation=\(validationLabels.count))"
    }

    /// K-NN Shapley's cost: the N × V distances (one sgemm, d multiply-adds each) and, per
    /// validation point, a radix sort and the recursion over the N rows, counted as
    /// `sortWorkPerRow` multiply-add equivalents per row and point.
    public func preparationWork(rows: Int, inputWidth: Int) -> Double {
        Double(rows) * Double(validationLabels.count) * (Double(inputWidth) + Self.sortWorkPerRow)
    }

    /// Multiply-add equivalents of sorting and valuing one row for one validation point,
    /// measured by `DefenseCostTests` against plain training: a step of the radix sort costs
    /// far more than one multiply-add of a BLAS product (tens of nanoseconds against a small
    /// fraction of one), about 1,500 of them.
    public static let sortWorkPerRow = 1500.0

    /// Removes the ⌊N·percent/100⌋ rows of lowest value (ties: the earlier row goes first).
    public mutating func prepare(
        _ trainingSet: inout TrainingSet, recipe: Recipe, rng: inout SeededGenerator,
        summary: inout TrainingSummary
    ) throws {
        try prepare(&trainingSet, recipe: recipe, rng: &rng, summary: &summary, cancellation: nil)
    }

    /// The same, polling `cancellation` while the rows are valued.
    public mutating func prepare(
        _ trainingSet: inout TrainingSet, recipe: Recipe, rng: inout SeededGenerator,
        summary: inout TrainingSummary, cancellation: CancellationToken?
    ) throws {
        let n = trainingSet.count
        let removeCount = min(n - 1, Int(Double(n) * percent / 100))
        guard removeCount > 0, validationFeatures.cols == trainingSet.features.cols else {
            summary.removedRows = 0
            return
        }
        let values = try KNNShapley.values(
            trainFeatures: trainingSet.features, trainLabels: trainingSet.labels,
            validationFeatures: validationFeatures, validationLabels: validationLabels,
            neighbours: neighbours, cancellation: cancellation)
        let ranked = values.indices.sorted {
            values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1)
        }
        var remove = [Bool](repeating: false, count: n)
        for i in ranked.prefix(removeCount) { remove[i] = true }
        let kept = (0..<n).filter { !remove[$0] }
        trainingSet.features = trainingSet.features.gatherRows(kept)
        trainingSet.labels = kept.map { trainingSet.labels[$0] }
        trainingSet.sampleWeights = trainingSet.sampleWeights.map { w in kept.map { w[$0] } }
        trainingSet.sensitive = trainingSet.sensitive.mapValues { v in kept.map { v[$0] } }
        summary.removedRows = removeCount
        summary.notes.append(
            "outlier removal dropped \(removeCount) of \(n) rows: the lowest \(percent)% by "
                + "\(neighbours)-NN Shapley value against \(validationLabels.count) trusted members"
        )
    }
}
