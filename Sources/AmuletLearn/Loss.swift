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

extension Loss {
    /// Mean squared error between softmax(z) and target probabilities p, mean over all elements.
    ///
    /// ℓ = (1/(B·K)) Σᵢⱼ (qᵢⱼ − pᵢⱼ)² with q = softmax(z). With dᵢ = 2(qᵢ − pᵢ)/(B·K), the chain
    /// rule through the softmax Jacobian diag(q) − qqᵀ gives ∂ℓ/∂zᵢⱼ = qᵢⱼ(dᵢⱼ − Σₖ qᵢₖdᵢₖ).
    /// This is the regression the model-extraction attack fits to the target's probabilities.
    /// Reference: Tramèr et al., "Stealing Machine Learning Models via Prediction APIs",
    /// USENIX Security 2016.
    public static func probabilityMeanSquaredError(logits: Matrix, targetProbabilities p: Matrix)
        -> LossResult
    {
        precondition(logits.shape == p.shape, "probability MSE: shapes differ")
        let q = logits.softmaxRows()
        let batch = logits.rows
        let classes = logits.cols
        var gradient = Matrix(rows: batch, cols: classes)
        var perSample = [Float](repeating: 0, count: batch)
        let scale = 2 / Float(max(batch * classes, 1))
        var value = 0.0
        for r in 0..<batch {
            var total: Float = 0
            var projection: Float = 0
            for c in 0..<classes {
                let difference = q[r, c] - p[r, c]
                total += difference * difference
                projection += q[r, c] * difference * scale
            }
            for c in 0..<classes {
                gradient[r, c] = q[r, c] * ((q[r, c] - p[r, c]) * scale - projection)
            }
            perSample[r] = total / Float(max(classes, 1))
            value += Double(total)
        }
        return LossResult(
            value: value / Double(max(batch * classes, 1)), gradient: gradient,
            perSample: perSample)
    }

    /// A soft-target loss, weighted like `softmaxCrossEntropy`: value Σ wᵢℓᵢ / Σ wᵢ.
    ///
    /// The unweighted losses average over the batch, so row i of the gradient is rescaled by
    /// wᵢ·B/Σw (wᵢ = 1 without weights leaves it unchanged).
    public static func softTargets(
        logits: Matrix, targets: Matrix, loss kind: SoftTargetLoss, weights: [Float]? = nil
    ) -> LossResult {
        var result: LossResult
        switch kind {
        case .meanSquaredError:
            result = probabilityMeanSquaredError(logits: logits, targetProbabilities: targets)
        case .klDivergence:
            result = klDivergence(logits: logits, targetProbabilities: targets)
        }
        guard let weights else { return result }
        let total = weights.reduce(0, +)
        let normalizer = total > 0 ? Float(logits.rows) / total : 0
        var value = 0.0
        for r in 0..<logits.rows {
            let factor = weights[r] * normalizer
            for c in 0..<logits.cols { result.gradient[r, c] *= factor }
            value += Double(weights[r]) * Double(result.perSample[r])
        }
        result.value = total > 0 ? value / Double(total) : 0
        return result
    }
}
