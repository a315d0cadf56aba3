import AmuletTensor

/// The rectifier y = max(x, 0), elementwise.
///
/// Forward and backward are single branch-free passes over contiguous buffers (8-wide SIMD
/// selects), in two halves on two cores for large batches, writing into workspaces the layer
/// reuses from batch to batch.
public struct ReLU: Layer {
    public var parameterOffset = 0
    public var stateOffset = 0
    /// y, cached for backward; also the forward workspace.
    private var cachedOutput = Matrix(rows: 0, cols: 0)
    /// Workspace for ∂L/∂x.
    private var inputGradient = Matrix(rows: 0, cols: 0)

    /// A ReLU layer.
    public init() {}

    /// y = max(x, 0), same shape as x (a NaN stays NaN, as with `x < 0 ? 0 : x`).
    public mutating func forward(
        _ input: Matrix, parameters: [Float], state: inout [Float], training: Bool,
        rng: inout SeededGenerator
    ) -> Matrix {
        cachedOutput.resize(rows: input.rows, cols: input.cols)
        let count = input.count
        input.storage.withUnsafeBufferPointer { x in
            cachedOutput.storage.withUnsafeMutableBufferPointer { y in
                guard let xs = x.baseAddress, let ys = y.baseAddress else { return }
                // Elements are independent: two halves on two cores change no bit.
                SplitWorker.forHalves(of: count) { half in
                    SIMDKernels.relu(
                        xs + half.lowerBound, into: ys + half.lowerBound, count: half.count)
                }
            }
        }
        return cachedOutput
    }

    /// ∂L/∂x = ∂L/∂y where y > 0, else 0.
    public mutating func backward(_ outputGradient: Matrix, parameters: [Float]) -> Matrix {
        precondition(outputGradient.count == cachedOutput.count, "ReLU: backward without forward")
        inputGradient.resize(rows: outputGradient.rows, cols: outputGradient.cols)
        let count = outputGradient.count
        cachedOutput.storage.withUnsafeBufferPointer { y in
            outputGradient.storage.withUnsafeBufferPointer { g in
                inputGradient.storage.withUnsafeMutableBufferPointer { dx in
                    guard let ys = y.baseAddress, let gs = g.baseAddress, let dxs = dx.baseAddress
                    else { return }
                    SplitWorker.forHalves(of: count) { half in
                        let at = half.lowerBound
                        SIMDKernels.reluBackward(
                            output: ys + at, gradient: gs + at, into: dxs + at, count: half.count)
                    }
                }
            }
        }
        return inputGradient
    }

    /// Keeps its own buffers between steps; drops them when training is over.
    public mutating func releaseCaches(keepingWorkspaces: Bool) {
        if !keepingWorkspaces {
            cachedOutput = Matrix(rows: 0, cols: 0)
            inputGradient = Matrix(rows: 0, cols: 0)
        }
    }
}
