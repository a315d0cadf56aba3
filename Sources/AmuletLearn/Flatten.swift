import AmuletTensor

/// Flattening is the identity here: images are already rows of flattened C×H×W pixels.
///
/// It exists so architectures read like their PyTorch counterparts and checkpoints name it.
public struct Flatten: Layer {
    public var parameterOffset = 0
    public var stateOffset = 0

    /// A flatten layer.
    public init() {}

    /// y = x (rows are already flat).
    public mutating func forward(
        _ input: Matrix, parameters: [Float], state: inout [Float], training: Bool,
        rng: inout SeededGenerator
    ) -> Matrix { input }

    /// ∂L/∂x = ∂L/∂y.
    public mutating func backward(_ outputGradient: Matrix, parameters: [Float]) -> Matrix {
        outputGradient
    }
}
