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
            // Sums shifted by the first row, in row order.
            var sum: Float = 0
            var squares: Float = 0
            for r in 0..<rows {
                let d = x[r, c] - x[0, c]
                sum += d
                squares += d * d
            }
            let shiftedMean = sum / n
            let mean = x[0, c] + shiftedMean
            let variance = max(0, squares / n - shiftedMean * shiftedMean)
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
                expectedDx[r, c] = (parameters[c] * s / n) * centered
            }
        }
        #expect(y.storage == expectedY.storage)
        #expect(dx.storage == expectedDx.storage)
    }

    /// Features around 1000 with spread 0.1: Σx²/N − μ² in Float would lose every digit (x²
    /// is resolved to 0.06, the variance is 0.01); the shifted sums keep the normalised
    /// output at mean 0 and variance σ²/(σ² + ε) to a thousandth, against Double sums.
    @Test func statisticsStayAccurateWhenTheMeanDwarfsTheSpread() {
        let (rows, width) = (256, 8)
        var rng = SeededGenerator(seed: 5)
        var x = Matrix(rows: rows, cols: width)
        for i in x.storage.indices { x.storage[i] = 1000 + 0.1 * Float(rng.normal()) }
        var parameters = [Float](repeating: 0, count: 2 * width)
        var state = [Float](repeating: 0, count: 2 * width)
        var layer = BatchNorm(width: width)
        layer.initialize(parameters: &parameters, state: &state, rng: &rng)
        let y = layer.forward(x, parameters: parameters, state: &state, training: true, rng: &rng)
        for c in 0..<width {
            var (sum, squares) = (0.0, 0.0)
            for r in 0..<rows { sum += Double(x[r, c]) }
            let mean = sum / Double(rows)
            for r in 0..<rows { squares += (Double(x[r, c]) - mean) * (Double(x[r, c]) - mean) }
            let variance = squares / Double(rows)
            let expected = variance / (variance + Double(layer.epsilon))
            var (outSum, outSquares) = (0.0, 0.0)
            for r in 0..<rows {
                outSum += Double(y[r, c])
                outSquares += Double(y[r, c]) * Double(y[r, c])
            }
            #expect(abs(outSum / Double(rows)) < 1e-3)
            #expect(abs(outSquares / Double(rows) - expected) < 1e-3)
        }
    }
}
