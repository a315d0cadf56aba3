import AmuletTensor

/// Batch normalisation of images per channel: y = γ_c·(x − μ_c)/√(σ_c² + ε) + β_c.
///
/// μ_c and σ_c² (biased) are taken over the batch and every pixel of channel c, N = batch·H·W
/// values, as PyTorch's `BatchNorm2d`; running statistics are updated with momentum 0.1 and
/// the unbiased variance, and evaluation uses them. With one value per channel (N = 1) the
/// running statistics are used instead of failing. Backward, with x̂ the normalised input:
/// ∂L/∂x = γ/(N·σ)·(N·g − Σg − x̂·Σ(g⊙x̂)), the sums over the channel's N values, and those two
/// sums are also ∂L/∂β and ∂L/∂γ. It mixes the samples of a batch, so DP-SGD replaces it by
/// `GroupNorm`.
///
/// Reference: Ioffe & Szegedy, "Batch Normalization", ICML 2015.
public struct BatchNorm2D: Layer {
    /// Shape of one input image (and of the output).
    public let shape: ImageShape
    /// Added to the variance for stability.
    public let epsilon: Float
    /// Weight of the newest batch in the running statistics.
    public let momentum: Float = 0.1
    public var parameterOffset = 0
    public var stateOffset = 0
    /// x̂ of the last forward pass, (batch, C·H·W).
    private var normalized = Matrix(rows: 0, cols: 0)
    private var output = Matrix(rows: 0, cols: 0)
    private var inputGradient = Matrix(rows: 0, cols: 0)
    /// 1/√(σ_c² + ε) of the last forward pass.
    private var inverseStd: [Float] = []
    private var usedBatchStatistics = true
    /// Σg and Σg⊙x̂ per channel, from the last backward pass.
    private var gradientSum: [Float] = []
    private var gradientDotNormalized: [Float] = []
    /// ∂L/∂y of the last backward (for row-scaled parameter gradients).
    private var cachedGradient = Matrix(rows: 0, cols: 0)

    /// Batch-norm over the channels of `shape` images; ε = 1e-5 as PyTorch's default.
    public init(shape: ImageShape, epsilon: Float = 1e-5) {
        self.shape = shape
        self.epsilon = epsilon
    }

    public var parameterCount: Int { 2 * shape.channels }
    public var stateCount: Int { 2 * shape.channels }
    public var isPerSampleSeparable: Bool { false }

    /// γ = 1, β = 0, running mean 0, running variance 1.
    public func initialize(
        parameters: inout [Float], state: inout [Float], rng: inout SeededGenerator
    ) {
        let channels = shape.channels
        for c in 0..<channels {
            parameters[parameterOffset + c] = 1
            parameters[parameterOffset + channels + c] = 0
            state[stateOffset + c] = 0
            state[stateOffset + channels + c] = 1
        }
    }

