import AmuletLearn
import AmuletTensor

/// O1: the curvature of a trained model's loss, as the trace of the Hessian of the mean
/// cross-entropy over a set of rows at the trained parameters.
///
/// Hutchinson's estimator: for Rademacher probes v (each entry ±1 with probability ½),
/// E[vᵀHv] = tr(H), so the mean of vᵀHv over m probes is unbiased, with variance
/// 2(‖H‖²_F − Σᵢ H²ᵢᵢ)/m. Each Hessian-vector product is a central finite difference of
/// gradients, Hv ≈ (∇L(θ + hv) − ∇L(θ − hv)) / 2h, so it costs two gradient passes over the
/// rows and no second-order code: m probes cost 2m forward-and-backward passes. For a network
/// with ReLUs the Hessian exists almost everywhere; the difference sees the kinks the step h
/// crosses, which a small h keeps rare. `topEigenvalue` runs power iteration on the same
/// products.
///
/// References: Hutchinson, "A stochastic estimator of the trace of the influence matrix for
/// Laplacian smoothing splines", Commun. Stat. Simul. Comput. 19 (1990); Pearlmutter, "Fast
/// exact multiplication by the Hessian", Neural Comput. 6 (1994), for Hv by differences of
/// gradients; Yao, Gholami, Keutzer & Mahoney, "PyHessian", IEEE BigData 2020, for the trace
/// and top eigenvalue as a network's curvature.
public struct LossCurvature: Sendable {
    /// The estimate of tr(H).
    public var trace: Double
    /// Its standard error over the probes (nil with one probe).
    public var standardError: Double?
    /// The probes used.
    public var probes: Int

    /// The step h of the central difference, per parameter (probes are ±1 per entry).
    public static let step: Float = 1e-3

    /// Estimates the Hessian trace of `network`'s mean cross-entropy over `features` and
    /// `labels` from `probes` Rademacher probes drawn from `rng`.
    ///
    /// - Parameters:
    ///   - network: The trained model.
    ///   - features: The rows, shape (N, inputs).
    ///   - labels: Their labels, N entries.
    ///   - probes: m, the number of probes (at least 1).
    ///   - rng: The probes' source.
    ///   - cancellation: Polled before every gradient pass.
    /// - Returns: The mean of vᵀHv over the probes and its standard error.
    /// - Throws: `CancellationError` once `cancellation` is set.
    public static func estimate(
        network: Network, features: Matrix, labels: [Int], probes: Int,
        rng: inout SeededGenerator, cancellation: CancellationToken? = nil
    ) throws(CancellationError) -> LossCurvature {
        let count = max(1, probes)
        var samples: [Double] = []
        samples.reserveCapacity(count)
        var probe = [Float](repeating: 0, count: network.parameterCount)
        for _ in 0..<count {
            for i in probe.indices { probe[i] = rng.next() & 1 == 0 ? 1 : -1 }
            let product = try hessianVectorProduct(
                network: network, features: features, labels: labels, direction: probe,
                cancellation: cancellation)
            var quadratic = 0.0
            for i in probe.indices { quadratic += Double(probe[i]) * product[i] }
            samples.append(quadratic)
        }
        let mean = samples.reduce(0, +) / Double(count)
        var standardError: Double?
        if count > 1 {
            let variance =
                samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count - 1)
            standardError = (variance / Double(count)).squareRoot()
        }
        return LossCurvature(trace: mean, standardError: standardError, probes: count)
    }

    /// The largest-magnitude eigenvalue of the Hessian by `iterations` steps of power
    /// iteration from a Rademacher start drawn from `rng`: v ← Hv/‖Hv‖, λ = vᵀHv.
    ///
    /// - Throws: `CancellationError` once `cancellation` is set.
    public static func topEigenvalue(
        network: Network, features: Matrix, labels: [Int], iterations: Int,
        rng: inout SeededGenerator, cancellation: CancellationToken? = nil
    ) throws(CancellationError) -> Double {
        let n = network.parameterCount
        guard n > 0 else { return 0 }
        var v = (0..<n).map { _ in Double(rng.next() & 1 == 0 ? 1 : -1) / Double(n).squareRoot() }
        var eigenvalue = 0.0
        for _ in 0..<max(1, iterations) {
            // The difference is taken along a direction of norm √n, the scale probes have.
            let scale = Double(n).squareRoot()
            let product = try hessianVectorProduct(
                network: network, features: features, labels: labels,
                direction: v.map { Float($0 * scale) }, cancellation: cancellation
            ).map { $0 / scale }
            eigenvalue = zip(v, product).reduce(0) { $0 + $1.0 * $1.1 }
            let norm = product.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0 else { return 0 }
            v = product.map { $0 / norm }
        }
        return eigenvalue
    }

    /// Hv ≈ (∇L(θ + hv) − ∇L(θ − hv)) / 2h for the mean cross-entropy over the rows.
    public static func hessianVectorProduct(
        network: Network, features: Matrix, labels: [Int], direction: [Float],
        cancellation: CancellationToken? = nil
    ) throws(CancellationError) -> [Double] {
        var shifted = network
        let h = step
        for i in direction.indices {
            shifted.parameters[i] = network.parameters[i] + h * direction[i]
        }
        try cancellation?.check()
        let plus = meanLossGradient(shifted, features: features, labels: labels)
        for i in direction.indices {
            shifted.parameters[i] = network.parameters[i] - h * direction[i]
        }
        try cancellation?.check()
        let minus = meanLossGradient(shifted, features: features, labels: labels)
        // θ ± hv rounds to Float: the step taken differs from 2hv by an ulp of θ per entry,
        // a relative error near 10⁻⁴ for |θ| ≈ 1 at h = 10⁻³, well under the probes' spread.
        let scale = 1 / (2 * Double(h))
        return direction.indices.map { (Double(plus[$0]) - Double(minus[$0])) * scale }
    }

    /// ∇θ of the mean cross-entropy over the rows, in evaluation mode, in blocks of 1,024 rows.
    public static func meanLossGradient(
        _ network: Network, features: Matrix, labels: [Int]
    ) -> [Float] {
        var gradient = [Float](repeating: 0, count: network.parameterCount)
        let n = features.rows
        guard n > 0 else { return gradient }
        var copy = network
        var rng = SeededGenerator(seed: 0)
        var start = 0
        while start < n {
            let end = min(n, start + 1024)
            let logits = copy.forward(
                features.rowSlice(start, end), training: false, rng: &rng)
            // Each block's loss is a mean over its rows: weight it by its share of all rows.
            let share = Float(end - start) / Float(n)
            var loss = Loss.softmaxCrossEntropy(
                logits: logits, labels: Array(labels[start..<end])
            ).gradient
            for i in loss.storage.indices { loss.storage[i] *= share }
            copy.backwardForParameterGradients(loss)
            copy.accumulateParameterGradients(into: &gradient)
            start = end
        }
        return gradient
    }
}
