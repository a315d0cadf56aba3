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
        input.storage.withUnsafeBufferPointer { xBuffer in
            mean.withUnsafeMutableBufferPointer { muBuffer in
                variance.withUnsafeMutableBufferPointer { vBuffer in
                    guard let x = xBuffer.baseAddress, let mu = muBuffer.baseAddress,
                        let v = vBuffer.baseAddress
                    else { return }
                    muBuffer.update(repeating: 0)
                    vBuffer.update(repeating: 0)
                    for r in 0..<rows {
                        SIMDKernels.accumulate(x + r * width, into: mu, count: width)
                    }
                    for c in 0..<width { mu[c] /= Float(rows) }
                    for r in 0..<rows {
                        BatchNormKernels.accumulateSquaredDeviation(
                            x + r * width, mean: mu, into: v, width: width)
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
                                for r in 0..<rows {
                                    BatchNormKernels.normalize(
                                        x + r * width, mean: mu, inverseStd: s,
                                        gamma: base + offset, beta: base + offset + width,
                                        normalized: xHat + r * width, output: y + r * width,
                                        width: width)
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
                                    gsBuffer.update(repeating: 0)
                                    gdBuffer.update(repeating: 0)
                                    for r in 0..<rows {
                                        BatchNormKernels.accumulateGradientSums(
                                            g + r * width, normalized: xHat + r * width, sum: gs,
                                            dot: gd, width: width)
                                    }
                                    let gamma = base + offset
                                    for r in 0..<rows {
                                        let at = r * width
                                        if batchStatistics {
                                            BatchNormKernels.inputGradient(
                                                g + at, normalized: xHat + at, sum: gs, dot: gd,
                                                gamma: gamma, inverseStd: s, n: n, into: dx + at,
                                                width: width)
                                        } else {
                                            for c in 0..<width {
                                                dx[at + c] = gamma[c] * s[c] * g[at + c]
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
