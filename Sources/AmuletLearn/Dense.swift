import AmuletTensor

/// A fully connected layer: y = x·Wᵀ + b.
///
/// Shapes: x (batch, in), W (out, in) stored row-major at `parameterOffset`, then b (out).
/// Initialisation is `FanInUniform` with fan-in `in`, as PyTorch's `nn.Linear`: W, b ~ U(−k, k)
/// with k = 1/√in.
public struct Dense: Layer {
    /// Input width.
    public let inputWidth: Int
    /// Output width.
    public let outputWidth: Int
    public var parameterOffset = 0
    public var stateOffset = 0
    private var cachedInput = Matrix(rows: 0, cols: 0)
    private var cachedOutputGradient = Matrix(rows: 0, cols: 0)
    /// Workspace for y, reused from batch to batch.
    private var output = Matrix(rows: 0, cols: 0)
    /// Workspace for ∂L/∂x, reused from batch to batch.
    private var inputGradient = Matrix(rows: 0, cols: 0)
    /// Workspace for c⊙g, the per-sample row-scaled output gradient under DP-SGD.
    private var scaledOutputGradient = Matrix(rows: 0, cols: 0)

    /// A dense layer from `inputWidth` to `outputWidth` units.
    public init(inputWidth: Int, outputWidth: Int) {
        self.inputWidth = inputWidth
        self.outputWidth = outputWidth
    }

    public var parameterCount: Int { outputWidth * inputWidth + outputWidth }

    private var biasOffset: Int { parameterOffset + outputWidth * inputWidth }

    public func initialize(
        parameters: inout [Float], state: inout [Float], rng: inout SeededGenerator
    ) {
        FanInUniform.fill(
            &parameters, offset: parameterOffset, count: parameterCount, fanIn: inputWidth,
            rng: &rng)
    }

