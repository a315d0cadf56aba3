import AmuletTensor

/// A pure per-parameter update rule over the network's flat parameter buffer.
public protocol Optimizer: Sendable {
    /// Applies one step: θ ← update(θ, ∂L/∂θ).
    mutating func step(parameters: inout [Float], gradients: [Float])
}

/// How to build an optimizer; part of a `Recipe`, so it is hashable and codable.
public enum OptimizerSpec: Sendable, Hashable, Codable {
    /// Stochastic gradient descent with momentum and weight decay.
    case sgd(learningRate: Double, momentum: Double, weightDecay: Double)
    /// Adam with L2 weight decay added to the gradient (as PyTorch's `Adam`).
    case adam(learningRate: Double, weightDecay: Double)

    /// The learning rate.
    public var learningRate: Double {
        switch self {
        case .sgd(let lr, _, _), .adam(let lr, _): lr
        }
    }

    /// Builds the optimizer for `parameterCount` parameters.
    public func make(parameterCount: Int) -> any Optimizer {
        switch self {
        case .sgd(let lr, let momentum, let decay):
            SGD(
                learningRate: Float(lr), momentum: Float(momentum), weightDecay: Float(decay),
                parameterCount: parameterCount)
        case .adam(let lr, let decay):
            Adam(learningRate: Float(lr), weightDecay: Float(decay), parameterCount: parameterCount)
        }
    }

    /// The same optimizer with learning rate `learningRate`.
    public func withLearningRate(_ learningRate: Double) -> OptimizerSpec {
        switch self {
        case .sgd(_, let m, let d): .sgd(learningRate: learningRate, momentum: m, weightDecay: d)
        case .adam(_, let d): .adam(learningRate: learningRate, weightDecay: d)
        }
    }

    /// The optimizer's name, `adam` or `sgd`.
    public var name: String {
        switch self {
        case .sgd: "sgd"
        case .adam: "adam"
        }
    }

    /// A short label such as `adam(lr=0.001)`.
    public var label: String {
        switch self {
        case .sgd(let lr, let m, let d): "sgd(lr=\(lr), momentum=\(m), wd=\(d))"
        case .adam(let lr, let d): d == 0 ? "adam(lr=\(lr))" : "adam(lr=\(lr), wd=\(d))"
        }
    }
}

/// SGD with momentum: v ← μv + (g + λθ); θ ← θ − ηv (PyTorch's convention, no dampening).
public struct SGD: Optimizer {
    /// Step size η.
    public var learningRate: Float
    /// Momentum μ.
    public var momentum: Float
    /// L2 weight decay λ.
    public var weightDecay: Float
    private var velocity: [Float]

    /// An SGD optimizer for `parameterCount` parameters.
    public init(
        learningRate: Float, momentum: Float = 0, weightDecay: Float = 0, parameterCount: Int
    ) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
        self.velocity = [Float](repeating: 0, count: parameterCount)
    }

    public mutating func step(parameters: inout [Float], gradients: [Float]) {
        precondition(parameters.count == gradients.count && velocity.count == gradients.count)
        let (lr, mu, decay) = (learningRate, momentum, weightDecay)
        parameters.withUnsafeMutableBufferPointer { theta in
            gradients.withUnsafeBufferPointer { g in
                velocity.withUnsafeMutableBufferPointer { v in
                    for i in theta.indices {
                        let grad = g[i] + decay * theta[i]
                        v[i] = mu * v[i] + grad
                        theta[i] -= lr * v[i]
                    }
                }
            }
        }
    }
}

/// Adam: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − η·m̂/(√v̂ + ε).
///
/// Reference: Kingma & Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015.
public struct Adam: Optimizer {
    /// Step size η.
    public var learningRate: Float
    /// L2 weight decay λ added to the gradient.
    public var weightDecay: Float
    /// First-moment decay β₁.
    public var beta1: Float = 0.9
    /// Second-moment decay β₂.
    public var beta2: Float = 0.999
    /// Denominator guard ε.
    public var epsilon: Float = 1e-8
    private var firstMoment: [Float]
    private var secondMoment: [Float]
    private var stepCount = 0

    /// An Adam optimizer for `parameterCount` parameters.
    public init(learningRate: Float, weightDecay: Float = 0, parameterCount: Int) {
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        self.firstMoment = [Float](repeating: 0, count: parameterCount)
        self.secondMoment = [Float](repeating: 0, count: parameterCount)
    }

    public mutating func step(parameters: inout [Float], gradients: [Float]) {
        precondition(parameters.count == gradients.count && firstMoment.count == gradients.count)
        stepCount += 1
        let t = Float(stepCount)
        let correction1 = 1 - powf(beta1, t)
        let correction2 = 1 - powf(beta2, t)
        let stepSize = learningRate / correction1
        let inverseCorrection2 = 1 / correction2
        let (b1, b2, eps, decay) = (beta1, beta2, epsilon, weightDecay)
        let (keep1, keep2) = (1 - b1, 1 - b2)
        let count = parameters.count
        parameters.withUnsafeMutableBufferPointer { thetaBuffer in
            gradients.withUnsafeBufferPointer { gBuffer in
                firstMoment.withUnsafeMutableBufferPointer { mBuffer in
                    secondMoment.withUnsafeMutableBufferPointer { vBuffer in
                        guard let theta = thetaBuffer.baseAddress, let g = gBuffer.baseAddress,
                            let m = mBuffer.baseAddress, let v = vBuffer.baseAddress
                        else { return }
                        // Each parameter's update is independent: the two halves run on two
                        // cores without changing a bit.
                        SplitWorker.forHalves(of: count) { range in
                            // Eight parameters per iteration; each lane is the scalar update below.
                            var i = range.lowerBound
                            while i &+ 8 <= range.upperBound {
                                let t = SIMDKernels.load(theta + i)
                                let grad = SIMDKernels.load(g + i) + decay * t
                                let m1 = b1 * SIMDKernels.load(m + i) + keep1 * grad
                                let v1 = b2 * SIMDKernels.load(v + i) + keep2 * grad * grad
                                let denominator = (v1 * inverseCorrection2).squareRoot() + eps
                                SIMDKernels.store(m1, m + i)
                                SIMDKernels.store(v1, v + i)
                                SIMDKernels.store(t - stepSize * m1 / denominator, theta + i)
                                i &+= 8
                            }
                            while i < range.upperBound {
                                let grad = g[i] + decay * theta[i]
                                m[i] = b1 * m[i] + keep1 * grad
                                v[i] = b2 * v[i] + keep2 * grad * grad
                                let denominator = (v[i] * inverseCorrection2).squareRoot() + eps
                                theta[i] -= stepSize * m[i] / denominator
                                i &+= 1
                            }
                        }
                    }
                }
            }
        }
    }
}

private func powf(_ base: Float, _ exponent: Float) -> Float {
    Math.exp(exponent * Math.log(base))
}
