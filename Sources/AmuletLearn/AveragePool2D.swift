import AmuletTensor

/// Average-pooling over non-overlapping windows of each channel (stride = window).
///
/// Output side ⌊H/kh⌋ × ⌊W/kw⌋, as PyTorch's `nn.AvgPool2d(k)`; a window as large as the image
/// is global average pooling (`nn.AdaptiveAvgPool2d(1)`, ONNX GlobalAveragePool). Backward
/// spreads each output's gradient evenly over its window. Images run in two halves of the
/// batch on two cores (they are independent: the cut changes no bit), in workspaces reused
/// from batch to batch.
public struct AveragePool2D: Layer {
    /// Shape of one input image.
    public let inputShape: ImageShape
    /// Window height (and vertical stride).
    public let windowHeight: Int
    /// Window width (and horizontal stride).
    public let windowWidth: Int
    public var parameterOffset = 0
    public var stateOffset = 0
    /// The output workspace, (batch, C·H′·W′).
    private var output = Matrix(rows: 0, cols: 0)
    /// The input-gradient workspace, (batch, C·H·W).
    private var inputGradient = Matrix(rows: 0, cols: 0)

    /// Pooling of `inputShape` images over windowHeight × windowWidth windows.
    public init(inputShape: ImageShape, windowHeight: Int, windowWidth: Int) {
        precondition(windowHeight >= 1 && windowWidth >= 1, "AveragePool2D: bad window")
        self.inputShape = inputShape
        self.windowHeight = windowHeight
        self.windowWidth = windowWidth
    }

    /// Shape of one output image: (C, ⌊H/kh⌋, ⌊W/kw⌋).
    public var outputShape: ImageShape {
        ImageShape(
            channels: inputShape.channels, height: inputShape.height / windowHeight,
            width: inputShape.width / windowWidth)
    }

    /// y[c, i, j] = mean of the window at (kh·i, kw·j).   x: (batch, C·H·W) → (batch, C·H′·W′)
    ///
    /// Each window row is summed in SIMD lanes (`SIMDKernels.sum`), images in two halves.
    public mutating func forward(
        _ input: Matrix, parameters: [Float], state: inout [Float], training: Bool,
        rng: inout SeededGenerator
    ) -> Matrix {
        precondition(input.cols == inputShape.pixelCount, "AveragePool2D: input width")
        let (shape, out) = (inputShape, outputShape)
        let (kh, kw) = (windowHeight, windowWidth)
        let divisor = 1 / Float(kh * kw)
        let batch = input.rows
        output.resize(rows: batch, cols: out.pixelCount)
        input.storage.withUnsafeBufferPointer { xp in
            output.storage.withUnsafeMutableBufferPointer { yp in
                guard let x = xp.baseAddress, let y = yp.baseAddress else { return }
                SplitWorker.forHalves(
                    of: batch, minimumCount: SplitWorker.minimumRows(width: shape.pixelCount)
                ) { images in
                    for b in images {
                        var o = b * out.pixelCount
                        for c in 0..<shape.channels {
                            let plane = b * shape.pixelCount + c * shape.planeSize
                            for oy in 0..<out.height {
                                for ox in 0..<out.width {
                                    var total: Float = 0
                                    for i in 0..<kh {
                                        let row = plane + (oy * kh + i) * shape.width + ox * kw
                                        total += SIMDKernels.sum(x + row, count: kw)
                                    }
                                    y[o] = total * divisor
                                    o += 1
                                }
                            }
                        }
                    }
                }
            }
        }
        return output
    }

    /// ∂L/∂x: each output's gradient divided by the window size, to every input of its window.
    ///
    /// Windows do not overlap, so each input is written once (zero outside every window).
    public mutating func backward(_ outputGradient: Matrix, parameters: [Float]) -> Matrix {
        let (shape, out) = (inputShape, outputShape)
        let (kh, kw) = (windowHeight, windowWidth)
        let divisor = 1 / Float(kh * kw)
        let batch = outputGradient.rows
        inputGradient.resize(rows: batch, cols: shape.pixelCount)
        outputGradient.storage.withUnsafeBufferPointer { gp in
            inputGradient.storage.withUnsafeMutableBufferPointer { dp in
                guard let g = gp.baseAddress, let dx = dp.baseAddress else { return }
                SplitWorker.forHalves(
                    of: batch, minimumCount: SplitWorker.minimumRows(width: shape.pixelCount)
                ) { images in
                    for b in images {
                        (dx + b * shape.pixelCount).update(repeating: 0, count: shape.pixelCount)
                        var o = b * out.pixelCount
                        for c in 0..<shape.channels {
                            let plane = b * shape.pixelCount + c * shape.planeSize
                            for oy in 0..<out.height {
                                for ox in 0..<out.width {
                                    let share = g[o] * divisor
                                    for i in 0..<kh {
                                        let row = plane + (oy * kh + i) * shape.width + ox * kw
                                        (dx + row).update(repeating: share, count: kw)
                                    }
                                    o += 1
                                }
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
            output = Matrix(rows: 0, cols: 0)
            inputGradient = Matrix(rows: 0, cols: 0)
        }
    }
}
