import AmuletTensor

/// A 2-D convolution with stride 1 and zero padding, computed as im2col followed by one sgemm.
///
/// Each output position's receptive field, C·k·k values, becomes one row of a patch matrix
/// P (batch·positions, C·k·k); the convolution is then Y = P·Wᵀ + b with W (out, C·k·k), one
/// matrix product for the whole batch. Backward is two more products: ∂L/∂W = Gᵀ·P and
/// ∂L/∂P = G·W, scattered back onto the pixels (col2im). The weight layout (out, C, k, k)
/// and the initialisation W, b ~ U(−1/√(C·k·k), 1/√(C·k·k)) follow PyTorch's `nn.Conv2d`.
///
/// Reference: Chellapilla, Puri & Simard, "High Performance Convolutional Neural Networks for
/// Document Processing", IWFHR 2006 (the unrolling into a matrix product).
public struct Conv2D: Layer {
    /// Shape of one input image.
    public let inputShape: ImageShape
    /// Number of filters (output channels).
    public let outputChannels: Int
    /// Side k of the square kernel.
    public let kernelSize: Int
    /// Zero rows and columns added on each side.
    public let padding: Int
    public var parameterOffset = 0
    public var stateOffset = 0
    /// Patch matrix P of the last forward pass, shape (batch·positions, C·k·k).
    private var cachedPatches = Matrix(rows: 0, cols: 0)
    /// ∂L/∂Y of the last backward pass, position-major: shape (batch·positions, out).
    private var cachedOutputGradient = Matrix(rows: 0, cols: 0)

    /// A convolution of `inputShape` images with `outputChannels` filters of side `kernelSize`.
    public init(inputShape: ImageShape, outputChannels: Int, kernelSize: Int, padding: Int) {
        precondition(kernelSize >= 1 && padding >= 0 && outputChannels >= 1, "Conv2D: bad size")
        self.inputShape = inputShape
        self.outputChannels = outputChannels
        self.kernelSize = kernelSize
        self.padding = padding
    }

    /// Shape of one output image: (out, H + 2p − k + 1, W + 2p − k + 1).
    public var outputShape: ImageShape {
        ImageShape(
            channels: outputChannels, height: inputShape.height + 2 * padding - kernelSize + 1,
            width: inputShape.width + 2 * padding - kernelSize + 1)
    }

    /// Values in one receptive field, C·k·k.
    public var patchSize: Int { inputShape.channels * kernelSize * kernelSize }

    public var parameterCount: Int { outputChannels * patchSize + outputChannels }

    private var biasOffset: Int { parameterOffset + outputChannels * patchSize }

    public func initialize(
        parameters: inout [Float], state: inout [Float], rng: inout SeededGenerator
    ) {
        let bound = 1 / Float(patchSize).squareRoot()
        for i in parameterOffset..<(parameterOffset + parameterCount) {
            parameters[i] = rng.uniform(-bound, bound)
        }
    }

    /// Convolves a batch: Y = im2col(x)·Wᵀ + b.
    ///
    /// x: (batch, C·H·W)  →  y: (batch, out·H′·W′), channel-major.
    public mutating func forward(
        _ input: Matrix, parameters: [Float], state: inout [Float], training: Bool,
        rng: inout SeededGenerator
    ) -> Matrix {
        precondition(
            input.cols == inputShape.pixelCount,
            "Conv2D: input width \(input.cols) ≠ \(inputShape.pixelCount)")
        let batch = input.rows
        let positions = outputShape.planeSize
        let (outC, patch, wOffset, bOffset) = (
            outputChannels, patchSize, parameterOffset, biasOffset
        )
        let patches = im2col(input)
        var positionMajor = Matrix(rows: batch * positions, cols: outC)
        parameters.withUnsafeBufferPointer { p in
            patches.storage.withUnsafeBufferPointer { pp in
                positionMajor.storage.withUnsafeMutableBufferPointer { y in
                    Matrix.gemmRaw(
                        m: batch * positions, n: outC, k: patch, alpha: 1,
                        a: pp.baseAddress, lda: patch, transposeA: false,
                        b: p.baseAddress.map { $0 + wOffset }, ldb: patch, transposeB: true,
                        beta: 0, c: y.baseAddress, ldc: outC)
                }
            }
        }
        // (batch·positions, out) → (batch, out·positions), adding the bias.
        var output = Matrix(rows: batch, cols: outC * positions)
        parameters.withUnsafeBufferPointer { p in
            positionMajor.storage.withUnsafeBufferPointer { y in
                output.storage.withUnsafeMutableBufferPointer { o in
                    for b in 0..<batch {
                        for pos in 0..<positions {
                            let source = (b * positions + pos) * outC
                            let target = b * outC * positions + pos
                            for c in 0..<outC {
                                o[target + c * positions] = y[source + c] + p[bOffset + c]
                            }
                        }
                    }
                }
            }
        }
        cachedPatches = patches
        return output
    }

