import AmuletLearn
import AmuletTensor

/// O3: how far rows lie from a model's decision boundary, as the smallest L2 perturbation
/// that changes the predicted class, found by DeepFool and refined by bisection.
///
/// DeepFool linearises the classifier at x: with k₀ the predicted class, f′ₖ = fₖ − f_{k₀}
/// the logit margins and wₖ = ∇ₓf′ₖ, the nearest linearised boundary is class
/// l = argmin_{k≠k₀} |f′ₖ|/‖wₖ‖, reached by the step rᵢ = |f′ₗ|/‖wₗ‖²·wₗ. Steps accumulate
/// (r = Σrᵢ) until x₀ + (1 + η)r is classified otherwise (η = 0.02, the paper's overshoot).
/// The overshoot and the linearisation make ‖(1 + η)r‖ an upper bound, so a bisection on the
/// segment from x₀ to x₀ + (1 + η)r then finds where the prediction first changes along it.
/// For a linear model one step lands on the boundary and the bisection returns the exact
/// distance |w·x + b|/‖w‖ (binary), up to the bisection's tolerance. Features are not
/// clipped to a domain: this is the geometry of the model, not a feasible attack.
///
/// Reference: Moosavi-Dezfooli, Fawzi & Frossard, "DeepFool: a simple and accurate method to
/// fool deep neural networks", CVPR 2016 (Algorithm 2, multi-class).
public struct BoundaryDistance: Sendable {
    /// Each row's distance, or nil where DeepFool did not change the prediction within its
    /// iterations (or the margins have no gradient).
    public var distances: [Double?]

    /// The mean over the rows that crossed; nil when none did.
    public var mean: Double? {
        let crossed = distances.compactMap { $0 }
        return crossed.isEmpty ? nil : crossed.reduce(0, +) / Double(crossed.count)
    }

    /// Rows that never crossed.
    public var uncrossed: Int { distances.filter { $0 == nil }.count }

    /// DeepFool's overshoot η.
    public static let overshoot: Float = 0.02
    /// Halvings of the bisection: the segment's length over 2²⁰ is the tolerance.
    public static let bisections = 20

    /// The distance of every row of `features` to `network`'s decision boundary.
    ///
    /// - Parameters:
    ///   - network: The trained model.
    ///   - features: The rows, shape (N, inputs).
    ///   - iterations: DeepFool's largest number of linearised steps (the paper needs 2–3).
    ///   - cancellation: Polled before every step.
    /// - Returns: Each row's distance, nil for rows that never crossed.
    /// - Throws: `CancellationError` once `cancellation` is set.
    public static func measure(
        network: Network, features: Matrix, iterations: Int = 50,
        cancellation: CancellationToken? = nil
    ) throws(CancellationError) -> BoundaryDistance {
        let n = features.rows
        let d = features.cols
        let classes = network.outputWidth
        guard n > 0, classes > 1 else {
            return BoundaryDistance(distances: [Double?](repeating: nil, count: n))
        }
        let original = network.predictions(features)
        var total = Matrix(rows: n, cols: d)
        var crossed = [Bool](repeating: false, count: n)
        var stuck = [Bool](repeating: false, count: n)
        for _ in 0..<max(1, iterations) {
            try cancellation?.check()
            let active = (0..<n).filter { !crossed[$0] && !stuck[$0] }
            if active.isEmpty { break }
            var x = features.gatherRows(active)
            for (a, r) in active.enumerated() {
                for c in 0..<d { x[a, c] += (1 + overshoot) * total[r, c] }
            }
            var copy = network
            var rng = SeededGenerator(seed: 0)
            let logits = copy.forward(x, training: false, rng: &rng)
            let predicted = logits.argmaxRows()
            var moving: [Int] = []
            for (a, r) in active.enumerated() {
                if predicted[a] != original[r] { crossed[r] = true } else { moving.append(a) }
            }
            if moving.isEmpty { break }
            // For each class k, ∇ₓ(fₖ − f_{k₀}) of every active row, one backward pass each.
            var best = [Float](repeating: .infinity, count: active.count)
            var step = Matrix(rows: active.count, cols: d)
            for k in 0..<classes {
                var seed = Matrix(rows: active.count, cols: classes)
                for a in moving where original[active[a]] != k {
                    seed[a, k] = 1
                    seed[a, original[active[a]]] = -1
                }
                let gradient = copy.backward(seed)
                for a in moving where original[active[a]] != k {
                    let margin = logits[a, k] - logits[a, original[active[a]]]
                    var squared: Float = 0
                    for c in 0..<d { squared += gradient[a, c] * gradient[a, c] }
                    guard squared > 0 else { continue }
                    let distance = abs(margin) / squared.squareRoot()
                    if distance < best[a] {
                        best[a] = distance
                        // A hair past the linearised boundary, so a flat margin still moves.
                        let size = (abs(margin) + 1e-4) / squared
                        for c in 0..<d { step[a, c] = size * gradient[a, c] }
                    }
                }
            }
            for a in moving {
                let r = active[a]
                if best[a].isFinite {
                    for c in 0..<d { total[r, c] += step[a, c] }
                } else {
                    stuck[r] = true
                }
            }
        }
        try cancellation?.check()
        return BoundaryDistance(
            distances: bisect(
                network: network, features: features, direction: total, original: original,
                crossed: crossed))
    }

    /// The distance along each crossed row's segment x₀ → x₀ + (1 + η)r to its first change of
    /// prediction, by bisection on t ∈ [0, 1] over all rows at once.
    static func bisect(
        network: Network, features: Matrix, direction: Matrix, original: [Int], crossed: [Bool]
    ) -> [Double?] {
        let rows = crossed.indices.filter { crossed[$0] }
        guard !rows.isEmpty else { return crossed.map { _ in nil } }
        let d = features.cols
        let x0 = features.gatherRows(rows)
        var segment = direction.gatherRows(rows)
        for i in segment.storage.indices { segment.storage[i] *= 1 + overshoot }
        var low = [Double](repeating: 0, count: rows.count)
        var high = [Double](repeating: 1, count: rows.count)
        var x = x0
        for _ in 0..<bisections {
            for a in rows.indices {
                let t = Float((low[a] + high[a]) / 2)
                for c in 0..<d { x[a, c] = x0[a, c] + t * segment[a, c] }
            }
            let predicted = network.predictions(x)
            for a in rows.indices {
                let middle = (low[a] + high[a]) / 2
                if predicted[a] != original[rows[a]] { high[a] = middle } else { low[a] = middle }
            }
        }
        var result = [Double?](repeating: nil, count: crossed.count)
        for (a, r) in rows.enumerated() {
            var length = 0.0
            for c in 0..<d { length += Double(segment[a, c]) * Double(segment[a, c]) }
            result[r] = high[a] * length.squareRoot()
        }
        return result
    }
}
