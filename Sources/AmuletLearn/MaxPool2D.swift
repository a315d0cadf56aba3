import AmuletTensor

/// Max-pooling over non-overlapping size×size windows of each channel (stride = size).
///
/// Output side ⌊H/size⌋ × ⌊W/size⌋, as PyTorch's `nn.MaxPool2d(size)`; trailing rows or
/// columns that do not fill a window are dropped. Forward records which input won each
/// window; backward routes the gradient to it alone (ties go to the first in row-major order).
/// Images are independent, so both passes run in two halves of the batch on two cores (the
/// cut changes no bit), in workspaces reused from batch to batch; 2×2 windows, the common
/// case, take eight at a time in SIMD lanes (`MaxPool2D+Kernels.swift`).
public struct MaxPool2D: Layer {
    /// Shape of one input image.
    public let inputShape: ImageShape
    /// Side of the pooling window and its stride.
    public let size: Int
    public var parameterOffset = 0
    public var stateOffset = 0
    /// For each output value of the last forward pass, the input column that produced it.
    private var cachedWinners: [Int32] = []
    /// The output workspace, (batch, C·H′·W′).
    private var output = Matrix(rows: 0, cols: 0)
    /// The input-gradient workspace, (batch, C·H·W).
    private var inputGradient = Matrix(rows: 0, cols: 0)

    /// Pooling of `inputShape` images over size×size windows.
    public init(inputShape: ImageShape, size: Int = 2) {
        precondition(size >= 1, "MaxPool2D: size must be positive")
        self.inputShape = inputShape
        self.size = size
    }

    /// Shape of one output image: (C, ⌊H/size⌋, ⌊W/size⌋).
    public var outputShape: ImageShape {
        ImageShape(
            channels: inputShape.channels, height: inputShape.height / size,
            width: inputShape.width / size)
    }

    /// Pools a batch: y[c, i, j] is the maximum of the window at (size·i, size·j).
    ///
    /// x: (batch, C·H·W)  →  y: (batch, C·H′·W′).
    public mutating func forward(
        _ input: Matrix, parameters: [Float], state: inout [Float], training: Bool,
        rng: inout SeededGenerator
    ) -> Matrix {
        precondition(
            input.cols == inputShape.pixelCount,
            "MaxPool2D: input width \(input.cols) ≠ \(inputShape.pixelCount)")
        let (shape, out, s) = (inputShape, outputShape, size)
        let batch = input.rows
        output.resize(rows: batch, cols: out.pixelCount)
        if cachedWinners.count != batch * out.pixelCount {
            cachedWinners = [Int32](repeating: 0, count: batch * out.pixelCount)
        }
        input.storage.withUnsafeBufferPointer { xp in
            output.storage.withUnsafeMutableBufferPointer { yp in
                cachedWinners.withUnsafeMutableBufferPointer { wp in
                    guard let x = xp.baseAddress, let y = yp.baseAddress, let w = wp.baseAddress
                    else { return }
                    SplitWorker.forHalves(
                        of: batch, minimumCount: Self.minimumImages(shape.pixelCount)
                    ) { images in
                        for b in images {
                            let (image, o) = (b * shape.pixelCount, b * out.pixelCount)
                            Self.pool(
                                x + image, shape: shape, size: s, into: y + o, winners: w + o)
                        }
                    }
                }
            }
        }
        return output
    }

    /// ∂L/∂x: each output's gradient goes to the input that won its window, zero elsewhere.
    public mutating func backward(_ outputGradient: Matrix, parameters: [Float]) -> Matrix {
        let width = outputShape.pixelCount
        let pixels = inputShape.pixelCount
        let batch = outputGradient.rows
        precondition(
            cachedWinners.count == outputGradient.count, "MaxPool2D: backward without forward")
        inputGradient.resize(rows: batch, cols: pixels)
        outputGradient.storage.withUnsafeBufferPointer { gp in
            cachedWinners.withUnsafeBufferPointer { wp in
                inputGradient.storage.withUnsafeMutableBufferPointer { dp in
                    guard let g = gp.baseAddress, let w = wp.baseAddress, let dx = dp.baseAddress
                    else { return }
                    SplitWorker.forHalves(of: batch, minimumCount: Self.minimumImages(pixels)) {
                        images in
                        for b in images {
                            let image = dx + b * pixels
                            image.update(repeating: 0, count: pixels)
                            for o in (b * width)..<((b + 1) * width) {
                                image[Int(w[o])] += g[o]
                            }
                        }
                    }
                }
            }
        }
        return inputGradient
    }

    /// Keeps its own buffers between steps; drops them when training is over.
    public mutating func releaseCaches(keepingWorkspaces: Bool) {
        if !keepingWorkspaces {
            cachedWinners = []
            output = Matrix(rows: 0, cols: 0)
            inputGradient = Matrix(rows: 0, cols: 0)
        }
    }

    /// The fewest images worth cutting in halves: 2¹⁴ pixels in all, as `SplitWorker.forHalves`.
    static func minimumImages(_ pixels: Int) -> Int {
        SplitWorker.minimumRows(width: pixels)
    }
}
