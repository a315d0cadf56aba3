import AmuletTensor

/// Inverted dropout: in training, zero each unit with probability p and scale the rest by 1/(1−p).
///
/// Reference: Srivastava et al., "Dropout: A Simple Way to Prevent Neural Networks from
/// Overfitting", JMLR 2014. The mask is drawn from the passed-in generator.
public struct Dropout: Layer {
    /// Probability of dropping a unit.
    public let rate: Float
    public var parameterOffset = 0
    public var stateOffset = 0
    private var mask: [Float] = []
    /// Workspace for y.
    private var output = Matrix(rows: 0, cols: 0)
    /// Workspace for ∂L/∂x.
    private var inputGradient = Matrix(rows: 0, cols: 0)

    /// A dropout layer with drop probability `rate` in [0, 1).
    public init(rate: Float) {
        self.rate = rate
    }

    /// y = x ⊙ m / (1 − p) in training, y = x in evaluation.
    public mutating func forward(
        _ input: Matrix, parameters: [Float], state: inout [Float], training: Bool,
        rng: inout SeededGenerator
    ) -> Matrix {
        guard training, rate > 0 else { return input }
        let keep = 1 - rate
        let count = input.count
        // The mask keeps its capacity from batch to batch; one draw per unit, in order.
        mask.removeAll(keepingCapacity: true)
        for _ in 0..<count { mask.append(rng.uniformFloat() >= rate ? 1 / keep : 0) }
        output.resize(rows: input.rows, cols: input.cols)
        input.storage.withUnsafeBufferPointer { x in
            mask.withUnsafeBufferPointer { m in
                output.storage.withUnsafeMutableBufferPointer { y in
                    for i in 0..<count { y[i] = x[i] * m[i] }
                }
            }
        }
        return output
    }

    /// ∂L/∂x = ∂L/∂y ⊙ m / (1 − p).
    public mutating func backward(_ outputGradient: Matrix, parameters: [Float]) -> Matrix {
        guard rate > 0, mask.count == outputGradient.count else { return outputGradient }
        let count = outputGradient.count
        inputGradient.resize(rows: outputGradient.rows, cols: outputGradient.cols)
        outputGradient.storage.withUnsafeBufferPointer { g in
            mask.withUnsafeBufferPointer { m in
                inputGradient.storage.withUnsafeMutableBufferPointer { dx in
                    for i in 0..<count { dx[i] = g[i] * m[i] }
                }
            }
        }
        return inputGradient
    }

    /// Keeps its buffers between steps; drops them when training is over.
    public mutating func releaseCaches(keepingWorkspaces: Bool) {
        if !keepingWorkspaces {
            mask = []
            output = Matrix(rows: 0, cols: 0)
            inputGradient = Matrix(rows: 0, cols: 0)
        }
    }
}
