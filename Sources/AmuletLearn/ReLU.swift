import AmuletTensor

/// The rectifier y = max(x, 0), elementwise.
public struct ReLU: Layer {
    public var parameterOffset = 0
    public var stateOffset = 0
    private var cachedOutput = Matrix(rows: 0, cols: 0)

    /// A ReLU layer.
    public init() {}

    /// y = max(x, 0), same shape as x.
    public mutating func forward(
        _ input: Matrix, parameters: [Float], state: inout [Float], training: Bool,
        rng: inout SeededGenerator
    ) -> Matrix {
        var output = input
        output.storage.withUnsafeMutableBufferPointer { y in
            for i in y.indices where y[i] < 0 { y[i] = 0 }
        }
        cachedOutput = output
        return output
    }

    /// ∂L/∂x = ∂L/∂y where y > 0, else 0.
    public mutating func backward(_ outputGradient: Matrix, parameters: [Float]) -> Matrix {
        var inputGradient = outputGradient
        cachedOutput.storage.withUnsafeBufferPointer { y in
            inputGradient.storage.withUnsafeMutableBufferPointer { g in
                for i in g.indices where y[i] <= 0 { g[i] = 0 }
            }
        }
        return inputGradient
    }
}
