import AmuletTensor

/// The one weight initialisation of the affine layers (dense, convolution, the transformer's
/// linear maps): every weight and bias drawn from U(−1/√fan-in, 1/√fan-in), in buffer order.
///
/// This is what PyTorch's `nn.Linear` and `nn.Conv2d` draw: Kaiming-uniform with a = √5 gives
/// the weight bound √(6/((1 + a²)·fan-in)) = 1/√fan-in, and the bias uses the same bound. The
/// fan-in is the inputs one output sums: `in` for a dense layer, C·k·k for a convolution.
/// Values are drawn one after the other from `rng`, so a seed gives the same parameters
/// whichever layer calls.
///
/// Reference: He, Zhang, Ren & Sun, "Delving Deep into Rectifiers", ICCV 2015 (the fan-in
/// scaling); PyTorch's `reset_parameters` of `nn.Linear` and `nn.Conv2d` (a = √5, the bias).
public enum FanInUniform {
    /// Fills `count` values of `parameters` from `offset` with draws from U(−1/√fanIn, 1/√fanIn).
    public static func fill(
        _ parameters: inout [Float], offset: Int, count: Int, fanIn: Int,
        rng: inout SeededGenerator
    ) {
        let bound = 1 / Float(max(fanIn, 1)).squareRoot()
        for i in offset..<(offset + count) {
            parameters[i] = rng.uniform(-bound, bound)
        }
    }

    /// `count` draws from U(−1/√fanIn, 1/√fanIn), appended to `values`.
    public static func append(
        to values: inout [Float], count: Int, fanIn: Int, rng: inout SeededGenerator
    ) {
        let start = values.count
        values.append(contentsOf: repeatElement(0, count: count))
        fill(&values, offset: start, count: count, fanIn: fanIn, rng: &rng)
    }
}
