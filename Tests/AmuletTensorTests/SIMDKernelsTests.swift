import AmuletTensor
import Testing

/// The 8-wide kernels against the scalar formulas, lane by lane and through the scalar tail.
@Suite struct SIMDKernelsTests {
    /// Values with both signs, zeros of both signs and a NaN, long enough for two chunks and a
    /// tail of three.
    let values: [Float] = [
        -1.5, 2, 0, -0.0, .nan, 3.25, -7, 1e-30, 4, -2, 0.5, -0.25, 9, -8, 6, .nan, -1, 2, 0,
    ]

    @Test func reluKeepsPositivesAndNaNsAndZeroesNegatives() {
        var output = [Float](repeating: 42, count: values.count)
        values.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                SIMDKernels.relu(x.baseAddress!, into: y.baseAddress!, count: values.count)
            }
        }
        for (x, y) in zip(values, output) {
            if x.isNaN {
                #expect(y.isNaN)
            } else {
                #expect(y.bitPattern == (x < 0 ? Float(0) : x).bitPattern)
            }
        }
    }

    @Test func reluBackwardPassesTheGradientWhereTheOutputIsPositive() {
        let gradient = values.indices.map { Float($0) + 1 }
        var result = [Float](repeating: 42, count: values.count)
        values.withUnsafeBufferPointer { y in
            gradient.withUnsafeBufferPointer { g in
                result.withUnsafeMutableBufferPointer { dx in
                    SIMDKernels.reluBackward(
                        output: y.baseAddress!, gradient: g.baseAddress!, into: dx.baseAddress!,
                        count: values.count)
                }
            }
        }
        // y ≤ 0 is false for a NaN, so its gradient passes (as the scalar `y <= 0 ? 0 : g`).
        let expected = zip(values, gradient).map { y, g in y <= 0 ? Float(0) : g }
        #expect(result == expected)
        #expect(result[4] == 5 && result[0] == 0 && result[1] == 2)
    }

    @Test func accumulateAddsElementwise() {
        var sum = [Float](repeating: 1, count: 11)
        let x = (0..<11).map { Float($0) }
        x.withUnsafeBufferPointer { xs in
            sum.withUnsafeMutableBufferPointer { s in
                SIMDKernels.accumulate(xs.baseAddress!, into: s.baseAddress!, count: 11)
            }
        }
        #expect(sum == (0..<11).map { Float($0) + 1 })
    }

    @Test func squaredNormMatchesADoublePrecisionSumThroughTheTail() {
        let finite = values.filter { !$0.isNaN }
        for count in [0, 3, 8, 11, finite.count] {
            let expected = finite[0..<count].reduce(0.0) { $0 + Double($1) * Double($1) }
            let norm = finite.withUnsafeBufferPointer {
                SIMDKernels.squaredNorm($0.baseAddress!, count: count)
            }
            #expect(abs(Double(norm) - expected) <= 1e-6 * max(expected, 1))
        }
    }

    @Test func scaleMultipliesEveryElementIncludingTheTail() {
        var output = [Float](repeating: 42, count: values.count)
        values.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                SIMDKernels.scale(
                    x.baseAddress!, by: -0.5, into: y.baseAddress!, count: values.count)
            }
        }
        for (x, y) in zip(values, output) {
            if x.isNaN {
                #expect(y.isNaN)
            } else {
                #expect(y.bitPattern == (x * -0.5).bitPattern)
            }
        }
    }
}
