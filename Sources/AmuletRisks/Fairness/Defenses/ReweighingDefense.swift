import AmuletLearn
import AmuletTensor

/// Reweighing: weights every training row so that label and group are independent in the
/// weighted data, then trains on the weighted loss.
///
/// w(g, y) = P(g)·P(y) / P(g, y) = n_g·n_y / (N·n_{g,y}), with g the joint group of the chosen
/// sensitive attributes. Under these weights the weighted count of (g, y) is n_g·n_y / N, so
/// P_w(g, y) = P(g)·P(y) exactly, and the weights sum to N. A data hook on the one training
/// loop: the trainer's cross-entropy is Σ wᵢℓᵢ / Σ wᵢ per batch. Weights multiply any weights
/// a previous defense set.
///
/// Reference: Kamiran & Calders, "Data preprocessing techniques for classification without
/// discrimination", Knowledge and Information Systems 33(1), 2012.
public struct ReweighingDefense: TrainingDefense {
    /// The sensitive attributes whose joint group is made independent of the label.
    public var attributes: [String]

    /// Reweighing over the joint group of `attributes`.
    public init(attributes: [String]) {
        self.attributes = attributes
    }

    public var identity: String { "reweigh(attributes=\(attributes.joined(separator: ",")))" }

    /// Sets the weights from the training set's labels and groups.
    public mutating func prepare(
        _ trainingSet: inout TrainingSet, recipe: Recipe, rng: inout SeededGenerator,
        summary: inout TrainingSummary
    ) throws {
        var groups = [Int](repeating: 0, count: trainingSet.count)
        for name in attributes {
            guard let values = trainingSet.sensitive[name], values.count == trainingSet.count
            else {
                throw TrainingError.invalidRecipe(
                    "reweighing needs the sensitive attribute '\(name)' for every training row")
            }
            for i in groups.indices { groups[i] = groups[i] * 2 + (values[i] == 1 ? 1 : 0) }
        }
        let weights = Self.weights(labels: trainingSet.labels, groups: groups)
        if let previous = trainingSet.sampleWeights, previous.count == weights.count {
            trainingSet.sampleWeights = zip(previous, weights).map { $0 * $1 }
        } else {
            trainingSet.sampleWeights = weights
        }
        let smallest = weights.min() ?? 1
        let largest = weights.max() ?? 1
        summary.notes.append(
            "reweighing over \(attributes.joined(separator: "×")): weights from "
                + "\(Self.rounded(smallest)) to \(Self.rounded(largest))")
    }

    /// Kamiran–Calders weights n_g·n_y / (N·n_{g,y}) for each row's group and label.
    ///
    /// - Parameters:
    ///   - labels: Each row's class.
    ///   - groups: Each row's group (any integer code).
    /// - Returns: One weight per row.
    public static func weights(labels: [Int], groups: [Int]) -> [Float] {
        precondition(labels.count == groups.count, "reweighing: labels and groups differ")
        var labelCounts: [Int: Double] = [:]
        var groupCounts: [Int: Double] = [:]
        var cellCounts: [Pair: Double] = [:]
        for (y, g) in zip(labels, groups) {
            labelCounts[y, default: 0] += 1
            groupCounts[g, default: 0] += 1
            cellCounts[Pair(group: g, label: y), default: 0] += 1
        }
        let total = Double(labels.count)
        var weightOfCell: [Pair: Float] = [:]
        for (cell, count) in cellCounts {
            let expected =
                (groupCounts[cell.group] ?? 0) * (labelCounts[cell.label] ?? 0) / total
            weightOfCell[cell] = Float(expected / count)
        }
        return zip(labels, groups).map { weightOfCell[Pair(group: $1, label: $0)] ?? 1 }
    }

    /// `value` to three decimals, for notes.
    static func rounded(_ value: Float) -> Double { (Double(value) * 1000).rounded() / 1000 }

    /// A (group, label) cell.
    struct Pair: Hashable {
        var group: Int
        var label: Int
    }
}
