import AmuletTensor

/// Batch normalisation over the feature axis: y = γ·(x − μ)/√(σ² + ε) + β.
///
/// Training uses the batch's mean and biased variance and updates running statistics with
/// momentum 0.1 and the unbiased variance (as PyTorch's `BatchNorm1d`); evaluation uses the
/// running statistics. A training batch of one row has no variance, so it is normalised with
/// the running statistics instead of failing (PyTorch raises an error there).
///
/// Forward is two passes over the row-major batch (shifted sums and squares, then y);
/// backward is two (Σg and Σg⊙x̂ together, then ∂L/∂x), each an inner loop over a contiguous
/// row in 8-wide SIMD. Backward recomputes x̂ from the cached input rather than reading a
/// stored copy, which saves forward a batch-sized write. Backward's two sums are also ∂L/∂β and
/// ∂L/∂γ, so the parameter gradients cost no further pass.
/// Reference: Ioffe & Szegedy, "Batch Normalization", ICML 2015.
public struct BatchNorm: Layer {
    /// Number of features normalised.
    public let width: Int
    /// Added to the variance for stability.
    public let epsilon: Float
    /// Weight of the newest batch in the running statistics.
    public let momentum: Float = 0.1
    public var parameterOffset = 0
    public var stateOffset = 0
    private var workspace = BatchNormWorkspace()
    private var usedBatchStatistics = true
    /// ∂L/∂y of the last backward (a reference to the next layer's buffer).
    private var cachedGradient = Matrix(rows: 0, cols: 0)

    /// A batch-norm layer over `width` features; ε = 1e-5 as PyTorch's default.
    public init(width: Int, epsilon: Float = 1e-5) {
        self.width = width
        self.epsilon = epsilon
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
        precondition(input.cols == width, "BatchNorm: input width \(input.cols) ≠ \(width)")
        let batch = input.rows
        let useBatch = training && batch > 1
        workspace.prepare(rows: batch, width: width)
        if !useBatch {
            for c in 0..<width {
                workspace.mean[c] = state[stateOffset + c]
                workspace.variance[c] = state[stateOffset + width + c]
            }
        }
        workspace.forward(
            input, parameters: parameters, offset: parameterOffset, epsilon: epsilon,
            batchStatistics: useBatch)
        if useBatch {
            let unbias = Float(batch) / Float(batch - 1)
            for c in 0..<width {
                let m = stateOffset + c
                let v = stateOffset + width + c
                state[m] = (1 - momentum) * state[m] + momentum * workspace.mean[c]
                state[v] =
                    (1 - momentum) * state[v] + momentum * workspace.variance[c] * unbias
            }
        }
        usedBatchStatistics = useBatch
        return workspace.output
    }

    /// ∂L/∂x = γ/(Nσ)·(N·g − Σg − x̂·Σ(g⊙x̂)) with batch statistics; γ·g/σ with running ones.
    public mutating func backward(_ outputGradient: Matrix, parameters: [Float]) -> Matrix {
        precondition(
            outputGradient.rows == workspace.input.rows && outputGradient.cols == width,
            "BatchNorm: backward without a matching forward")
        cachedGradient = outputGradient
        workspace.inputGradient(
            outputGradient, parameters: parameters, offset: parameterOffset,
            batchStatistics: usedBatchStatistics)
        return workspace.gradient
    }

    /// Drops the cached input and output gradient; the workspaces unless asked to keep them.
    public mutating func releaseCaches(keepingWorkspaces: Bool) {
        cachedGradient = Matrix(rows: 0, cols: 0)
        workspace.input = Matrix(rows: 0, cols: 0)
        if !keepingWorkspaces { workspace = BatchNormWorkspace() }
    }

    /// ∂L/∂γ += Σ g⊙x̂, ∂L/∂β += Σ g (row-scaled when asked, though DP forbids batch-norm).
    public mutating func accumulateParameterGradients(
        rowScale: [Float]?, gradients: inout [Float]
    ) {
        let (rows, width, offset) = (cachedGradient.rows, width, parameterOffset)
        precondition(
            workspace.gradientSum.count == width, "BatchNorm: gradients without a backward pass")
        guard let rowScale else {
            // Backward already formed both sums over the batch.
            for c in 0..<width {
                gradients[offset + c] += workspace.gradientDotNormalized[c]
                gradients[offset + width + c] += workspace.gradientSum[c]
            }
            return
        }
        let (x, mean, inverseStd) = (workspace.input, workspace.mean, workspace.inverseStd)
        cachedGradient.storage.withUnsafeBufferPointer { g in
            gradients.withUnsafeMutableBufferPointer { d in
                for r in 0..<rows {
                    let s = rowScale[r]
                    for c in 0..<width {
                        let scaled = g[r * width + c] * s
                        let xHat = (x[r, c] - mean[c]) * inverseStd[c]
                        d[offset + c] += scaled * xHat
                        d[offset + width + c] += scaled
                    }
                }
            }
        }
    }
}
