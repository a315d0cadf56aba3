import AmuletLearn
import AmuletTensor

/// The norm an evasion perturbation is bounded in.
public enum PerturbationNorm: String, Sendable, ParameterChoice {
    /// max |δᵢ| ≤ ε: every feature moves by at most ε.
    case linf
    /// ‖δ‖₂ ≤ ε.
    case l2
}

/// Projected gradient descent on the input: adversarial examples within an ε-ball.
///
/// From x₀ (plus a uniform random start in the ball unless `randomStart` is off), each step
/// moves along the loss gradient — its sign for L∞, its direction g/‖g‖₂ for L2 — by `stepSize`,
/// projects back onto the ε-ball around x and into the feature domain. With one step of size ε
/// and no random start it is FGSM. Gradients come from the network's own backward pass, over
/// chunks of rows through BLAS; restarts keep, per row, the first run that fools the model.
///
/// References: Madry et al., "Towards Deep Learning Models Resistant to Adversarial Attacks",
/// ICLR 2018; Goodfellow, Shlens & Szegedy, "Explaining and Harnessing Adversarial Examples",
/// ICLR 2015.
public struct ProjectedGradientDescent: Sendable {
    /// The norm of the ball.
    public var norm: PerturbationNorm
    /// The radius ε.
    public var epsilon: Float
    /// The size of one step.
    public var stepSize: Float
    /// Steps per run.
    public var steps: Int
    /// Independent runs from random starts.
    public var restarts: Int
    /// Whether to start at a random point of the ball.
    public var randomStart: Bool
    /// Valid inputs.
    public var domain: FeatureDomain
    /// Whether each row stops at its first misclassified iterate (else every row takes all
    /// steps and the final iterate is returned, as standard PGD does).
    public var earlyExit: Bool

    /// A PGD attack.
    public init(
        norm: PerturbationNorm, epsilon: Float, stepSize: Float, steps: Int, restarts: Int = 1,
        randomStart: Bool = true, domain: FeatureDomain = .box, earlyExit: Bool = false
    ) {
        self.earlyExit = earlyExit
        self.norm = norm
        self.epsilon = epsilon
        self.stepSize = stepSize
        self.steps = steps
        self.restarts = max(1, restarts)
        self.randomStart = randomStart
        self.domain = domain
    }

    /// Rows per gradient computation, to bound activation memory.
    static let chunkRows = 4096

    /// Adversarial versions of the rows of `x` (true labels `labels`) against `network`.
    public func perturb(
        _ x: Matrix, labels: [Int], network: Network, rng: inout SeededGenerator
    ) -> Matrix {
        perturb(x, labels: labels, network: network, rng: &rng, poll: { () throws(Never) in })
    }

    /// `perturb`, polling `cancellation` before every step of every restart.
    /// - Throws: `CancellationError` once the token is set.
    public func perturb(
        _ x: Matrix, labels: [Int], network: Network, rng: inout SeededGenerator,
        cancellation: CancellationToken
    ) throws(CancellationError) -> Matrix {
        try perturb(x, labels: labels, network: network, rng: &rng, poll: cancellation.check)
    }

    /// The attack, calling `poll` before every gradient step (it throws to stop).
    private func perturb<Failure: Error>(
        _ x: Matrix, labels: [Int], network: Network, rng: inout SeededGenerator,
        poll: () throws(Failure) -> Void
    ) throws(Failure) -> Matrix {
        var result = Matrix(rows: x.rows, cols: x.cols)
        var start = 0
        // Fewer rows for networks with wide activations (convolutions on 32×32 images).
        let chunkRows = min(Self.chunkRows, network.evaluationChunk)
        while start < x.rows {
            let end = min(x.rows, start + chunkRows)
            let chunk = x.rowSlice(start, end)
            let chunkLabels = Array(labels[start..<end])
            let adversarial = try perturbChunk(
                chunk, labels: chunkLabels, network: network, rng: &rng, poll: poll)
            adversarial.storage.withUnsafeBufferPointer { source in
                result.storage.withUnsafeMutableBufferPointer { target in
                    let offset = start * x.cols
                    for i in source.indices { target[offset + i] = source[i] }
                }
            }
            start = end
        }
        return result
    }

    private func perturbChunk<Failure: Error>(
        _ x: Matrix, labels: [Int], network: Network, rng: inout SeededGenerator,
        poll: () throws(Failure) -> Void
    ) throws(Failure) -> Matrix {
        var pass = InputGradientPass(network)
        var best = x
        var fooled = [Bool](repeating: false, count: x.rows)
        for _ in 0..<restarts {
            var adversarial = x
            if randomStart { addRandomStart(&adversarial, rng: &rng) }
            project(&adversarial, around: x)
            let fooledNow: [Bool]
            if earlyExit {
                fooledNow = try runStoppingEarly(
                    &adversarial, origin: x, labels: labels, skipping: fooled, pass: &pass,
                    poll: poll)
            } else {
                for _ in 0..<steps {
                    try poll()
                    step(&adversarial, along: pass.gradient(adversarial, labels: labels).gradient)
                    project(&adversarial, around: x)
                }
                fooledNow = zip(pass.predictions(adversarial), labels).map { $0 != $1 }
            }
            // A row keeps the first run that fools the model, else the latest run.
            for r in 0..<x.rows where !fooled[r] {
                best.setRow(r, adversarial.row(r))
                fooled[r] = fooledNow[r]
            }
        }
        return best
    }

