import AmuletTensor

/// A fixed elementwise affine map y = x ⊙ s + t, with s and t constants of one row's width.
///
/// Imported models normalise their inputs with constant Sub, Mul, Div and Add nodes (such as
/// (x − mean) / std); they are constants of the model, not trained, so they sit in the layer
/// rather than the parameter buffer. A constant broadcast over channels is expanded to the
/// row's full width when imported.
public struct ConstantAffine: Layer {
    /// The factor s, one per column.
    public let scale: [Float]
    /// The offset t, one per column.
    public let shift: [Float]
    public var parameterOffset = 0
    public var stateOffset = 0

    /// y = x ⊙ scale + shift; both arrays have the row's width.
    public init(scale: [Float], shift: [Float]) {
        precondition(scale.count == shift.count, "ConstantAffine: scale and shift widths differ")
        self.scale = scale
        self.shift = shift
    }

    /// y = x ⊙ s + t, row by row.   x, y: (batch, width)
    public mutating func forward(
        _ input: Matrix, parameters: [Float], state: inout [Float], training: Bool,
        rng: inout SeededGenerator
    ) -> Matrix {
        precondition(input.cols == scale.count, "ConstantAffine: input width \(input.cols)")
        var output = input
        output.multiplyEachRow(by: scale)
        output.addToEachRow(shift)
        return output
    }

    /// ∂L/∂x = ∂L/∂y ⊙ s.
    public mutating func backward(_ outputGradient: Matrix, parameters: [Float]) -> Matrix {
        var gradient = outputGradient
        gradient.multiplyEachRow(by: scale)
        return gradient
    }
}
