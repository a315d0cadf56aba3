import AmuletTensor

/// The buffers of one batch-norm layer, sized once and reused for every batch.
///
/// Every pass walks the row-major (batch, width) matrices row by row with an inner loop over
/// contiguous features, accumulating per-feature sums in the order rows arrive (the same order,
/// so the same rounding, as a column-by-column formula written naively). Features are
/// independent, so a large batch's features are cut in two halves run on two cores
/// (`SplitWorker.forHalves`) without changing a bit.
struct BatchNormWorkspace: Sendable {
    /// x, the layer's input (a reference to the layer below's buffer), kept for backward,
    /// which recomputes x̂ = (x − μ)/√(σ² + ε) from it: the same operations, so the same
    /// bits, as storing x̂, without writing a batch-sized matrix in every forward pass.
    var input = Matrix(rows: 0, cols: 0)
    /// y = γ·x̂ + β.
    var output = Matrix(rows: 0, cols: 0)
    /// ∂L/∂x.
    var gradient = Matrix(rows: 0, cols: 0)
    /// μ per feature (batch or running).
    var mean: [Float] = []
    /// σ² per feature (biased batch variance, or running).
    var variance: [Float] = []
    /// 1/√(σ² + ε) per feature.
    var inverseStd: [Float] = []
    /// Σᵢ gᵢ per feature, which is also ∂L/∂β.
    var gradientSum: [Float] = []
    /// Σᵢ gᵢ⊙x̂ᵢ per feature, which is also ∂L/∂γ.
    var gradientDotNormalized: [Float] = []
    /// γ·s/N per feature, the factor of ∂L/∂x under batch statistics.
    var gradientScale: [Float] = []

    /// Shapes the buffers for a batch of `rows` rows of `width` features.
    mutating func prepare(rows: Int, width: Int) {
        output.resize(rows: rows, cols: width)
        if mean.count != width {
            mean = [Float](repeating: 0, count: width)
            variance = mean
            inverseStd = mean
            gradientSum = mean
            gradientDotNormalized = mean
            gradientScale = mean
        }
    }

