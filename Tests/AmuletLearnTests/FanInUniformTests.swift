import AmuletLearn
import AmuletTensor
import Testing

/// The one initialisation of the affine layers: a dense layer and a convolution with the same
/// fan-in draw the same numbers from the same seed, inside PyTorch's bound 1/√fan-in.
@Suite struct FanInUniformTests {
    @Test func denseAndConvolutionWithTheSameFanInDrawTheSameParameters() {
        // Dense 27 → 4 and a 3×3 convolution of 3 channels to 4 filters: fan-in 27, 112 values.
        var denseRNG = SeededGenerator(seed: 41)
        let dense = Network(
            layers: [Dense(inputWidth: 27, outputWidth: 4)], inputWidth: 27, outputWidth: 4,
            rng: &denseRNG)
        var convRNG = SeededGenerator(seed: 41)
        let conv = Network(
            layers: [
                Conv2D(
                    inputShape: ImageShape(channels: 3, height: 3, width: 3), outputChannels: 4,
                    kernelSize: 3, padding: 0)
            ], inputWidth: 27, outputWidth: 4, rng: &convRNG)
        #expect(dense.parameters.count == 112)
        #expect(conv.parameters == dense.parameters)
        // The values are the generator's uniforms in order, mapped onto (−1/√27, 1/√27).
        var rng = SeededGenerator(seed: 41)
        let bound = 1 / Float(27).squareRoot()
        let expected = (0..<112).map { _ in -bound + 2 * bound * rng.uniformFloat() }
        #expect(dense.parameters == expected)
        let largest = dense.parameters.map(abs).max() ?? 0
        #expect(largest < bound && largest > 0.15)
    }
}
