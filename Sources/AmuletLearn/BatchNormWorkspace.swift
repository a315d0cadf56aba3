import AmuletTensor

/// The buffers of one batch-norm layer, sized once and reused for every batch.
///
/// Every pass walks the row-major (batch, width) matrices row by row with an inner loop over
/// contiguous features, accumulating per-feature sums in the order rows arrive (the same order,
/// so the same rounding, as a column-by-column formula written naively).
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
        input.storage.withUnsafeBufferPointer { x in
            mean.withUnsafeMutableBufferPointer { mu in
                mu.update(repeating: 0)
                for r in 0..<rows {
                    let row = x.baseAddress.unsafelyUnwrapped + r * width
                    for c in 0..<width { mu[c] += row[c] }
                }
                for c in 0..<width { mu[c] /= Float(rows) }
                variance.withUnsafeMutableBufferPointer { v in
                    v.update(repeating: 0)
                    for r in 0..<rows {
                        let row = x.baseAddress.unsafelyUnwrapped + r * width
                        for c in 0..<width {
                            let d = row[c] - mu[c]
                            v[c] += d * d
                        }
                    }
                    for c in 0..<width { v[c] /= Float(rows) }
                }
            }
        }
    }

    /// x̂ and y = γ·x̂ + β in one pass, after 1/√(σ² + ε) per feature.
    mutating func normalize(_ input: Matrix, parameters: [Float], offset: Int, epsilon: Float) {
        let (rows, width) = (input.rows, input.cols)
        for c in 0..<width { inverseStd[c] = 1 / (variance[c] + epsilon).squareRoot() }
        input.storage.withUnsafeBufferPointer { x in
            parameters.withUnsafeBufferPointer { p in
                let gamma = p.baseAddress.unsafelyUnwrapped + offset
                let beta = gamma + width
                normalized.storage.withUnsafeMutableBufferPointer { xHat in
                    output.storage.withUnsafeMutableBufferPointer { y in
                        mean.withUnsafeBufferPointer { mu in
                            inverseStd.withUnsafeBufferPointer { s in
                                for r in 0..<rows {
                                    let base = r * width
                                    for c in 0..<width {
                                        let h = (x[base + c] - mu[c]) * s[c]
                                        xHat[base + c] = h
                                        y[base + c] = h * gamma[c] + beta[c]
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
        outputGradient.storage.withUnsafeBufferPointer { g in
            normalized.storage.withUnsafeBufferPointer { xHat in
                gradientSum.withUnsafeMutableBufferPointer { gs in
                    gradientDotNormalized.withUnsafeMutableBufferPointer { gd in
                        gs.update(repeating: 0)
                        gd.update(repeating: 0)
                        for r in 0..<rows {
                            let base = r * width
                            for c in 0..<width {
                                let v = g[base + c]
                                gs[c] += v
                                gd[c] += v * xHat[base + c]
                            }
                        }
                        parameters.withUnsafeBufferPointer { p in
                            let gamma = p.baseAddress.unsafelyUnwrapped + offset
                            inverseStd.withUnsafeBufferPointer { s in
                                gradient.storage.withUnsafeMutableBufferPointer { dx in
                                    for r in 0..<rows {
                                        let base = r * width
                                        if batchStatistics {
                                            for c in 0..<width {
                                                let scale = gamma[c] * s[c]
                                                let centered =
                                                    n * g[base + c] - gs[c] - xHat[base + c] * gd[c]
                                                dx[base + c] = scale * centered / n
                                            }
                                        } else {
                                            for c in 0..<width {
                                                dx[base + c] = gamma[c] * s[c] * g[base + c]
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
