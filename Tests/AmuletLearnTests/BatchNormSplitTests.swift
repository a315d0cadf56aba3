import AmuletTensor
import AmuletTestSupport
import Testing

@testable import AmuletLearn

/// Batch-norm on a batch large enough that its features are cut in two halves on two cores:
/// the bits of a plain column-by-column loop in the same order of operations.
@Suite struct BatchNormSplitTests {
    @Test func aSplitBatchGivesTheBitsOfTheColumnByColumnFormula() {
        // 200 × 136 features: over the split threshold, cut at feature 64.
        let (rows, width) = (200, 136)
        var rng = SeededGenerator(seed: 31)
        let x = TestSupport.randomMatrix(rows: rows, cols: width, scale: 2, rng: &rng)
        let g = TestSupport.randomMatrix(rows: rows, cols: width, scale: 1, rng: &rng)
        var parameters = [Float](repeating: 0, count: 2 * width)
        for c in 0..<width {
            parameters[c] = 1 + Float(c) / 100
            parameters[width + c] = Float(c % 7) / 10 - 0.3
        }
        var state = [Float](repeating: 0, count: 2 * width)
        var layer = BatchNorm(width: width)
        layer.initialize(parameters: &parameters, state: &state, rng: &rng)
        for c in 0..<width {
            parameters[c] = 1 + Float(c) / 100
            parameters[width + c] = Float(c % 7) / 10 - 0.3
        }
        let y = layer.forward(x, parameters: parameters, state: &state, training: true, rng: &rng)
        let dx = layer.backward(g, parameters: parameters)

        let n = Float(rows)
        var expectedY = Matrix(rows: rows, cols: width)
        var expectedDx = Matrix(rows: rows, cols: width)
        for c in 0..<width {
            var mean: Float = 0
            for r in 0..<rows { mean += x[r, c] }
            mean /= n
            var variance: Float = 0
            for r in 0..<rows {
                let d = x[r, c] - mean
                variance += d * d
            }
            variance /= n
            let s = 1 / (variance + layer.epsilon).squareRoot()
            var gradientSum: Float = 0
            var gradientDot: Float = 0
            for r in 0..<rows {
                let h = (x[r, c] - mean) * s
                expectedY[r, c] = h * parameters[c] + parameters[width + c]
                gradientSum += g[r, c]
                gradientDot += g[r, c] * h
            }
            for r in 0..<rows {
                let h = (x[r, c] - mean) * s
                let centered = n * g[r, c] - gradientSum - h * gradientDot
                expectedDx[r, c] = parameters[c] * s * centered / n
            }
        }
        #expect(y.storage == expectedY.storage)
        #expect(dx.storage == expectedDx.storage)
    }
}
