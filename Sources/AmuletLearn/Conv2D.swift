import AmuletTensor

/// A 2-D convolution with zero padding and a stride, computed as im2col followed by sgemm.
///
/// Each image's receptive fields are unrolled into a column matrix Pᵦ (C·k·k, H′·W′): row
/// (c, i, j) holds pixel (c, y·s + i − p, x·s + j − p) for every output position (y, x). The
/// convolution of image b is then Yᵦ = W·Pᵦ + b with W (out, C·k·k), and Yᵦ (out, H′·W′) is
/// already the channel-major layout of the output row, so no transpose follows. Backward is
/// two more products per image: ∂L/∂W += Gᵦ·Pᵦᵀ and ∂L/∂Pᵦ = Wᵀ·Gᵦ, scattered back onto the
/// pixels (col2im). The column buffer, the output and the input gradient are workspaces reused
/// from batch to batch (see `releaseCaches`). The weight layout (out, C, k, k) and the
/// initialisation W, b ~ U(−1/√(C·k·k), 1/√(C·k·k)) follow PyTorch's `nn.Conv2d`.
///
/// Reference: Chellapilla, Puri & Simard, "High Performance Convolutional Neural Networks for
/// Document Processing", IWFHR 2006 (the unrolling into a matrix product); Jia et al., "Caffe",
/// ACM MM 2014 (the column layout).
public struct Conv2D: Layer {
    /// Shape of one input image.
    public let inputShape: ImageShape
    /// Number of filters (output channels).
    public let outputChannels: Int
    /// Side k of the square kernel.
    public let kernelSize: Int
    /// Zero rows and columns added on each side.
    public let padding: Int
    /// Step between receptive fields, in pixels, along both axes.
    public let stride: Int
    public var parameterOffset = 0
    public var stateOffset = 0
    /// Column matrices of the last forward pass, image after image: (batch·C·k·k, H′·W′).
    private var columns = Matrix(rows: 0, cols: 0)
    /// ∂L/∂Y of the last backward pass, as the next layer sent it: (batch, out·H′·W′).
    private var cachedOutputGradient = Matrix(rows: 0, cols: 0)
    /// The output workspace, (batch, out·H′·W′).
    private var output = Matrix(rows: 0, cols: 0)
    /// ∂L/∂P of one image, (C·k·k, H′·W′).
    private var columnGradient = Matrix(rows: 0, cols: 0)
    /// The input-gradient workspace, (batch, C·H·W).
    private var inputGradient = Matrix(rows: 0, cols: 0)

    /// A convolution of `inputShape` images with `outputChannels` filters of side `kernelSize`.
    public init(
        inputShape: ImageShape, outputChannels: Int, kernelSize: Int, padding: Int,
        stride: Int = 1
    ) {
        precondition(
            kernelSize >= 1 && padding >= 0 && outputChannels >= 1 && stride >= 1,
            "Conv2D: bad size")
        self.inputShape = inputShape
        self.outputChannels = outputChannels
        self.kernelSize = kernelSize
        self.padding = padding
        self.stride = stride
    }

