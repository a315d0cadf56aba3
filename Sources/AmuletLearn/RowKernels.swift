import AmuletTensor
import Foundation

/// Row-wise kernels of the transformer encoder: position-wise linear maps through BLAS, layer
/// normalisation and the masked softmax, each with its backward.
///
/// Matrices are row-major with one row per token; weights are stored input × output, so a
/// linear map is one sgemm over every token of the batch at once.
enum RowKernels {
    /// y = x·W + b, W (in × out) at `weight`, b at `bias`; y is resized.
    static func linear(
        _ x: Matrix, parameters: UnsafePointer<Float>, weight: Int, bias: Int, outputWidth: Int,
        into y: inout Matrix
    ) {
        let (rows, inW, outW) = (x.rows, x.cols, outputWidth)
        y.resize(rows: rows, cols: outW)
        y.storage.withUnsafeMutableBufferPointer { yp in
            guard let yBase = yp.baseAddress else { return }
            for r in 0..<rows { (yBase + r * outW).update(from: parameters + bias, count: outW) }
            x.storage.withUnsafeBufferPointer { xp in
                Matrix.gemmRaw(
                    m: rows, n: outW, k: inW, alpha: 1, a: xp.baseAddress, lda: inW,
                    transposeA: false, b: parameters + weight, ldb: outW, transposeB: false,
                    beta: 1, c: yBase, ldc: outW)
            }
        }
    }

    /// dx (+)= dy·Wᵀ; `accumulate` adds into dx instead of overwriting it.
    static func linearInputGradient(
        _ dy: Matrix, parameters: UnsafePointer<Float>, weight: Int, inputWidth: Int,
        accumulate: Bool, into dx: inout Matrix
    ) {
        let (rows, outW) = (dy.rows, dy.cols)
        if !accumulate { dx.resize(rows: rows, cols: inputWidth) }
        dy.storage.withUnsafeBufferPointer { gp in
            dx.storage.withUnsafeMutableBufferPointer { dp in
                Matrix.gemmRaw(
                    m: rows, n: inputWidth, k: outW, alpha: 1, a: gp.baseAddress, lda: outW,
                    transposeA: false, b: parameters + weight, ldb: outW, transposeB: true,
                    beta: accumulate ? 1 : 0, c: dp.baseAddress, ldc: inputWidth)
            }
        }
    }

    /// dW += xᵀ·dy and db += Σ rows of dy, into `gradients` at `weight` and `bias`.
    static func linearParameterGradient(
        x: Matrix, dy: Matrix, weight: Int, bias: Int, gradients: UnsafeMutablePointer<Float>
    ) {
        let (rows, inW, outW) = (x.rows, x.cols, dy.cols)
        x.storage.withUnsafeBufferPointer { xp in
            dy.storage.withUnsafeBufferPointer { gp in
                Matrix.gemmRaw(
                    m: inW, n: outW, k: rows, alpha: 1, a: xp.baseAddress, lda: inW,
                    transposeA: true, b: gp.baseAddress, ldb: outW, transposeB: false, beta: 1,
                    c: gradients + weight, ldc: outW)
                guard let gBase = gp.baseAddress else { return }
                for r in 0..<rows {
                    SIMDKernels.accumulate(gBase + r * outW, into: gradients + bias, count: outW)
                }
            }
        }
    }

    /// Layer normalisation of each row: x̂ = (x − μ)/√(σ² + ε), y = γ⊙x̂ + β; keeps x̂ and
    /// 1/√(σ² + ε) for the backward pass.
    ///
    /// Reference: Ba, Kiros & Hinton, "Layer Normalization", arXiv:1607.06450 (2016).
    static func layerNorm(
        _ x: Matrix, parameters: UnsafePointer<Float>, gamma: Int, beta: Int,
        normalised: inout Matrix, inverseDeviation: inout [Float], into y: inout Matrix
    ) {
        let (rows, w) = (x.rows, x.cols)
        normalised.resize(rows: rows, cols: w)
        y.resize(rows: rows, cols: w)
        inverseDeviation = [Float](repeating: 0, count: rows)
        let epsilon: Float = 1e-5
        for r in 0..<rows {
            var mean: Float = 0
            for j in 0..<w { mean += x.storage[r * w + j] }
            mean /= Float(w)
            var variance: Float = 0
            for j in 0..<w {
                let d = x.storage[r * w + j] - mean
                variance += d * d
            }
            variance /= Float(w)
            let inverse = 1 / (variance + epsilon).squareRoot()
            inverseDeviation[r] = inverse
            for j in 0..<w {
                let xhat = (x.storage[r * w + j] - mean) * inverse
                normalised.storage[r * w + j] = xhat
                y.storage[r * w + j] = parameters[gamma + j] * xhat + parameters[beta + j]
            }
        }
    }

    /// ∂L/∂x of layer normalisation: (1/σ)(ĝ − mean(ĝ) − x̂·mean(ĝ⊙x̂)) with ĝ = γ⊙∂L/∂y.
    static func layerNormInputGradient(
        _ dy: Matrix, normalised: Matrix, inverseDeviation: [Float],
        parameters: UnsafePointer<Float>, gamma: Int, into dx: inout Matrix
    ) {
        let (rows, w) = (dy.rows, dy.cols)
        dx.resize(rows: rows, cols: w)
        for r in 0..<rows {
            var meanG: Float = 0
            var meanGX: Float = 0
            for j in 0..<w {
                let g = dy.storage[r * w + j] * parameters[gamma + j]
                meanG += g
                meanGX += g * normalised.storage[r * w + j]
            }
            meanG /= Float(w)
            meanGX /= Float(w)
            for j in 0..<w {
                let g = dy.storage[r * w + j] * parameters[gamma + j]
                dx.storage[r * w + j] =
                    inverseDeviation[r] * (g - meanG - normalised.storage[r * w + j] * meanGX)
            }
        }
    }

    /// dγ += Σ rows of ∂L/∂y⊙x̂ and dβ += Σ rows of ∂L/∂y, over `rows`.
    static func layerNormParameterGradient(
        dy: Matrix, normalised: Matrix, rows: Range<Int>, gamma: UnsafeMutablePointer<Float>,
        beta: UnsafeMutablePointer<Float>
    ) {
        let w = dy.cols
        for r in rows {
            for j in 0..<w {
                let g = dy.storage[r * w + j]
                gamma[j] += g * normalised.storage[r * w + j]
                beta[j] += g
            }
        }
    }

    /// Softmax of each of `n` rows of `scores` (n × n, row-major) over the columns where
    /// `keyValid` is true; masked columns get probability 0.
    static func maskedSoftmax(
        _ scores: UnsafeMutablePointer<Float>, n: Int, keyValid: ArraySlice<Bool>
    ) {
        let base = keyValid.startIndex
        for r in 0..<n {
            let row = scores + r * n
            var largest = -Float.infinity
            for c in 0..<n where keyValid[base + c] { largest = max(largest, row[c]) }
            var sum: Float = 0
            for c in 0..<n {
                if keyValid[base + c] {
                    let e = Foundation.exp(row[c] - largest)
                    row[c] = e
                    sum += e
                } else {
                    row[c] = 0
                }
            }
            let inverse = sum > 0 ? 1 / sum : 0
            for c in 0..<n { row[c] *= inverse }
        }
    }
}
