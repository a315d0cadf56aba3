import AmuletTensor

/// Group normalisation: each image's channels are cut into G groups, and each group is
/// normalised over its own values, y = γ_c·(x − μ_{b,g})/√(σ_{b,g}² + ε) + β_c.
///
/// The statistics of a group are those of one sample's (C/G)·H·W values, so no sample sees
/// another: per-sample gradients stay separable, which is why DP-SGD uses it where a network
/// has batch-norm. Training and evaluation compute the same thing. Backward per group, with
/// M values, h = γ_c·g and x̂ the normalised input: ∂L/∂x = σ⁻¹/M·(M·h − Σh − x̂·Σ(h⊙x̂)).
/// Sample i's parameter gradient is ∂γ_c = Σ_pixels g⊙x̂, ∂β_c = Σ_pixels g, so its squared norm
/// is formed from the cached g and x̂ without materialising anything per sample.
///
/// Reference: Wu & He, "Group Normalization", ECCV 2018; Abadi et al., CCS 2016 and Opacus's
/// model validator for the substitution under DP-SGD.
public struct GroupNorm: Layer {
    /// Shape of one input image (and of the output).
    public let shape: ImageShape
    /// Number of groups G (divides the channel count).
    public let groups: Int
    /// Added to the variance for stability.
    public let epsilon: Float
    public var parameterOffset = 0
    public var stateOffset = 0
    private var normalized = Matrix(rows: 0, cols: 0)
    private var output = Matrix(rows: 0, cols: 0)
    private var inputGradient = Matrix(rows: 0, cols: 0)
    /// 1/√(σ² + ε) per (sample, group) of the last forward pass.
    private var inverseStd: [Float] = []
    private var cachedGradient = Matrix(rows: 0, cols: 0)

    /// Group norm over `shape` images in `groups` groups; ε = 1e-5 as PyTorch's default.
    public init(shape: ImageShape, groups: Int, epsilon: Float = 1e-5) {
        precondition(
            groups >= 1 && shape.channels % groups == 0, "GroupNorm: groups must divide channels")
        self.shape = shape
        self.groups = groups
        self.epsilon = epsilon
    }

    /// The group count used for `channels` channels: the largest divisor of C that is at most
    /// min(32, C/2) (32 as Wu & He recommend; at least two channels a group when C > 1).
    public static func defaultGroups(channels: Int) -> Int {
        let limit = max(1, min(32, channels / 2))
        return (1...limit).last { channels % $0 == 0 } ?? 1
    }

    public var parameterCount: Int { 2 * shape.channels }

    /// γ = 1, β = 0.
    public func initialize(
        parameters: inout [Float], state: inout [Float], rng: inout SeededGenerator
    ) {
        for c in 0..<shape.channels {
            parameters[parameterOffset + c] = 1
            parameters[parameterOffset + shape.channels + c] = 0
        }
    }

    private var groupWidth: Int { shape.channels / groups * shape.planeSize }

    /// y = γ·x̂ + β with per-sample, per-group statistics.   x, y: (batch, C·H·W)
    public mutating func forward(
        _ input: Matrix, parameters: [Float], state: inout [Float], training: Bool,
        rng: inout SeededGenerator
    ) -> Matrix {
        precondition(input.cols == shape.pixelCount, "GroupNorm: input width \(input.cols)")
        let (batch, width, plane, span) = (input.rows, input.cols, shape.planeSize, groupWidth)
        let channels = shape.channels
        normalized.resize(rows: batch, cols: width)
        output.resize(rows: batch, cols: width)
        inverseStd = [Float](repeating: 0, count: batch * groups)
        input.storage.withUnsafeBufferPointer { x in
            normalized.storage.withUnsafeMutableBufferPointer { n in
                output.storage.withUnsafeMutableBufferPointer { y in
                    for b in 0..<batch {
                        for group in 0..<groups {
                            let start = b * width + group * span
                            var sum: Double = 0
                            var squares: Double = 0
                            for v in x[start..<(start + span)] {
                                sum += Double(v)
                                squares += Double(v) * Double(v)
                            }
                            let mean = sum / Double(span)
                            let variance = max(0, squares / Double(span) - mean * mean)
                            let inv = 1 / (Float(variance) + epsilon).squareRoot()
                            inverseStd[b * groups + group] = inv
                            for i in start..<(start + span) {
                                let h = (x[i] - Float(mean)) * inv
                                n[i] = h
                                let c = (i - b * width) / plane
                                y[i] =
                                    parameters[parameterOffset + c] * h
                                    + parameters[parameterOffset + channels + c]
                            }
                        }
                    }
                }
            }
        }
        return output
    }

