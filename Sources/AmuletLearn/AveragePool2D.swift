import AmuletTensor

/// Average-pooling over non-overlapping windows of each channel (stride = window).
///
/// Output side ⌊H/kh⌋ × ⌊W/kw⌋, as PyTorch's `nn.AvgPool2d(k)`; a window as large as the image
/// is global average pooling (`nn.AdaptiveAvgPool2d(1)`, ONNX GlobalAveragePool). Backward
/// spreads each output's gradient evenly over its window.
public struct AveragePool2D: Layer {
    /// Shape of one input image.
    public let inputShape: ImageShape
    /// Window height (and vertical stride).
    public let windowHeight: Int
    /// Window width (and horizontal stride).
    public let windowWidth: Int
    public var parameterOffset = 0
    public var stateOffset = 0

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
    public mutating func forward(
        _ input: Matrix, parameters: [Float], state: inout [Float], training: Bool,
        rng: inout SeededGenerator
    ) -> Matrix {
        precondition(input.cols == inputShape.pixelCount, "AveragePool2D: input width")
        let (shape, out) = (inputShape, outputShape)
        let (kh, kw) = (windowHeight, windowWidth)
        let divisor = 1 / Float(kh * kw)
        var output = Matrix(rows: input.rows, cols: out.pixelCount)
        input.storage.withUnsafeBufferPointer { x in
            output.storage.withUnsafeMutableBufferPointer { y in
                var o = 0
                for b in 0..<input.rows {
                    for c in 0..<shape.channels {
                        let plane = b * shape.pixelCount + c * shape.planeSize
                        for oy in 0..<out.height {
                            for ox in 0..<out.width {
                                var total: Float = 0
                                for i in 0..<kh {
                                    let row = plane + (oy * kh + i) * shape.width + ox * kw
                                    for j in 0..<kw { total += x[row + j] }
                                }
                                y[o] = total * divisor
                                o += 1
                            }
                        }
                    }
                }
            }
        }
        return output
    }

    /// ∂L/∂x: each output's gradient divided by the window size, to every input of its window.
    public mutating func backward(_ outputGradient: Matrix, parameters: [Float]) -> Matrix {
        let (shape, out) = (inputShape, outputShape)
        let (kh, kw) = (windowHeight, windowWidth)
        let divisor = 1 / Float(kh * kw)
        var inputGradient = Matrix(rows: outputGradient.rows, cols: shape.pixelCount)
        outputGradient.storage.withUnsafeBufferPointer { g in
            inputGradient.storage.withUnsafeMutableBufferPointer { dx in
                var o = 0
                for b in 0..<outputGradient.rows {
                    for c in 0..<shape.channels {
                        let plane = b * shape.pixelCount + c * shape.planeSize
                        for oy in 0..<out.height {
                            for ox in 0..<out.width {
                                let share = g[o] * divisor
                                for i in 0..<kh {
                                    let row = plane + (oy * kh + i) * shape.width + ox * kw
                                    for j in 0..<kw { dx[row + j] += share }
                                }
                                o += 1
                            }
                        }
                    }
                }
            }
        }
        return inputGradient
    }
}