    /// y = γ·x̂ + β per channel.   x, y: (batch, C·H·W)
    public mutating func forward(
        _ input: Matrix, parameters: [Float], state: inout [Float], training: Bool,
        rng: inout SeededGenerator
    ) -> Matrix {
        precondition(input.cols == shape.pixelCount, "BatchNorm2D: input width \(input.cols)")
        let (batch, channels, plane) = (input.rows, shape.channels, shape.planeSize)
        let count = batch * plane
        let useBatch = training && count > 1
        normalized.resize(rows: batch, cols: input.cols)
        output.resize(rows: batch, cols: input.cols)
        if inverseStd.count != channels { inverseStd = [Float](repeating: 0, count: channels) }
        let (momentum, epsilon, width) = (self.momentum, self.epsilon, input.cols)
        let (meanAt, varianceAt) = (stateOffset, stateOffset + channels)
        let (gammaAt, betaAt) = (parameterOffset, parameterOffset + channels)
        input.storage.withUnsafeBufferPointer { xp in
            normalized.storage.withUnsafeMutableBufferPointer { np in
                output.storage.withUnsafeMutableBufferPointer { yp in
                    state.withUnsafeMutableBufferPointer { sp in
                        inverseStd.withUnsafeMutableBufferPointer { ip in
                            guard let x = xp.baseAddress, let n = np.baseAddress,
                                let y = yp.baseAddress, let st = sp.baseAddress,
                                let inverse = ip.baseAddress
                            else { return }
                            // Channels are independent: two halves on two cores change no bit.
                            Self.forChannelHalves(channels, values: batch * width) { range in
                                for c in range {
                                    var mean: Float
                                    var variance: Float
                                    if useBatch {
                                        var sum: Double = 0
                                        var squares: Double = 0
                                        for b in 0..<batch {
                                            let start = b * width + c * plane
                                            for i in start..<(start + plane) {
                                                let v = Double(x[i])
                                                sum += v
                                                squares += v * v
                                            }
                                        }
                                        let m = sum / Double(count)
                                        mean = Float(m)
                                        variance = Float(max(0, squares / Double(count) - m * m))
                                        let unbias = Float(count) / Float(count - 1)
                                        let (mi, vi) = (meanAt + c, varianceAt + c)
                                        st[mi] = (1 - momentum) * st[mi] + momentum * mean
                                        st[vi] =
                                            (1 - momentum) * st[vi] + momentum * variance * unbias
                                    } else {
                                        mean = st[meanAt + c]
                                        variance = st[varianceAt + c]
                                    }
                                    let inv = 1 / (variance + epsilon).squareRoot()
                                    inverse[c] = inv
                                    let gamma = parameters[gammaAt + c]
                                    let beta = parameters[betaAt + c]
                                    for b in 0..<batch {
                                        let start = b * width + c * plane
                                        for i in start..<(start + plane) {
                                            let h = (x[i] - mean) * inv
                                            n[i] = h
                                            y[i] = gamma * h + beta
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        usedBatchStatistics = useBatch
        return output
    }

    /// ∂L/∂x = γ·σ⁻¹/N·(N·g − Σg − x̂·Σ(g⊙x̂)) with batch statistics; γ·σ⁻¹·g with running ones.
    public mutating func backward(_ outputGradient: Matrix, parameters: [Float]) -> Matrix {
        precondition(
            outputGradient.rows == normalized.rows && outputGradient.cols == normalized.cols,
            "BatchNorm2D: backward without a matching forward")
        cachedGradient = outputGradient
        let (batch, channels, plane, width) = (
            outputGradient.rows, shape.channels, shape.planeSize, shape.pixelCount
        )
        let count = Float(batch * plane)
        inputGradient.resize(rows: batch, cols: width)
        if gradientSum.count != channels {
            gradientSum = [Float](repeating: 0, count: channels)
            gradientDotNormalized = [Float](repeating: 0, count: channels)
        }
        let (batchStatistics, gammaAt) = (usedBatchStatistics, parameterOffset)
        outputGradient.storage.withUnsafeBufferPointer { gp in
            normalized.storage.withUnsafeBufferPointer { np in
                inputGradient.storage.withUnsafeMutableBufferPointer { dp in
                    gradientSum.withUnsafeMutableBufferPointer { sp in
                        gradientDotNormalized.withUnsafeMutableBufferPointer { tp in
                            inverseStd.withUnsafeBufferPointer { ip in
                                guard let g = gp.baseAddress, let n = np.baseAddress,
                                    let dx = dp.baseAddress, let sums = sp.baseAddress,
                                    let dots = tp.baseAddress, let inverse = ip.baseAddress
                                else { return }
                                Self.forChannelHalves(channels, values: batch * width) { range in
                                    for c in range {
                                        var sum: Float = 0
                                        var dot: Float = 0
                                        for b in 0..<batch {
                                            let start = b * width + c * plane
                                            for i in start..<(start + plane) {
                                                sum += g[i]
                                                dot += g[i] * n[i]
                                            }
                                        }
                                        sums[c] = sum
                                        dots[c] = dot
                                        let scale = parameters[gammaAt + c] * inverse[c]
                                        for b in 0..<batch {
                                            let start = b * width + c * plane
                                            for i in start..<(start + plane) {
                                                dx[i] =
                                                    batchStatistics
                                                    ? scale / count
                                                        * (count * g[i] - sum - n[i] * dot)
                                                    : scale * g[i]
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
        return inputGradient
    }

    /// ∂L/∂γ += Σ c⊙g⊙x̂, ∂L/∂β += Σ c⊙g (row-scaled when asked, though DP forbids batch-norm).
    public mutating func accumulateParameterGradients(
        rowScale: [Float]?, gradients: inout [Float]
    ) {
        let (channels, plane, width) = (shape.channels, shape.planeSize, shape.pixelCount)
        precondition(gradientSum.count == channels, "BatchNorm2D: gradients without a backward")
        guard let rowScale else {
            for c in 0..<channels {
                gradients[parameterOffset + c] += gradientDotNormalized[c]
                gradients[parameterOffset + channels + c] += gradientSum[c]
            }
            return
        }
        for b in 0..<cachedGradient.rows {
            for c in 0..<channels {
                var sum: Float = 0
                var dot: Float = 0
                for i in (b * width + c * plane)..<(b * width + (c + 1) * plane) {
                    sum += cachedGradient.storage[i]
                    dot += cachedGradient.storage[i] * normalized.storage[i]
                }
                gradients[parameterOffset + c] += rowScale[b] * dot
                gradients[parameterOffset + channels + c] += rowScale[b] * sum
            }
        }
    }

    /// Drops the cached gradient; the workspaces unless asked to keep them.
    public mutating func releaseCaches(keepingWorkspaces: Bool) {
        cachedGradient = Matrix(rows: 0, cols: 0)
        if !keepingWorkspaces {
            normalized = Matrix(rows: 0, cols: 0)
            output = Matrix(rows: 0, cols: 0)
            inputGradient = Matrix(rows: 0, cols: 0)
        }
    }

    /// Calls `body` on the two halves of the channels, one on `SplitWorker`'s helper when it is
    /// free, when the batch holds at least 2¹⁴ values (else on all channels here).
    static func forChannelHalves(_ channels: Int, values: Int, _ body: (Range<Int>) -> Void) {
        SplitWorker.forHalves(of: channels, minimumCount: values >= 1 << 14 ? 16 : .max, body)
    }
}
