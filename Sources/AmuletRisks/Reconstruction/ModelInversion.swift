import AmuletLearn
import AmuletTensor

/// Model inversion: for each class, gradient descent on the input to make the model sure of it.
///
/// Fredrikson et al.'s Algorithm 1 with the cost c(x) = 1 − f̃_y(x), the softmax probability of
/// the target class y: from x₀ = 0, x ← clip(x − λ·∇c(x), 0, 1) for at most `steps` iterations;
/// a class stops early when c ≤ γ (`targetCost`), or when, past `patience` (β) iterations, its
/// cost is no lower than the worst cost seen since iteration β; the lowest-cost input is kept.
/// ∇c = f̃_y·∇ℓ with ℓ = −log f̃_y the cross-entropy, so the gradient comes from the network's
/// own backward pass (`Network.inputGradient`, the one the evasion attack uses), all classes
/// in one batch. The clip to [0, 1] is the paper's "Process" step for pixel data.
///
/// Reference: Fredrikson, Jha & Ristenpart, "Model Inversion Attacks that Exploit Confidence
/// Information and Basic Countermeasures", CCS 2015; the Python Amulet's `FredriksonCCS2015`
/// (after ML-Doctor) uses the same cost, start and stopping rules.
public struct ModelInversion: Sendable {
    /// Maximum gradient steps per class (α).
    public var steps: Int
    /// Step size λ.
    public var learningRate: Float
    /// Iterations before the no-progress stop may fire (β).
    public var patience: Int
    /// Cost at which a class is done (γ).
    public var targetCost: Float

    /// An inversion attack.
    public init(steps: Int, learningRate: Float, patience: Int, targetCost: Float) {
        self.steps = steps
        self.learningRate = learningRate
        self.patience = patience
        self.targetCost = targetCost
    }

    /// One reconstructed input per class in `classes`, shape (classes.count, network.inputWidth).
    /// - Throws: `CancellationError` when `cancellation` is set (polled every step).
    public func invert(
        _ network: Network, classes: [Int], cancellation: CancellationToken? = nil
    ) throws(CancellationError) -> (images: Matrix, costs: [Float]) {
        let count = classes.count
        let width = network.inputWidth
        var x = Matrix(rows: count, cols: width)
        var best = x
        var bestCost = [Float](repeating: .infinity, count: count)
        var worstSincePatience = [Float](repeating: -.infinity, count: count)
        var active = [Bool](repeating: true, count: count)
        for iteration in 0..<steps {
            try cancellation?.check()
            let (loss, gradient) = network.inputGradient(x, labels: classes)
            // inputGradient averages over the batch: row i is ∇ℓᵢ / count.
            for i in 0..<count where active[i] {
                let probability = Math.exp(-loss.perSample[i])
                let cost = 1 - probability
                if cost < bestCost[i] {
                    bestCost[i] = cost
                    best.setRow(i, x.row(i))
                }
                if cost <= targetCost {
                    active[i] = false
                    continue
                }
                if iteration > patience {
                    if cost >= worstSincePatience[i] {
                        active[i] = false
                        continue
                    }
                }
                if iteration >= patience {
                    worstSincePatience[i] = max(worstSincePatience[i], cost)
                }
                let scale = learningRate * probability * Float(count)
                x.storage.withUnsafeMutableBufferPointer { row in
                    gradient.storage.withUnsafeBufferPointer { g in
                        for c in (i * width)..<((i + 1) * width) {
                            row[c] = min(1, max(0, row[c] - scale * g[c]))
                        }
                    }
                }
            }
            if !active.contains(true) { break }
        }
        // The final iterate, if never evaluated, is scored once more.
        let final = network.inputGradient(x, labels: classes).loss.perSample
        for i in 0..<count where active[i] {
            let cost = 1 - Math.exp(-final[i])
            if cost < bestCost[i] {
                bestCost[i] = cost
                best.setRow(i, x.row(i))
            }
        }
        return (best, bestCost)
    }
}
