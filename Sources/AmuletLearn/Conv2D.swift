import AmuletTensor

/// A 2-D convolution with zero padding and a stride, computed as im2col followed by sgemm over
/// chunks of images.
///
/// Each image's receptive fields unroll into a column block Pᵦ (C·k·k, H′·W′): row (c, i, j)
/// holds pixel (c, y·s + i − p, x·s + j − p) for every output position (y, x). The blocks of a
/// chunk of n images sit side by side, P = [P₁ … Pₙ] (C·k·k, n·H′·W′), so the convolution of
/// the chunk is one product Y = W·P + b with W (out, C·k·k), wide enough for sgemm to run near
/// its peak even when an image has few output positions (`Plan`). Backward is two more
/// products per chunk: ∂L/∂W += G·Pᵀ and ∂L/∂P = Wᵀ·G, scattered back onto the pixels (col2im).
/// The batch is cut in two fixed halves, one per core, each with its own column workspace,
/// reused from batch to batch; the weight gradient recomputes the columns from the cached input
/// rather than keep a batch of them (C·k·k times the input's size) out of cache. The weight
/// layout (out, C, k, k) follows PyTorch's `nn.Conv2d`, and so does the initialisation
/// (`FanInUniform` with fan-in C·k·k).
///
/// Reference: Chellapilla, Puri & Simard, "High Performance Convolutional Neural Networks for
/// Document Processing", IWFHR 2006 (the unrolling into a matrix product); Jia et al., "Caffe",
/// ACM MM 2014 (the column layout); Chetlur et al., "cuDNN: Efficient Primitives for Deep
/// Learning", arXiv:1410.0759 (2014) (column blocks of several images, tiled to fit on chip).
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
    /// x of the last forward pass, (batch, C·H·W): the weight gradient unrolls it again.
    var cachedInput = Matrix(rows: 0, cols: 0)
    /// ∂L/∂Y of the last backward pass, as the next layer sent it: (batch, out·H′·W′).
    var cachedOutputGradient = Matrix(rows: 0, cols: 0)
    /// The output workspace, (batch, out·H′·W′).
    private var output = Matrix(rows: 0, cols: 0)
    /// The input-gradient workspace, (batch, C·H·W).
    private var inputGradient = Matrix(rows: 0, cols: 0)
    /// Two halves' column blocks, products and gradient partials (`Plan`), reused.
    var workspace: [Float] = []

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

    var biasOffset: Int { parameterOffset + outputChannels * patchSize }

    public func initialize(
        parameters: inout [Float], state: inout [Float], rng: inout SeededGenerator
    ) {
        FanInUniform.fill(
            &parameters, offset: parameterOffset, count: parameterCount, fanIn: patchSize,
            rng: &rng)
    }

    /// Convolves a batch: Y = W·[P₁ … Pₙ] + b per chunk of n images.
    ///
    /// x: (batch, C·H·W)  →  y: (batch, out·H′·W′), channel-major. A chunk of one image is
    /// written straight into y (bias first, then sgemm with β = 1); a wider chunk's product
    /// (out, n·H′·W′) is copied into each image's rows with the bias added.
    public mutating func forward(
        _ input: Matrix, parameters: [Float], state: inout [Float], training: Bool,
        rng: inout SeededGenerator
    ) -> Matrix {
        precondition(
            input.cols == inputShape.pixelCount,
            "Conv2D: input width \(input.cols) ≠ \(inputShape.pixelCount)")
        let batch = input.rows
        let geometry = geometry
        let plan = Plan(geometry, outputChannels: outputChannels, batch: batch)
        let positions = plan.positions
        let (outC, patch, wOffset, bOffset) = (
            outputChannels, patchSize, parameterOffset, biasOffset
        )
        reserveWorkspace(plan)
        output.resize(rows: batch, cols: outC * positions)
        cachedInput = input
        parameters.withUnsafeBufferPointer { pp in
            input.storage.withUnsafeBufferPointer { xp in
                output.storage.withUnsafeMutableBufferPointer { yp in
                    workspace.withUnsafeMutableBufferPointer { wp in
                        guard let p = pp.baseAddress, let x = xp.baseAddress,
                            let y = yp.baseAddress, let work = wp.baseAddress
                        else { return }
                        plan.forEachHalf(batch: batch) { half, images in
                            let columns = work + half * plan.halfSize
                            let product = columns + plan.productOffset
                            plan.forEachChunk(of: images) { start, count in
                                let width = count * positions
                                Self.im2col(
                                    images: x, start: start, count: count, into: columns, geometry)
                                if count == 1 {
                                    let image = y + start * outC * positions
                                    for c in 0..<outC {
                                        (image + c * positions).update(
                                            repeating: p[bOffset + c], count: positions)
                                    }
                                    Matrix.gemmRaw(
                                        m: outC, n: positions, k: patch, alpha: 1,
                                        a: p + wOffset, lda: patch, transposeA: false,
                                        b: columns, ldb: positions, transposeB: false,
                                        beta: 1, c: image, ldc: positions)
                                    return
                                }
                                Matrix.gemmRaw(
                                    m: outC, n: width, k: patch, alpha: 1,
                                    a: p + wOffset, lda: patch, transposeA: false,
                                    b: columns, ldb: width, transposeB: false,
                                    beta: 0, c: product, ldc: width)
                                for t in 0..<count {
                                    let image = y + (start + t) * outC * positions
                                    for c in 0..<outC {
                                        SIMDKernels.add(
                                            product + c * width + t * positions,
                                            shift: p[bOffset + c],
                                            into: image + c * positions, count: positions)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return output
    }

    /// Caches G = ∂L/∂Y and returns ∂L/∂x = col2im(Wᵀ·G) per chunk, shape (batch, C·H·W).
    public mutating func backward(_ outputGradient: Matrix, parameters: [Float]) -> Matrix {
        let batch = outputGradient.rows
        let geometry = geometry
        let plan = Plan(geometry, outputChannels: outputChannels, batch: batch)
        let (positions, pixels) = (plan.positions, inputShape.pixelCount)
        let (outC, patch, wOffset) = (outputChannels, patchSize, parameterOffset)
        precondition(
            outputGradient.cols == outC * positions, "Conv2D: output gradient of another width")
        cachedOutputGradient = outputGradient
        reserveWorkspace(plan)
        inputGradient.resize(rows: batch, cols: pixels)
        parameters.withUnsafeBufferPointer { pp in
            outputGradient.storage.withUnsafeBufferPointer { gp in
                inputGradient.storage.withUnsafeMutableBufferPointer { dp in
                    workspace.withUnsafeMutableBufferPointer { wp in
                        guard let p = pp.baseAddress, let g = gp.baseAddress,
                            let dx = dp.baseAddress, let work = wp.baseAddress
                        else { return }
                        plan.forEachHalf(batch: batch) { half, images in
                            let columns = work + half * plan.halfSize
                            let product = columns + plan.productOffset
                            plan.forEachChunk(of: images) { start, count in
                                let width = count * positions
                                let block = Self.gather(
                                    g, images: start, count: count, channels: outC,
                                    positions: positions, scales: nil, into: product)
                                Matrix.gemmRaw(
                                    m: patch, n: width, k: outC, alpha: 1,
                                    a: p + wOffset, lda: patch, transposeA: true,
                                    b: block, ldb: width, transposeB: false,
                                    beta: 0, c: columns, ldc: width)
                                for t in 0..<count {
                                    let image = dx + (start + t) * pixels
                                    image.update(repeating: 0, count: pixels)
                                    Self.col2im(
                                        columns + t * positions, rowStride: width, into: image,
                                        geometry)
                                }
                            }
                        }
                    }
                }
            }
        }
        return inputGradient
    }

    /// Caches G only: the first layer's ∂L/∂x (the data's gradient) is not needed.
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
            workspace = []
        }
    }

    /// Grows the workspace to two halves of `plan` (it never shrinks between batches).
    mutating func reserveWorkspace(_ plan: Plan) {
        let needed = 2 * plan.halfSize
        if workspace.count < needed {
            workspace = [Float](repeating: 0, count: needed)
        }
    }

    /// The output gradient of `count` images from `images` as one (out, count·H′·W′) block:
    /// image t's rows side by side at column t·H′·W′, each times `scales[image]` when given.
    ///
    /// One unscaled image is already such a block and is returned in place; otherwise the
    /// block is written into `buffer` and `buffer` is returned.
    static func gather(
        _ gradient: UnsafePointer<Float>, images: Int, count: Int, channels: Int,
        positions: Int, scales: UnsafePointer<Float>?, into buffer: UnsafeMutablePointer<Float>
    ) -> UnsafePointer<Float> {
        if count == 1 && scales == nil {
            return gradient + images * channels * positions
        }
        let width = count * positions
        for t in 0..<count {
            let image = gradient + (images + t) * channels * positions
            for c in 0..<channels {
                let target = buffer + c * width + t * positions
                if let scales {
                    SIMDKernels.scale(
                        image + c * positions, by: scales[images + t], into: target,
                        count: positions)
                } else {
                    target.update(from: image + c * positions, count: positions)
                }
            }
        }
        return UnsafePointer(buffer)
    }
}