    /// y = x·Wᵀ + b.   x: (batch, in)  W: (out, in)  b: (out)  →  y: (batch, out)
    ///
    /// The bias is folded into the product: y starts as b in every row and sgemm adds x·Wᵀ
    /// with β = 1, so there is no separate bias pass. y is this layer's workspace, reused.
    public mutating func forward(
        _ input: Matrix, parameters: [Float], state: inout [Float], training: Bool,
        rng: inout SeededGenerator
    ) -> Matrix {
        precondition(input.cols == inputWidth, "Dense: input width \(input.cols) ≠ \(inputWidth)")
        let batch = input.rows
        output.resize(rows: batch, cols: outputWidth)
        let (inW, outW, wOffset, bOffset) = (inputWidth, outputWidth, parameterOffset, biasOffset)
        parameters.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return }
            output.storage.withUnsafeMutableBufferPointer { y in
                guard let yBase = y.baseAddress else { return }
                for r in 0..<batch {
                    (yBase + r * outW).update(from: base + bOffset, count: outW)
                }
                input.storage.withUnsafeBufferPointer { x in
                    Matrix.gemmRaw(
                        m: batch, n: outW, k: inW, alpha: 1,
                        a: x.baseAddress, lda: inW, transposeA: false,
                        b: base + wOffset, ldb: inW, transposeB: true,
                        beta: 1, c: yBase, ldc: outW)
                }
            }
        }
        cachedInput = input
        return output
    }

    /// Caches g = ∂L/∂y and returns ∂L/∂x = g·W, shape (batch, in).
    public mutating func backward(_ outputGradient: Matrix, parameters: [Float]) -> Matrix {
        cachedOutputGradient = outputGradient
        inputGradient.resize(rows: outputGradient.rows, cols: inputWidth)
        let (inW, outW, wOffset) = (inputWidth, outputWidth, parameterOffset)
        parameters.withUnsafeBufferPointer { p in
            outputGradient.storage.withUnsafeBufferPointer { g in
                inputGradient.storage.withUnsafeMutableBufferPointer { dx in
                    Matrix.gemmRaw(
                        m: outputGradient.rows, n: inW, k: outW, alpha: 1,
                        a: g.baseAddress, lda: outW, transposeA: false,
                        b: p.baseAddress.map { $0 + wOffset }, ldb: inW, transposeB: false,
                        beta: 0, c: dx.baseAddress, ldc: inW)
                }
            }
        }
        return inputGradient
    }

    /// Caches g = ∂L/∂y only: the first layer's ∂L/∂x (the data's gradient) is not needed.
    public mutating func backwardSkippingInputGradient(
        _ outputGradient: Matrix, parameters: [Float]
    ) {
        cachedOutputGradient = outputGradient
    }

    /// Drops the cached input and output gradient; the workspaces unless asked to keep them.
    public mutating func releaseCaches(keepingWorkspaces: Bool) {
        cachedInput = Matrix(rows: 0, cols: 0)
        cachedOutputGradient = Matrix(rows: 0, cols: 0)
        if !keepingWorkspaces {
            output = Matrix(rows: 0, cols: 0)
            inputGradient = Matrix(rows: 0, cols: 0)
            scaledOutputGradient = Matrix(rows: 0, cols: 0)
        }
    }

    /// ∂L/∂W += (c⊙g)ᵀ·x and ∂L/∂b += Σᵢ cᵢgᵢ, with c the optional per-sample row scale.
    public mutating func accumulateParameterGradients(
        rowScale: [Float]?, gradients: inout [Float]
    ) {
        let g: Matrix
        if let rowScale {
            cachedOutputGradient.scaledRows(by: rowScale, into: &scaledOutputGradient)
            g = scaledOutputGradient
        } else {
            g = cachedOutputGradient
        }
        let (inW, outW, wOffset, bOffset) = (inputWidth, outputWidth, parameterOffset, biasOffset)
        let x = cachedInput
        precondition(x.rows == g.rows, "Dense: backward without a matching training forward")
        let batch = g.rows
        gradients.withUnsafeMutableBufferPointer { d in
            guard let base = d.baseAddress else { return }
            g.storage.withUnsafeBufferPointer { gp in
                x.storage.withUnsafeBufferPointer { xp in
                    Matrix.gemmRaw(
                        m: outW, n: inW, k: batch, alpha: 1,
                        a: gp.baseAddress, lda: outW, transposeA: true,
                        b: xp.baseAddress, ldb: inW, transposeB: false,
                        beta: 1, c: base + wOffset, ldc: inW)
                }
                // ∂L/∂b += Σᵢ gᵢ: rows added in order into the contiguous bias gradient.
                guard let gBase = gp.baseAddress else { return }
                let bias = base + bOffset
                for r in 0..<batch {
                    SIMDKernels.accumulate(gBase + r * outW, into: bias, count: outW)
                }
            }
        }
    }

    /// ‖∂ℓᵢ/∂W‖² + ‖∂ℓᵢ/∂b‖² = ‖gᵢ‖²(‖xᵢ‖² + 1), without forming per-sample gradients.
    ///
    /// Sample i's weight gradient is the outer product gᵢxᵢᵀ, whose squared Frobenius norm is
    /// ‖gᵢ‖²‖xᵢ‖². Reference: Goodfellow, "Efficient Per-Example Gradient Computations",
    /// arXiv:1510.01799 (2015); Li et al., "Large Language Models Can Be Strong Differentially
    /// Private Learners" (ICLR 2022), ghost clipping.
    public func accumulatePerSampleSquaredNorms(into norms: inout [Float]) {
        let (g, x) = (cachedOutputGradient, cachedInput)
        precondition(
            g.rows == norms.count && x.rows == norms.count, "Dense: norms for another batch")
        let rowsPerHalf = SplitWorker.minimumRows(width: g.cols + x.cols)
        g.storage.withUnsafeBufferPointer { gp in
            x.storage.withUnsafeBufferPointer { xp in
                norms.withUnsafeMutableBufferPointer { out in
                    guard let gBase = gp.baseAddress, let xBase = xp.baseAddress else { return }
                    // Rows are independent: two halves of them on two cores change no bit.
                    SplitWorker.forHalves(of: out.count, minimumCount: rowsPerHalf) { rows in
                        for i in rows {
                            let gNorm = SIMDKernels.squaredNorm(gBase + i * g.cols, count: g.cols)
                            let xNorm = SIMDKernels.squaredNorm(xBase + i * x.cols, count: x.cols)
                            out[i] += gNorm * (xNorm + 1)
                        }
                    }
                }
            }
        }
    }
}
