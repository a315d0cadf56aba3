import AmuletTensor

/// An elementwise non-linearity other than ReLU: leaky ReLU, the logistic sigmoid or tanh.
///
/// Forward caches its input and output; backward multiplies ∂L/∂y by the derivative, which for
/// sigmoid is y(1 − y) and for tanh 1 − y², both read from the cached output.
public struct Activation: Layer {
    /// Which function.
    public enum Kind: Sendable, Hashable, Codable {
        /// y = x for x ≥ 0, αx otherwise (Maas et al., ICML 2013 workshop).
        case leakyReLU(alpha: Float)
        /// y = 1 / (1 + e^(−x)).
        case sigmoid
        /// y = tanh x.
        case tanh
    }

    /// The function applied.
    public let kind: Kind
    public var parameterOffset = 0
    public var stateOffset = 0
    private var cachedInput = Matrix(rows: 0, cols: 0)
    private var cachedOutput = Matrix(rows: 0, cols: 0)

    /// An activation layer.
    public init(_ kind: Kind) {
        self.kind = kind
    }

    /// y = f(x), elementwise, same shape as x.
    public mutating func forward(
        _ input: Matrix, parameters: [Float], state: inout [Float], training: Bool,
        rng: inout SeededGenerator
    ) -> Matrix {
        var output = input
        switch kind {
        case .leakyReLU(let alpha):
            for i in output.storage.indices where output.storage[i] < 0 {
                output.storage[i] *= alpha
            }
        case .sigmoid:
            for i in output.storage.indices {
                output.storage[i] = 1 / (1 + Math.exp(-output.storage[i]))
            }
        case .tanh:
            for i in output.storage.indices {
                let e = Math.exp(-2 * output.storage[i])
                output.storage[i] = output.storage[i] > 20 ? 1 : (1 - e) / (1 + e)
            }
        }
        cachedInput = input
        cachedOutput = output
        return output
    }

    /// ∂L/∂x = ∂L/∂y ⊙ f′(x).
    public mutating func backward(_ outputGradient: Matrix, parameters: [Float]) -> Matrix {
        precondition(outputGradient.count == cachedOutput.count, "Activation: no forward")
        var gradient = outputGradient
        switch kind {
        case .leakyReLU(let alpha):
            for i in gradient.storage.indices where cachedInput.storage[i] < 0 {
                gradient.storage[i] *= alpha
            }
        case .sigmoid:
            for i in gradient.storage.indices {
                let y = cachedOutput.storage[i]
                gradient.storage[i] *= y * (1 - y)
            }
        case .tanh:
            for i in gradient.storage.indices {
                let y = cachedOutput.storage[i]
                gradient.storage[i] *= 1 - y * y
            }
        }
        return gradient
    }

    /// Drops the cached input and output.
    public mutating func releaseCaches(keepingWorkspaces: Bool) {
        cachedInput = Matrix(rows: 0, cols: 0)
        cachedOutput = Matrix(rows: 0, cols: 0)
    }
}