    /// Shape of one output image: (out, ⌊(H + 2p − k)/s⌋ + 1, ⌊(W + 2p − k)/s⌋ + 1).
    public var outputShape: ImageShape {
        ImageShape(
            channels: outputChannels,
            height: (inputShape.height + 2 * padding - kernelSize) / stride + 1,
            width: (inputShape.width + 2 * padding - kernelSize) / stride + 1)
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

    /// Convolves a batch: Yᵦ = W·im2col(xᵦ) + b, image by image.
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
        let geometry = geometry
        Self.im2col(input, into: &columns, geometry)
        output.resize(rows: batch, cols: outC * positions)
        parameters.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return }
            columns.storage.withUnsafeBufferPointer { cp in
                output.storage.withUnsafeMutableBufferPointer { y in
                    guard let yBase = y.baseAddress, let cBase = cp.baseAddress else { return }
                    for b in 0..<batch {
                        let image = yBase + b * outC * positions
                        for c in 0..<outC {
                            (image + c * positions).update(
                                repeating: base[bOffset + c], count: positions)
                        }
                        Matrix.gemmRaw(
                            m: outC, n: positions, k: patch, alpha: 1,
                            a: base + wOffset, lda: patch, transposeA: false,
                            b: cBase + b * patch * positions, ldb: positions, transposeB: false,
                            beta: 1, c: image, ldc: positions)
                    }
                }
            }
        }
        return output
    }

    /// Caches G = ∂L/∂Y and returns ∂L/∂x = col2im(Wᵀ·Gᵦ) per image, shape (batch, C·H·W).
    public mutating func backward(_ outputGradient: Matrix, parameters: [Float]) -> Matrix {
        let batch = outputGradient.rows
        let positions = outputShape.planeSize
        let (outC, patch, wOffset) = (outputChannels, patchSize, parameterOffset)
        let geometry = geometry
        cachedOutputGradient = outputGradient
        inputGradient.resize(rows: batch, cols: inputShape.pixelCount)
        inputGradient.storage.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        columnGradient.resize(rows: patch, cols: positions)
        for b in 0..<batch {
            parameters.withUnsafeBufferPointer { p in
                outputGradient.storage.withUnsafeBufferPointer { g in
                    columnGradient.storage.withUnsafeMutableBufferPointer { d in
                        Matrix.gemmRaw(
                            m: patch, n: positions, k: outC, alpha: 1,
                            a: p.baseAddress.map { $0 + wOffset }, lda: patch, transposeA: true,
                            b: g.baseAddress.map { $0 + b * outC * positions }, ldb: positions,
                            transposeB: false, beta: 0, c: d.baseAddress, ldc: positions)
                    }
                }
            }
            Self.col2im(columnGradient, image: b, into: &inputGradient, geometry)
        }
        return inputGradient
    }

    /// Caches G only: the first layer's ∂L/∂x (the data's gradient) is not needed.
    public mutating func backwardSkippingInputGradient(
        _ outputGradient: Matrix, parameters: [Float]
    ) {
        cachedOutputGradient = outputGradient
    }

    /// Drops the cached output gradient; the workspaces unless asked to keep them.
    public mutating func releaseCaches(keepingWorkspaces: Bool) {
        cachedOutputGradient = Matrix(rows: 0, cols: 0)
        if !keepingWorkspaces {
            columns = Matrix(rows: 0, cols: 0)
            output = Matrix(rows: 0, cols: 0)
            columnGradient = Matrix(rows: 0, cols: 0)
            inputGradient = Matrix(rows: 0, cols: 0)
        }
    }

    /// ∂L/∂W += Σᵦ cᵦ·Gᵦ·Pᵦᵀ and ∂L/∂b += Σᵦ cᵦ·Σ_positions Gᵦ (cᵦ = 1 without a row scale).
    public mutating func accumulateParameterGradients(
        rowScale: [Float]?, gradients: inout [Float]
    ) {
        let g = cachedOutputGradient
        let positions = outputShape.planeSize
        let batch = g.rows
        precondition(
            columns.rows == batch * patchSize && g.cols == outputChannels * positions,
            "Conv2D: backward without a matching training forward")
        let (outC, patch, wOffset, bOffset) = (
            outputChannels, patchSize, parameterOffset, biasOffset
        )
        gradients.withUnsafeMutableBufferPointer { d in
            guard let base = d.baseAddress else { return }
            g.storage.withUnsafeBufferPointer { gp in
                columns.storage.withUnsafeBufferPointer { cp in
                    guard let gBase = gp.baseAddress, let cBase = cp.baseAddress else { return }
                    for b in 0..<batch {
                        let scale = rowScale?[b] ?? 1
                        let image = gBase + b * outC * positions
                        Matrix.gemmRaw(
                            m: outC, n: patch, k: positions, alpha: scale,
                            a: image, lda: positions, transposeA: false,
                            b: cBase + b * patch * positions, ldb: positions, transposeB: true,
                            beta: 1, c: base + wOffset, ldc: patch)
                        for c in 0..<outC {
                            var sum: Float = 0
                            for pos in 0..<positions { sum += image[c * positions + pos] }
                            base[bOffset + c] += scale * sum
                        }
                    }
                }
            }
        }
    }

    /// ‖Gᵦ·Pᵦᵀ‖² + ‖Σ_positions Gᵦ‖²: each sample's weight gradient is formed one sample at a
    /// time in one scratch buffer (out × C·k·k), so memory stays O(out·C·k·k) whatever the batch.
    ///
    /// Reference: Rochette, Manoel & Tramel, "Efficient Per-Example Gradient Computations in
    /// Convolutional Neural Networks", arXiv:1912.06015 (2019).
    public func accumulatePerSampleSquaredNorms(into norms: inout [Float]) {
        let positions = outputShape.planeSize
        let (outC, patch) = (outputChannels, patchSize)
        var scratch = [Float](repeating: 0, count: outC * patch)
        let g = cachedOutputGradient
        precondition(g.rows == norms.count, "Conv2D: norms for another batch")
        g.storage.withUnsafeBufferPointer { gp in
            columns.storage.withUnsafeBufferPointer { cp in
                scratch.withUnsafeMutableBufferPointer { s in
                    guard let gBase = gp.baseAddress, let cBase = cp.baseAddress else { return }
                    for i in norms.indices {
                        let image = gBase + i * outC * positions
                        Matrix.gemmRaw(
                            m: outC, n: patch, k: positions, alpha: 1,
                            a: image, lda: positions, transposeA: false,
                            b: cBase + i * patch * positions, ldb: positions, transposeB: true,
                            beta: 0, c: s.baseAddress, ldc: patch)
                        var total: Float = 0
                        for v in s { total += v * v }
                        for c in 0..<outC {
                            var sum: Float = 0
                            for pos in 0..<positions { sum += image[c * positions + pos] }
                            total += sum * sum
                        }
                        norms[i] += total
                    }
                }
            }
        }
    }
}
