import AmuletTensor
import Foundation
import Testing

@testable import AmuletRisks

/// The FFT against a direct DFT, and the PRV self-composition against direct convolution.
@Suite struct RadixTwoFFTTests {
    @Test func forwardMatchesTheDirectDFTAndInverseUndoesIt() {
        var rng = SeededGenerator(seed: 4)
        let n = 64
        let x = (0..<n).map { _ in rng.uniformDouble() - 0.5 }
        let y = (0..<n).map { _ in rng.uniformDouble() - 0.5 }
        var re = x
        var im = y
        let fft = RadixTwoFFT(count: n)
        fft.transform(real: &re, imaginary: &im, inverse: false)
        for k in [0, 1, 5, 31, 32, 63] {
            var sumRe = 0.0
            var sumIm = 0.0
            for j in 0..<n {
                let angle = -2 * Double.pi * Double(j * k) / Double(n)
                sumRe += x[j] * cos(angle) - y[j] * sin(angle)
                sumIm += x[j] * sin(angle) + y[j] * cos(angle)
            }
            #expect(abs(re[k] - sumRe) < 1e-12 && abs(im[k] - sumIm) < 1e-12)
        }
        fft.transform(real: &re, imaginary: &im, inverse: true)
        for j in 0..<n { #expect(abs(re[j] - x[j]) < 1e-14 && abs(im[j] - y[j]) < 1e-14) }
    }

    @Test func selfCompositionMatchesDirectConvolution() {
        // Mass on indices 14…19 of 32 (zeroIndex 16, step 0.5): the threefold sum's indices run
        // 42…57 and land on output indices 10…25 (index − 2·zeroIndex), inside the window, so
        // the circular convolution must equal the direct one there and be 0 elsewhere.
        let mass = [0.05, 0.1, 0.4, 0.25, 0.15, 0.05]
        var pmf = [Double](repeating: 0, count: 32)
        for (k, m) in mass.enumerated() { pmf[14 + k] = m }
        let prv = DiscretePRV(pmf: pmf, zeroIndex: 16, step: 0.5, shift: 0.01)
        var direct = [Double](repeating: 0, count: 96)
        for i in 0..<32 {
            for j in 0..<32 {
                for k in 0..<32 { direct[i + j + k] += pmf[i] * pmf[j] * pmf[k] }
            }
        }
        let composed = prv.composed(count: 3)
        #expect(abs(composed.shift - 0.03) < 1e-15)
        #expect(abs(composed.position(26) - 5.03) < 1e-12)
        for j in 0..<32 {
            #expect(abs(composed.pmf[j] - direct[j + 32]) < 1e-15, "index \(j)")
        }
    }
}
