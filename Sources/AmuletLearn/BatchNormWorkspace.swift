import AmuletTensor

/// The buffers of one batch-norm layer, sized once and reused for every batch.
///
/// Every pass walks the row-major (batch, width) matrices row by row with an inner loop over
/// contiguous features, accumulating per-feature sums in the order rows arrive (the same order,
/// so the same rounding, as a column-by-column formula written naively). Features are
/// independent, so a large batch's features are cut in two halves run on two cores
/// (`SplitWorker.forHalves`) without changing a bit.
struct BatchNormWorkspace: Sendable {
    /// x̂ = (x − μ)/√(σ² + ε), cached for backward.
    var normalized = Matrix(rows: 0, cols: 0)
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

    /// Shapes the buffers for a batch of `rows` rows of `width` features.
    mutating func prepare(rows: Int, width: Int) {
        normalized.resize(rows: rows, cols: width)
        output.resize(rows: rows, cols: width)
        if mean.count != width {
            mean = [Float](repeating: 0, count: width)
            variance = mean
            inverseStd = mean
            gradientSum = mean
            gradientDotNormalized = mean
        }
    }

    /// μ = Σᵢxᵢ/N and σ² = Σᵢ(xᵢ − μ)²/N per feature, in two passes over the rows.
    mutating func batchStatistics(of input: Matrix) {
        let (rows, width) = (input.rows, input.cols)
        input.storage.withUnsafeBufferPointer { xBuffer in
            mean.withUnsafeMutableBufferPointer { muBuffer in
                variance.withUnsafeMutableBufferPointer { vBuffer in
                    guard let x = xBuffer.baseAddress, let mu = muBuffer.baseAddress,
                        let v = vBuffer.baseAddress
                    else { return }
                    Self.forFeatureHalves(rows: rows, width: width) { columns in
                        let (c0, w) = (columns.lowerBound, columns.count)
                        for c in columns {
                            mu[c] = 0
                            v[c] = 0
                        }
                        for r in 0..<rows {
                            SIMDKernels.accumulate(x + r * width + c0, into: mu + c0, count: w)
                        }
                        for c in columns { mu[c] /= Float(rows) }
                        for r in 0..<rows {
                            BatchNormKernels.accumulateSquaredDeviation(
                                x + r * width + c0, mean: mu + c0, into: v + c0, width: w)
                        }
                        for c in columns { v[c] /= Float(rows) }
                    }
                }
            }
        }
    }

    /// x̂ and y = γ·x̂ + β in one pass, after 1/√(σ² + ε) per feature.
    mutating func normalize(_ input: Matrix, parameters: [Float], offset: Int, epsilon: Float) {
        let (rows, width) = (input.rows, input.cols)
        for c in 0..<width { inverseStd[c] = 1 / (variance[c] + epsilon).squareRoot() }
        input.storage.withUnsafeBufferPointer { xBuffer in
            parameters.withUnsafeBufferPointer { p in
                normalized.storage.withUnsafeMutableBufferPointer { xHatBuffer in
                    output.storage.withUnsafeMutableBufferPointer { yBuffer in
                        mean.withUnsafeBufferPointer { muBuffer in
                            inverseStd.withUnsafeBufferPointer { sBuffer in
                                guard let x = xBuffer.baseAddress, let base = p.baseAddress,
                                    let xHat = xHatBuffer.baseAddress, let y = yBuffer.baseAddress,
                                    let mu = muBuffer.baseAddress, let s = sBuffer.baseAddress
                                else { return }
                                Self.forFeatureHalves(rows: rows, width: width) { columns in
                                    let (c0, w) = (columns.lowerBound, columns.count)
                                    for r in 0..<rows {
                                        let at = r * width + c0
                                        BatchNormKernels.normalize(
                                            x + at, mean: mu + c0, inverseStd: s + c0,
                                            gamma: base + offset + c0,
                                            beta: base + offset + width + c0,
                                            normalized: xHat + at, output: y + at, width: w)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// ∂L/∂x from g = ∂L/∂y: Σg and Σg⊙x̂ in one pass, then the gradient in a second.
    mutating func inputGradient(
        _ outputGradient: Matrix, parameters: [Float], offset: Int, batchStatistics: Bool
    ) {
        let (rows, width) = (outputGradient.rows, outputGradient.cols)
        gradient.resize(rows: rows, cols: width)
        let n = Float(rows)
        outputGradient.storage.withUnsafeBufferPointer { gBuffer in
            normalized.storage.withUnsafeBufferPointer { xHatBuffer in
                gradientSum.withUnsafeMutableBufferPointer { gsBuffer in
                    gradientDotNormalized.withUnsafeMutableBufferPointer { gdBuffer in
                        parameters.withUnsafeBufferPointer { p in
                            inverseStd.withUnsafeBufferPointer { sBuffer in
                                gradient.storage.withUnsafeMutableBufferPointer { dxBuffer in
                                    guard let g = gBuffer.baseAddress,
                                        let xHat = xHatBuffer.baseAddress,
                                        let gs = gsBuffer.baseAddress,
                                        let gd = gdBuffer.baseAddress, let base = p.baseAddress,
                                        let s = sBuffer.baseAddress,
                                        let dx = dxBuffer.baseAddress
                                    else { return }
                                    let gamma = base + offset
                                    Self.forFeatureHalves(rows: rows, width: width) { columns in
                                        let (c0, w) = (columns.lowerBound, columns.count)
                                        for c in columns {
                                            gs[c] = 0
                                            gd[c] = 0
                                        }
                                        for r in 0..<rows {
                                            let at = r * width + c0
                                            BatchNormKernels.accumulateGradientSums(
                                                g + at, normalized: xHat + at, sum: gs + c0,
                                                dot: gd + c0, width: w)
                                        }
                                        for r in 0..<rows {
                                            let at = r * width + c0
                                            if batchStatistics {
                                                BatchNormKernels.inputGradient(
                                                    g + at, normalized: xHat + at, sum: gs + c0,
                                                    dot: gd + c0, gamma: gamma + c0,
                                                    inverseStd: s + c0, n: n, into: dx + at,
                                                    width: w)
                                            } else {
                                                for c in 0..<w {
                                                    dx[at + c] =
                                                        gamma[c0 + c] * s[c0 + c] * g[at + c]
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
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