    /// Caches G = ∂L/∂Y position-major and returns ∂L/∂x = col2im(G·W), shape (batch, C·H·W).
    public mutating func backward(_ outputGradient: Matrix, parameters: [Float]) -> Matrix {
        let batch = outputGradient.rows
        let positions = outputShape.planeSize
        let (outC, patch, wOffset) = (outputChannels, patchSize, parameterOffset)
        var g = Matrix(rows: batch * positions, cols: outC)
        outputGradient.storage.withUnsafeBufferPointer { source in
            g.storage.withUnsafeMutableBufferPointer { target in
                for b in 0..<batch {
                    for c in 0..<outC {
                        let from = b * outC * positions + c * positions
                        for pos in 0..<positions {
                            target[(b * positions + pos) * outC + c] = source[from + pos]
                        }
                    }
                }
            }
        }
        var patchGradient = Matrix(rows: batch * positions, cols: patch)
        parameters.withUnsafeBufferPointer { p in
            g.storage.withUnsafeBufferPointer { gp in
                patchGradient.storage.withUnsafeMutableBufferPointer { dp in
                    Matrix.gemmRaw(
                        m: batch * positions, n: patch, k: outC, alpha: 1,
                        a: gp.baseAddress, lda: outC, transposeA: false,
                        b: p.baseAddress.map { $0 + wOffset }, ldb: patch, transposeB: false,
                        beta: 0, c: dp.baseAddress, ldc: patch)
                }
            }
        }
        cachedOutputGradient = g
        return col2im(patchGradient, batch: batch)
    }

    /// ∂L/∂W += (c⊙G)ᵀ·P and ∂L/∂b += Σ c⊙G, every position of sample i scaled by cᵢ.
    public mutating func accumulateParameterGradients(
        rowScale: [Float]?, gradients: inout [Float]
    ) {
        var g = cachedOutputGradient
        let p = cachedPatches
        precondition(g.rows == p.rows, "Conv2D: backward without a matching training forward")
        let positions = outputShape.planeSize
        if let rowScale {
            g.scaleRows(by: rowScale.flatMap { repeatElement($0, count: positions) })
        }
        let (outC, patch, wOffset, bOffset) = (
            outputChannels, patchSize, parameterOffset, biasOffset
        )
        let biasGradient = g.columnSums()
        gradients.withUnsafeMutableBufferPointer { d in
            guard let base = d.baseAddress else { return }
            g.storage.withUnsafeBufferPointer { gp in
                p.storage.withUnsafeBufferPointer { pp in
                    Matrix.gemmRaw(
                        m: outC, n: patch, k: g.rows, alpha: 1,
                        a: gp.baseAddress, lda: outC, transposeA: true,
                        b: pp.baseAddress, ldb: patch, transposeB: false,
                        beta: 1, c: base + wOffset, ldc: patch)
                }
            }
            for c in 0..<outC { base[bOffset + c] += biasGradient[c] }
        }
    }

    /// ‖Gᵢᵀ·Pᵢ‖² + ‖Σ_positions Gᵢ‖²: each sample's weight gradient is its own patches
    /// transposed times its own output gradient, formed one sample at a time in one scratch
    /// buffer (out × C·k·k), so memory stays O(out·C·k·k) whatever the batch.
    ///
    /// Reference: Rochette, Manoel & Tramel, "Efficient Per-Example Gradient Computations in
    /// Convolutional Neural Networks", arXiv:1912.06015 (2019).
    public func accumulatePerSampleSquaredNorms(into norms: inout [Float]) {
        let positions = outputShape.planeSize
        let (outC, patch) = (outputChannels, patchSize)
        var scratch = [Float](repeating: 0, count: outC * patch)
        var biasScratch = [Float](repeating: 0, count: outC)
        let g = cachedOutputGradient
        let p = cachedPatches
        precondition(g.rows == norms.count * positions, "Conv2D: norms for another batch")
        g.storage.withUnsafeBufferPointer { gp in
            p.storage.withUnsafeBufferPointer { pp in
                scratch.withUnsafeMutableBufferPointer { s in
                    for i in norms.indices {
                        let rows = i * positions
                        Matrix.gemmRaw(
                            m: outC, n: patch, k: positions, alpha: 1,
                            a: gp.baseAddress.map { $0 + rows * outC }, lda: outC,
                            transposeA: true,
                            b: pp.baseAddress.map { $0 + rows * patch }, ldb: patch,
                            transposeB: false, beta: 0, c: s.baseAddress, ldc: patch)
                        var total: Float = 0
                        for v in s { total += v * v }
                        for c in 0..<outC { biasScratch[c] = 0 }
                        for pos in 0..<positions {
                            for c in 0..<outC { biasScratch[c] += gp[(rows + pos) * outC + c] }
                        }
                        for v in biasScratch { total += v * v }
                        norms[i] += total
                    }
                }
            }
        }
    }
}
