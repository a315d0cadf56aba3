import AmuletTensor

/// Batch normalisation over the feature axis: y = γ·(x − μ)/√(σ² + ε) + β.
///
/// Training uses the batch's mean and biased variance and updates running statistics with
/// momentum 0.1 and the unbiased variance (as PyTorch's `BatchNorm1d`); evaluation uses the
/// running statistics. A training batch of one row has no variance, so it is normalised with
/// the running statistics instead of failing (PyTorch raises an error there).
/// Reference: Ioffe & Szegedy, "Batch Normalization", ICML 2015.
public struct BatchNorm: Layer {
    /// Number of features normalised.
    public let width: Int
    /// Added to the variance for stability.
    public let epsilon: Float = 1e-5
    /// Weight of the newest batch in the running statistics.
    public let momentum: Float = 0.1
    public var parameterOffset = 0
    public var stateOffset = 0
    private var normalized = Matrix(rows: 0, cols: 0)
    private var inverseStd: [Float] = []
    private var usedBatchStatistics = true

    /// A batch-norm layer over `width` features.
    public init(width: Int) {
        self.width = width
    }

    public var parameterCount: Int { 2 * width }
    public var stateCount: Int { 2 * width }
    public var isPerSampleSeparable: Bool { false }

    /// γ = 1, β = 0, running mean 0, running variance 1.
    public func initialize(
        parameters: inout [Float], state: inout [Float], rng: inout SeededGenerator
    ) {
        for c in 0..<width {
            parameters[parameterOffset + c] = 1
            parameters[parameterOffset + width + c] = 0
            state[stateOffset + c] = 0
            state[stateOffset + width + c] = 1
        }
    }

    /// y = γ·x̂ + β with x̂ = (x − μ)/√(σ² + ε).   x, y: (batch, width)
    public mutating func forward(
        _ input: Matrix, parameters: [Float], state: inout [Float], training: Bool,
        rng: inout SeededGenerator
    ) -> Matrix {
        let batch = input.rows
        var mean = [Float](repeating: 0, count: width)
        var variance = [Float](repeating: 0, count: width)
        let useBatch = training && batch > 1
        if useBatch {
            mean = input.columnMeans()
            for r in 0..<batch {
                for c in 0..<width {
                    let d = input[r, c] - mean[c]
                    variance[c] += d * d
                }
            }
            for c in 0..<width { variance[c] /= Float(batch) }
            let unbias = Float(batch) / Float(batch - 1)
            for c in 0..<width {
                let m = stateOffset + c
                let v = stateOffset + width + c
                state[m] = (1 - momentum) * state[m] + momentum * mean[c]
                state[v] = (1 - momentum) * state[v] + momentum * variance[c] * unbias
            }
        } else {
            for c in 0..<width {
                mean[c] = state[stateOffset + c]
                variance[c] = state[stateOffset + width + c]
            }
        }
        let invStd = variance.map { 1 / ($0 + epsilon).squareRoot() }
        var xHat = input
        for r in 0..<batch {
            for c in 0..<width { xHat[r, c] = (input[r, c] - mean[c]) * invStd[c] }
        }
        var output = xHat
        let gamma = Array(parameters[parameterOffset..<(parameterOffset + width)])
        let beta = Array(parameters[(parameterOffset + width)..<(parameterOffset + 2 * width)])
        output.multiplyEachRow(by: gamma)
        output.addToEachRow(beta)
        normalized = xHat
        inverseStd = invStd
        usedBatchStatistics = useBatch
        return output
    }

    /// ∂L/∂x = γ/(Nσ)·(N·g − Σg − x̂·Σ(g⊙x̂)) with batch statistics; γ·g/σ with running ones.
    public mutating func backward(_ outputGradient: Matrix, parameters: [Float]) -> Matrix {
        cachedGradient = outputGradient
        let batch = outputGradient.rows
        var inputGradient = Matrix(rows: batch, cols: width)
        let gradSum = outputGradient.columnSums()
        var gradDotXHat = [Float](repeating: 0, count: width)
        for r in 0..<batch {
            for c in 0..<width { gradDotXHat[c] += outputGradient[r, c] * normalized[r, c] }
        }
        let n = Float(batch)
        for c in 0..<width {
            let scale = parameters[parameterOffset + c] * inverseStd[c]
            for r in 0..<batch {
                if usedBatchStatistics {
                    let centered =
                        n * outputGradient[r, c] - gradSum[c]
                        - normalized[r, c] * gradDotXHat[c]
                    inputGradient[r, c] = scale * centered / n
                } else {
                    inputGradient[r, c] = scale * outputGradient[r, c]
                }
            }
        }
        return inputGradient
    }

    private var cachedGradient = Matrix(rows: 0, cols: 0)

    /// ∂L/∂γ += Σ g⊙x̂, ∂L/∂β += Σ g (row-scaled when asked, though DP forbids batch-norm).
    public func accumulateParameterGradients(rowScale: [Float]?, gradients: inout [Float]) {
        for r in 0..<cachedGradient.rows {
            let s = rowScale?[r] ?? 1
            for c in 0..<width {
                let g = cachedGradient[r, c] * s
                gradients[parameterOffset + c] += g * normalized[r, c]
                gradients[parameterOffset + width + c] += g
            }
        }
    }
}