    /// y = γ·x̂ + β with x̂ = (x − μ)/√(σ² + ε), keeping x for backward.
    ///
    /// μ and σ² come from the batch when `batchStatistics`, else they are what `mean` and
    /// `variance` already hold (the running statistics).
    ///
    /// Each half of the features runs its statistics and its normalisation in one job on one
    /// core, so a forward pass waits for the other core once.
    ///
    /// The batch statistics take one pass over the rows, from sums shifted by the first row:
    /// with dᵢ = xᵢ − K and K the first row's value, μ = K + Σd/N and σ² = Σd²/N − (Σd/N)².
    /// K is one of the samples, so d is of the order of σ and the subtraction loses little
    /// (the textbook Σx²/N − μ² loses everything when |μ| ≫ σ); one pass reads the batch once
    /// where the two-pass formula reads it twice. Reference: Chan, Golub & LeVeque,
    /// "Algorithms for Computing the Sample Variance", The American Statistician 37(3), 1983.
    mutating func forward(
        _ input: Matrix, parameters: [Float], offset: Int, epsilon: Float, batchStatistics: Bool
    ) {
        let (rows, width) = (input.rows, input.cols)
        let n = Float(rows)
        self.input = input
        input.storage.withUnsafeBufferPointer { xBuffer in
            parameters.withUnsafeBufferPointer { p in
                output.storage.withUnsafeMutableBufferPointer { yBuffer in
                    mean.withUnsafeMutableBufferPointer { muBuffer in
                        variance.withUnsafeMutableBufferPointer { vBuffer in
                            inverseStd.withUnsafeMutableBufferPointer { sBuffer in
                                guard let x = xBuffer.baseAddress, let base = p.baseAddress,
                                    let y = yBuffer.baseAddress, let mu = muBuffer.baseAddress,
                                    let v = vBuffer.baseAddress, let s = sBuffer.baseAddress
                                else { return }
                                Self.forFeatureHalves(rows: rows, width: width) { columns in
                                    let (c0, w) = (columns.lowerBound, columns.count)
                                    if batchStatistics {
                                        for c in columns {
                                            mu[c] = 0
                                            v[c] = 0
                                        }
                                        for r in 0..<rows {
                                            BatchNormKernels.accumulateShiftedMoments(
                                                x + r * width + c0, shift: x + c0, sum: mu + c0,
                                                squares: v + c0, width: w)
                                        }
                                        for c in columns {
                                            let shiftedMean = mu[c] / n
                                            mu[c] = x[c] + shiftedMean
                                            v[c] = max(0, v[c] / n - shiftedMean * shiftedMean)
                                        }
                                    }
                                    for c in columns { s[c] = 1 / (v[c] + epsilon).squareRoot() }
                                    for r in 0..<rows {
                                        let at = r * width + c0
                                        BatchNormKernels.normalize(
                                            x + at, mean: mu + c0, inverseStd: s + c0,
                                            gamma: base + offset + c0,
                                            beta: base + offset + width + c0, output: y + at,
                                            width: w)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// ∂L/∂x from g = ∂L/∂y: Σg and Σg⊙x̂ in one pass, then the gradient in a second, x̂
    /// recomputed from the cached input in both.
    mutating func inputGradient(
        _ outputGradient: Matrix, parameters: [Float], offset: Int, batchStatistics: Bool
    ) {
        let (rows, width) = (outputGradient.rows, outputGradient.cols)
        gradient.resize(rows: rows, cols: width)
        let n = Float(rows)
        let x = input
        let (mu, s) = (mean, inverseStd)
        parameters.withUnsafeBufferPointer { p in
            outputGradient.storage.withUnsafeBufferPointer { gBuffer in
                x.storage.withUnsafeBufferPointer { xBuffer in
                    gradientSum.withUnsafeMutableBufferPointer { gsBuffer in
                        gradientDotNormalized.withUnsafeMutableBufferPointer { gdBuffer in
                            gradient.storage.withUnsafeMutableBufferPointer { dxBuffer in
                                gradientScale.withUnsafeMutableBufferPointer { kBuffer in
                                    guard let g = gBuffer.baseAddress, let x = xBuffer.baseAddress,
                                        let gamma = p.baseAddress.map({ $0 + offset }),
                                        let gs = gsBuffer.baseAddress,
                                        let gd = gdBuffer.baseAddress,
                                        let dx = dxBuffer.baseAddress, let k = kBuffer.baseAddress
                                    else { return }
                                    Self.backward(
                                        g, input: x, mean: mu, inverseStd: s, gamma: gamma,
                                        sum: gs, dot: gd, scale: k, into: dx, rows: rows,
                                        width: width, batchStatistics: batchStatistics, n: n)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The two backward passes over raw buffers, in feature halves (see `inputGradient`).
    private static func backward(
        _ g: UnsafePointer<Float>, input x: UnsafePointer<Float>, mean: [Float],
        inverseStd: [Float], gamma: UnsafePointer<Float>, sum gs: UnsafeMutablePointer<Float>,
        dot gd: UnsafeMutablePointer<Float>, scale k: UnsafeMutablePointer<Float>,
        into dx: UnsafeMutablePointer<Float>, rows: Int, width: Int, batchStatistics: Bool,
        n: Float
    ) {
        mean.withUnsafeBufferPointer { muBuffer in
            inverseStd.withUnsafeBufferPointer { sBuffer in
                guard let mu = muBuffer.baseAddress, let s = sBuffer.baseAddress else {
                    return
                }
                forFeatureHalves(rows: rows, width: width) { columns in
                    let (c0, w) = (columns.lowerBound, columns.count)
                    for c in columns {
                        gs[c] = 0
                        gd[c] = 0
                    }
                    for r in 0..<rows {
                        let at = r * width + c0
                        BatchNormKernels.accumulateGradientSums(
                            g + at, input: x + at, mean: mu + c0, inverseStd: s + c0,
                            sum: gs + c0, dot: gd + c0, width: w)
                    }
                    guard batchStatistics else {
                        for r in 0..<rows {
                            let at = r * width + c0
                            for c in 0..<w { dx[at + c] = gamma[c0 + c] * s[c0 + c] * g[at + c] }
                        }
                        return
                    }
                    BatchNormKernels.gradientScale(
                        gamma: gamma + c0, inverseStd: s + c0, n: n, into: k + c0, width: w)
                    for r in 0..<rows {
                        let at = r * width + c0
                        BatchNormKernels.inputGradient(
                            g + at, input: x + at, mean: mu + c0, inverseStd: s + c0,
                            sum: gs + c0, dot: gd + c0, scale: k + c0, n: n, into: dx + at,
                            width: w)
                    }
                }
            }
        }
    }

    /// Runs `body` over the feature columns, in two halves on two cores for a large batch.
    private static func forFeatureHalves(rows: Int, width: Int, _ body: (Range<Int>) -> Void) {
        SplitWorker.forHalves(of: width, minimumCount: rows * width >= 1 << 14 ? 16 : .max, body)
    }
}
