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
        mask = [Float](repeating: 0, count: input.count)
        for i in mask.indices where rng.uniformFloat() >= rate { mask[i] = 1 / keep }
        var output = input
        for i in output.storage.indices { output.storage[i] *= mask[i] }
        return output
    }

    /// ∂L/∂x = ∂L/∂y ⊙ m / (1 − p).
    public mutating func backward(_ outputGradient: Matrix, parameters: [Float]) -> Matrix {
        guard rate > 0, mask.count == outputGradient.count else { return outputGradient }
        var inputGradient = outputGradient
        for i in inputGradient.storage.indices { inputGradient.storage[i] *= mask[i] }
        return inputGradient
    }
}