    /// ∂L/∂x = σ⁻¹/M·(M·h − Σh − x̂·Σ(h⊙x̂)) per group, with h = γ·g.
    public mutating func backward(_ outputGradient: Matrix, parameters: [Float]) -> Matrix {
        precondition(
            outputGradient.rows == normalized.rows && outputGradient.cols == normalized.cols,
            "GroupNorm: backward without a matching forward")
        cachedGradient = outputGradient
        let (batch, width, plane, span) = (
            outputGradient.rows, shape.pixelCount, shape.planeSize, groupWidth
        )
        let m = Float(span)
        inputGradient.resize(rows: batch, cols: width)
        outputGradient.storage.withUnsafeBufferPointer { g in
            normalized.storage.withUnsafeBufferPointer { n in
                inputGradient.storage.withUnsafeMutableBufferPointer { dx in
                    for b in 0..<batch {
                        for group in 0..<groups {
                            let start = b * width + group * span
                            var sum: Float = 0
                            var dot: Float = 0
                            for i in start..<(start + span) {
                                let h = g[i] * parameters[parameterOffset + (i - b * width) / plane]
                                sum += h
                                dot += h * n[i]
                            }
                            let inv = inverseStd[b * groups + group]
                            for i in start..<(start + span) {
                                let h = g[i] * parameters[parameterOffset + (i - b * width) / plane]
                                dx[i] = inv / m * (m * h - sum - n[i] * dot)
                            }
                        }
                    }
                }
            }
        }
        return inputGradient
    }

    /// Calls `body(b, c, Σ g⊙x̂, Σ g)` for every sample and channel of the last backward pass.
    private func channelSums(_ body: (Int, Int, Float, Float) -> Void) {
        let (width, plane) = (shape.pixelCount, shape.planeSize)
        precondition(
            cachedGradient.rows == normalized.rows && cachedGradient.cols == width,
            "GroupNorm: gradients without a backward pass")
        cachedGradient.storage.withUnsafeBufferPointer { g in
            normalized.storage.withUnsafeBufferPointer { n in
                for b in 0..<cachedGradient.rows {
                    for c in 0..<shape.channels {
                        var dot: Float = 0
                        var sum: Float = 0
                        let start = b * width + c * plane
                        for i in start..<(start + plane) {
                            dot += g[i] * n[i]
                            sum += g[i]
                        }
                        body(b, c, dot, sum)
                    }
                }
            }
        }
    }

    /// ∂L/∂γ_c += Σᵢ cᵢ·Σ g⊙x̂, ∂L/∂β_c += Σᵢ cᵢ·Σ g.
    public mutating func accumulateParameterGradients(
        rowScale: [Float]?, gradients: inout [Float]
    ) {
        let (offset, channels) = (parameterOffset, shape.channels)
        channelSums { b, c, dot, sum in
            let scale = rowScale?[b] ?? 1
            gradients[offset + c] += scale * dot
            gradients[offset + channels + c] += scale * sum
        }
    }

    /// ‖∂ℓᵢ/∂γ‖² + ‖∂ℓᵢ/∂β‖² per sample.
    public func accumulatePerSampleSquaredNorms(into norms: inout [Float]) {
        channelSums { b, _, dot, sum in norms[b] += dot * dot + sum * sum }
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
}