    /// One run in which each row stops at its first misclassified iterate.
    ///
    /// The forward pass of every step already gives the current predictions: rows the model
    /// gets wrong are frozen there (written back into `x`) and leave the batch, and the others
    /// step on. Rows in `skipping` (fooled by an earlier restart) take no steps. Returns, per
    /// row, whether its returned iterate is misclassified.
    private func runStoppingEarly<Failure: Error>(
        _ x: inout Matrix, origin: Matrix, labels: [Int], skipping: [Bool],
        pass: inout InputGradientPass, poll: () throws(Failure) -> Void
    ) throws(Failure) -> [Bool] {
        var fooled = [Bool](repeating: false, count: x.rows)
        var rows = (0..<x.rows).filter { !skipping[$0] }
        var active = x.gatherRows(rows)
        var activeOrigin = origin.gatherRows(rows)
        var activeLabels = rows.map { labels[$0] }
        for t in 0...steps where !rows.isEmpty {
            try poll()
            let predictions: [Int]
            var gradient: Matrix?
            if t == steps {
                predictions = pass.predictions(active)
            } else {
                (predictions, gradient) = pass.gradient(
                    active, labels: activeLabels, onlyCorrect: true)
            }
            var kept: [Int] = []
            for (i, row) in rows.enumerated() {
                if predictions[i] != activeLabels[i] || t == steps {
                    x.setRow(row, active.row(i))
                    fooled[row] = predictions[i] != activeLabels[i]
                } else {
                    kept.append(i)
                }
            }
            guard let gradient, !kept.isEmpty else { break }
            step(&active, along: gradient)
            project(&active, around: activeOrigin)
            if kept.count < rows.count {
                rows = kept.map { rows[$0] }
                active = active.gatherRows(kept)
                activeOrigin = activeOrigin.gatherRows(kept)
                activeLabels = kept.map { activeLabels[$0] }
            }
        }
        return fooled
    }

    /// A uniform start in the L∞ ball, or a random direction of random length ≤ ε in L2.
    private func addRandomStart(_ x: inout Matrix, rng: inout SeededGenerator) {
        switch norm {
        case .linf:
            for i in x.storage.indices { x.storage[i] += rng.uniform(-epsilon, epsilon) }
        case .l2:
            for r in 0..<x.rows {
                var direction = (0..<x.cols).map { _ in Float(rng.normal()) }
                let length = direction.reduce(0) { $0 + $1 * $1 }.squareRoot()
                let radius = epsilon * rng.uniformFloat()
                if length > 0 { direction = direction.map { $0 * radius / length } }
                for c in 0..<x.cols { x[r, c] += direction[c] }
            }
        }
    }

    /// x ← x + step·sign(g) (L∞) or x + step·g/‖g‖ per row (L2).
    private func step(_ x: inout Matrix, along gradient: Matrix) {
        switch norm {
        case .linf:
            x.storage.withUnsafeMutableBufferPointer { values in
                gradient.storage.withUnsafeBufferPointer { g in
                    for i in values.indices where g[i] != 0 {
                        values[i] += g[i] > 0 ? stepSize : -stepSize
                    }
                }
            }
        case .l2:
            let norms = gradient.rowSquaredNorms().map { $0.squareRoot() }
            for r in 0..<x.rows where norms[r] > 0 {
                let scale = stepSize / norms[r]
                for c in 0..<x.cols { x[r, c] += scale * gradient[r, c] }
            }
        }
    }

    /// Back onto the ε-ball around `origin`, then into the domain.
    private func project(_ x: inout Matrix, around origin: Matrix) {
        switch norm {
        case .linf:
            x.storage.withUnsafeMutableBufferPointer { values in
                origin.storage.withUnsafeBufferPointer { o in
                    for i in values.indices {
                        values[i] = min(o[i] + epsilon, max(o[i] - epsilon, values[i]))
                    }
                }
            }
        case .l2:
            for r in 0..<x.rows {
                var squared: Float = 0
                for c in 0..<x.cols {
                    let d = x[r, c] - origin[r, c]
                    squared += d * d
                }
                let length = squared.squareRoot()
                guard length > epsilon else { continue }
                let scale = epsilon / length
                for c in 0..<x.cols { x[r, c] = origin[r, c] + (x[r, c] - origin[r, c]) * scale }
            }
        }
        domain.project(&x)
    }
}
