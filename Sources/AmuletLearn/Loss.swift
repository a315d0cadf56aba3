import AmuletTensor

/// A loss value with its gradient with respect to the network's output (the logits).
public struct LossResult: Sendable {
    /// The loss, averaged over the batch.
    public var value: Double
    /// ∂loss/∂logits, shape (batch, classes).
    public var gradient: Matrix
    /// Each sample's own loss ℓᵢ (unweighted), length batch.
    public var perSample: [Float]
}

/// Losses on logits, each returning its value and its gradient.
public enum Loss {
    /// Softmax cross-entropy, stable: ℓᵢ = logΣⱼ e^{zᵢⱼ} − z_{i,yᵢ}; ∂ℓᵢ/∂zᵢ = softmax(zᵢ) − e_{yᵢ}.
    ///
    /// The value is Σ wᵢℓᵢ / Σ wᵢ (wᵢ = 1 without weights) and the gradient matches it, so
    /// `weights` implements reweighing (Kamiran & Calders 2012) without a second loss.
    public static func softmaxCrossEntropy(
        logits: Matrix, labels: [Int], weights: [Float]? = nil
    ) -> LossResult {
        precondition(labels.count == logits.rows, "labels and logits differ in length")
        let batch = logits.rows
        let classes = logits.cols
        var gradient = logits.softmaxRows()
        var perSample = [Float](repeating: 0, count: batch)
        let totalWeight = weights.map { $0.reduce(0, +) } ?? Float(batch)
        let normalizer = totalWeight > 0 ? 1 / totalWeight : 0
        var value = 0.0
        for r in 0..<batch {
            let label = labels[r]
            let probability = max(gradient[r, label], Float.leastNormalMagnitude)
            // log-softmax via the already-stable softmax; clamp keeps log finite.
            var maximum = -Float.infinity
            for c in 0..<classes { maximum = max(maximum, logits[r, c]) }
            var total: Float = 0
            for c in 0..<classes { total += Math.exp(logits[r, c] - maximum) }
            let loss = maximum + Math.log(total) - logits[r, label]
            perSample[r] = loss.isFinite ? loss : -Math.log(probability)
            let w = weights?[r] ?? 1
            value += Double(w * perSample[r])
            gradient[r, label] -= 1
            let scale = w * normalizer
            for c in 0..<classes { gradient[r, c] *= scale }
        }
        return LossResult(
            value: value * Double(normalizer), gradient: gradient, perSample: perSample)
    }

    /// Mean squared error: mean over all elements of (zᵢⱼ − tᵢⱼ)²; gradient 2(z − t)/(batch·cols).
    public static func meanSquaredError(predictions: Matrix, targets: Matrix) -> LossResult {
        precondition(predictions.shape == targets.shape, "MSE: shapes differ")
        var gradient = predictions
        gradient.add(targets, scaledBy: -1)
        var perSample = [Float](repeating: 0, count: predictions.rows)
        for r in 0..<predictions.rows {
            var total: Float = 0
            for c in 0..<predictions.cols { total += gradient[r, c] * gradient[r, c] }
            perSample[r] = total / Float(max(predictions.cols, 1))
        }
        let count = Float(max(predictions.count, 1))
        let value = gradient.storage.reduce(0.0) { $0 + Double($1 * $1) } / Double(count)
        gradient.scale(by: 2 / count)
        return LossResult(value: value, gradient: gradient, perSample: perSample)
    }

    /// KL(p ‖ softmax(z)) averaged over the batch, for distilling target probabilities p.
    ///
    /// ℓᵢ = Σⱼ pᵢⱼ(log pᵢⱼ − log qᵢⱼ) with q = softmax(z); ∂ℓᵢ/∂zᵢ = qᵢ − pᵢ (rows of p sum to 1).
    public static func klDivergence(logits: Matrix, targetProbabilities p: Matrix) -> LossResult {
        precondition(logits.shape == p.shape, "KL: shapes differ")
        let q = logits.softmaxRows()
        var gradient = q
        gradient.add(p, scaledBy: -1)
        var perSample = [Float](repeating: 0, count: logits.rows)
        for r in 0..<logits.rows {
            var total: Float = 0
            for c in 0..<logits.cols where p[r, c] > 0 {
                total += p[r, c] * (Math.log(p[r, c]) - Math.log(max(q[r, c], 1e-30)))
            }
            perSample[r] = total
        }
        let batch = Float(max(logits.rows, 1))
        gradient.scale(by: 1 / batch)
        let value = perSample.reduce(0.0) { $0 + Double($1) } / Double(batch)
        return LossResult(value: value, gradient: gradient, perSample: perSample)
    }
}
