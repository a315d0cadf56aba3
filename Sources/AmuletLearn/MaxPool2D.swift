import AmuletTensor

/// Max-pooling over non-overlapping size×size windows of each channel (stride = size).
///
/// Output side ⌊H/size⌋ × ⌊W/size⌋, as PyTorch's `nn.MaxPool2d(size)`; trailing rows or
/// columns that do not fill a window are dropped. Forward records which input won each
/// window; backward routes the gradient to it alone (ties go to the first in row-major order).
public struct MaxPool2D: Layer {
    /// Shape of one input image.
    public let inputShape: ImageShape
    /// Side of the pooling window and its stride.
    public let size: Int
    public var parameterOffset = 0
    public var stateOffset = 0
    /// For each output value of the last forward pass, the input column that produced it.
    private var cachedWinners: [Int32] = []

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
        var output = Matrix(rows: input.rows, cols: out.pixelCount)
        var winners = [Int32](repeating: 0, count: input.rows * out.pixelCount)
        input.storage.withUnsafeBufferPointer { x in
            output.storage.withUnsafeMutableBufferPointer { y in
                winners.withUnsafeMutableBufferPointer { w in
                    var o = 0
                    for b in 0..<input.rows {
                        for c in 0..<shape.channels {
                            let plane = b * shape.pixelCount + c * shape.planeSize
                            for oy in 0..<out.height {
                                for ox in 0..<out.width {
                                    var best = plane + oy * s * shape.width + ox * s
                                    for i in 0..<s {
                                        let row = plane + (oy * s + i) * shape.width + ox * s
                                        for j in 0..<s where x[row + j] > x[best] {
                                            best = row + j
                                        }
                                    }
                                    y[o] = x[best]
                                    w[o] = Int32(best - b * shape.pixelCount)
                                    o += 1
                                }
                            }
                        }
                    }
                }
            }
        }
        cachedWinners = winners
        return output
    }

    /// ∂L/∂x: each output's gradient goes to the input that won its window, zero elsewhere.
    public mutating func backward(_ outputGradient: Matrix, parameters: [Float]) -> Matrix {
        let width = outputShape.pixelCount
        var inputGradient = Matrix(rows: outputGradient.rows, cols: inputShape.pixelCount)
        let pixels = inputShape.pixelCount
        precondition(
            cachedWinners.count == outputGradient.count, "MaxPool2D: backward without forward")
        outputGradient.storage.withUnsafeBufferPointer { g in
            cachedWinners.withUnsafeBufferPointer { w in
                inputGradient.storage.withUnsafeMutableBufferPointer { dx in
                    for b in 0..<outputGradient.rows {
                        for o in 0..<width {
                            let index = b * width + o
                            dx[b * pixels + Int(w[index])] += g[index]
                        }
                    }
                }
            }
        }
        return inputGradient
    }
}
