import AmuletTensor
import Foundation

/// A small transformer encoder over token ids: embedding plus sinusoidal positions, `layers`
/// blocks of single-head self-attention and a ReLU feed-forward network, each followed by a
/// residual connection and layer normalisation (post-norm, as in the paper), then the mean
/// of the token vectors.
///
/// Per block, with X the token vectors of one sentence (n × d):
///   [Q K V] = X·W_qkv + b_qkv,  A = softmax(Q·Kᵀ/√d) over its non-padding keys,
///   X₁ = LN(X + A·V·W_o + b_o),  X₂ = LN(X₁ + ReLU(X₁·W₁ + b₁)·W₂ + b₂).
/// Output: (1/n) Σ_t X_L[t] over the sentence's non-padding tokens. Padding after the last
/// word is not computed at all: each sentence's tokens are packed, so a batch of short
/// sentences costs its real length, and every position-wise map is one sgemm over the batch.
///
/// Backward keeps ∂L/∂(output) of every linear map and layer norm, so the summed parameter
/// gradient (optionally with per-sample factors cᵢ) and each sample's squared gradient norm
/// (for DP-SGD) are formed from the same caches: a sample's gradient is linear in its own
/// output gradient. The embedding's per-sample gradient is sparse (only its words' rows).
///
/// Reference: Vaswani et al., "Attention Is All You Need", NeurIPS 2017.
public struct TransformerEncoder: Layer {
    /// Sizes.
    public let shape: TransformerShape
    public var parameterOffset = 0
    public var stateOffset = 0
    /// Sinusoidal position encodings, length × width.
    private let positional: [Float]

    /// The forward values of one block.
    private struct BlockCache {
        var input = Matrix(rows: 0, cols: 0)
        var qkv = Matrix(rows: 0, cols: 0)
        var attention: [Float] = []
        var mixed = Matrix(rows: 0, cols: 0)
        var normalised1 = Matrix(rows: 0, cols: 0)
        var inverse1: [Float] = []
        var x1 = Matrix(rows: 0, cols: 0)
        var preActivation = Matrix(rows: 0, cols: 0)
        var activation = Matrix(rows: 0, cols: 0)
        var normalised2 = Matrix(rows: 0, cols: 0)
        var inverse2: [Float] = []
    }

    /// ∂L/∂(output) of each map of one block.
    private struct BlockGradients {
        var qkv = Matrix(rows: 0, cols: 0)
        var output = Matrix(rows: 0, cols: 0)
        var norm1 = Matrix(rows: 0, cols: 0)
        var feed1 = Matrix(rows: 0, cols: 0)
        var feed2 = Matrix(rows: 0, cols: 0)
        var norm2 = Matrix(rows: 0, cols: 0)
    }

    /// Packed row where each sample starts (one more entry than samples).
    private var starts: [Int] = []
    /// Each packed row's sample.
    private var sampleOf: [Int] = []
    /// Each packed row's token id.
    private var tokens: [Int] = []
    /// Whether each packed row is a word (a key attention may read, a row pooling averages).
    private var valid: [Bool] = []
    /// Where each sample's n × n attention matrix starts in a block's `attention`.
    private var attentionStarts: [Int] = []
    private var caches: [BlockCache] = []
    private var gradients: [BlockGradients] = []
    private var embeddingGradient = Matrix(rows: 0, cols: 0)

    /// An encoder of `shape`.
    public init(shape: TransformerShape) {
        self.shape = shape
        var table = [Float](repeating: 0, count: shape.length * shape.width)
        for position in 0..<shape.length {
            for i in stride(from: 0, to: shape.width, by: 2) {
                let angle =
                    Double(position) / pow(10_000, Double(i) / Double(shape.width))
                table[position * shape.width + i] = Float(sin(angle))
                if i + 1 < shape.width { table[position * shape.width + i + 1] = Float(cos(angle)) }
            }
        }
        self.positional = table
    }

    public var parameterCount: Int { shape.parameterCount }

    public func initialize(
        parameters: inout [Float], state: inout [Float], rng: inout SeededGenerator
    ) {
        let (d, f, o) = (shape.width, shape.hidden, parameterOffset)
        for i in 0..<(shape.vocabulary * d) { parameters[o + i] = rng.normal(mean: 0, std: 1) }
        func uniform(_ start: Int, _ count: Int, fanIn: Int) {
            FanInUniform.fill(
                &parameters, offset: o + start, count: count, fanIn: fanIn, rng: &rng)
        }
        for l in 0..<shape.layers {
            let b = shape.block(l)
            uniform(b.qkv, 3 * d * d + 3 * d, fanIn: d)
            uniform(b.output, d * d + d, fanIn: d)
            for j in 0..<d {
                parameters[o + b.gamma1 + j] = 1
                parameters[o + b.gamma2 + j] = 1
            }
            uniform(b.feed1, d * f + f, fanIn: d)
            uniform(b.feed2, f * d + d, fanIn: f)
        }
    }

    public mutating func forward(
        _ input: Matrix, parameters: [Float], state: inout [Float], training: Bool,
        rng: inout SeededGenerator
    ) -> Matrix {
        precondition(
            input.cols == shape.length,
            "TransformerEncoder: input width \(input.cols) ≠ \(shape.length)")
        pack(input)
        let (d, f, o) = (shape.width, shape.hidden, parameterOffset)
        let total = tokens.count
        var x = Matrix(rows: total, cols: d)
        parameters.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return }
            for k in 0..<total {
                let position = k - starts[sampleOf[k]]
                for j in 0..<d {
                    x.storage[k * d + j] =
                        base[o + tokens[k] * d + j] + positional[position * d + j]
                }
            }
        }
        caches = Array(repeating: BlockCache(), count: shape.layers)
        parameters.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress.map({ $0 + o }) else { return }
            for l in 0..<shape.layers {
                let b = shape.block(l)
                var c = BlockCache()
                c.input = x
                RowKernels.linear(
                    x, parameters: base, weight: b.qkv, bias: b.qkvBias, outputWidth: 3 * d,
                    into: &c.qkv)
                attend(&c)
                var o1 = Matrix(rows: 0, cols: 0)
                RowKernels.linear(
                    c.mixed, parameters: base, weight: b.output, bias: b.outputBias,
                    outputWidth: d, into: &o1)
                for i in 0..<o1.storage.count { o1.storage[i] += x.storage[i] }
                RowKernels.layerNorm(
                    o1, parameters: base, gamma: b.gamma1, beta: b.beta1,
                    normalised: &c.normalised1, inverseDeviation: &c.inverse1, into: &c.x1)
                RowKernels.linear(
                    c.x1, parameters: base, weight: b.feed1, bias: b.feed1Bias, outputWidth: f,
                    into: &c.preActivation)
                c.activation = c.preActivation
                for i in 0..<c.activation.storage.count {
                    c.activation.storage[i] = max(0, c.activation.storage[i])
                }
                var f2 = Matrix(rows: 0, cols: 0)
                RowKernels.linear(
                    c.activation, parameters: base, weight: b.feed2, bias: b.feed2Bias,
                    outputWidth: d, into: &f2)
                for i in 0..<f2.storage.count { f2.storage[i] += c.x1.storage[i] }
                RowKernels.layerNorm(
                    f2, parameters: base, gamma: b.gamma2, beta: b.beta2,
                    normalised: &c.normalised2, inverseDeviation: &c.inverse2, into: &x)
                caches[l] = c
            }
        }
        var pooled = Matrix(rows: input.rows, cols: d)
        for i in 0..<input.rows {
            let rows = starts[i]..<starts[i + 1]
            let count = rows.filter { valid[$0] }.count
            let scale = 1 / Float(max(count, 1))
            for k in rows where valid[k] {
                for j in 0..<d { pooled.storage[i * d + j] += scale * x.storage[k * d + j] }
            }
        }
        return pooled
    }

    /// Packs each row's tokens up to its last word; a row without words keeps one padding
    /// position, which then counts as its only key and pooled row.
    private mutating func pack(_ input: Matrix) {
        starts = [0]
        sampleOf = []
        tokens = []
        valid = []
        for r in 0..<input.rows {
            let ids = (0..<input.cols).map { c -> Int in
                let value = input[r, c]
                guard value.isFinite, value >= 0, value < Float(shape.vocabulary) else { return 1 }
                return Int(value)
            }
            let end = (ids.lastIndex { $0 != 0 } ?? 0) + 1
            for t in 0..<end {
                tokens.append(ids[t])
                valid.append(ids[t] != 0 || end == 1)
                sampleOf.append(r)
            }
            starts.append(tokens.count)
        }
        attentionStarts = [0]
        for i in 0..<input.rows {
            let n = starts[i + 1] - starts[i]
            attentionStarts.append(attentionStarts[i] + n * n)
        }
    }

    /// A = softmax(QKᵀ/√d) per sample and mixed = A·V.
    private func attend(_ c: inout BlockCache) {
        let d = shape.width
        let samples = starts.count - 1
        c.attention = [Float](repeating: 0, count: attentionStarts[samples])
        c.mixed = Matrix(rows: tokens.count, cols: d)
        let scale = 1 / Float(d).squareRoot()
        let qkv = c.qkv
        c.attention.withUnsafeMutableBufferPointer { ap in
            c.mixed.storage.withUnsafeMutableBufferPointer { hp in
                qkv.storage.withUnsafeBufferPointer { qp in
                    guard let a = ap.baseAddress, let h = hp.baseAddress, let q = qp.baseAddress
                    else { return }
                    for i in 0..<samples {
                        let (s, n) = (starts[i], starts[i + 1] - starts[i])
                        let scores = a + attentionStarts[i]
                        let row = q + s * 3 * d
                        Matrix.gemmRaw(
                            m: n, n: n, k: d, alpha: scale, a: row, lda: 3 * d, transposeA: false,
                            b: row + d, ldb: 3 * d, transposeB: true, beta: 0, c: scores, ldc: n)
                        RowKernels.maskedSoftmax(scores, n: n, keyValid: valid[s..<(s + n)])
                        Matrix.gemmRaw(
                            m: n, n: d, k: n, alpha: 1, a: scores, lda: n, transposeA: false,
                            b: row + 2 * d, ldb: 3 * d, transposeB: false, beta: 0,
                            c: h + s * d, ldc: d)
                    }
                }
            }
        }
    }

    /// Backward through pooling, every block and the embedding; token ids get no gradient.
    public mutating func backward(_ outputGradient: Matrix, parameters: [Float]) -> Matrix {
        backwardSkippingInputGradient(outputGradient, parameters: parameters)
        return Matrix(rows: outputGradient.rows, cols: shape.length)
    }

    public mutating func backwardSkippingInputGradient(
        _ outputGradient: Matrix, parameters: [Float]
    ) {
        let (d, f, o) = (shape.width, shape.hidden, parameterOffset)
        precondition(
            outputGradient.rows == starts.count - 1 && caches.count == shape.layers,
            "TransformerEncoder: backward without a matching forward")
        let total = tokens.count
        var dx = Matrix(rows: total, cols: d)
        for i in 0..<outputGradient.rows {
            let rows = starts[i]..<starts[i + 1]
            let count = rows.filter { valid[$0] }.count
            let scale = 1 / Float(max(count, 1))
            for k in rows where valid[k] {
                for j in 0..<d { dx.storage[k * d + j] = scale * outputGradient[i, j] }
            }
        }
        gradients = Array(repeating: BlockGradients(), count: shape.layers)
        parameters.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress.map({ $0 + o }) else { return }
            for l in (0..<shape.layers).reversed() {
                let (b, c) = (shape.block(l), caches[l])
                var g = BlockGradients()
                g.norm2 = dx
                var dr2 = Matrix(rows: 0, cols: 0)
                RowKernels.layerNormInputGradient(
                    dx, normalised: c.normalised2, inverseDeviation: c.inverse2,
                    parameters: base, gamma: b.gamma2, into: &dr2)
                g.feed2 = dr2
                var dz = Matrix(rows: 0, cols: 0)
                RowKernels.linearInputGradient(
                    dr2, parameters: base, weight: b.feed2, inputWidth: f, accumulate: false,
                    into: &dz)
                for i in 0..<dz.storage.count where c.preActivation.storage[i] <= 0 {
                    dz.storage[i] = 0
                }
                g.feed1 = dz
                var dx1 = dr2
                RowKernels.linearInputGradient(
                    dz, parameters: base, weight: b.feed1, inputWidth: d, accumulate: true,
                    into: &dx1)
                g.norm1 = dx1
                var dr1 = Matrix(rows: 0, cols: 0)
                RowKernels.layerNormInputGradient(
                    dx1, normalised: c.normalised1, inverseDeviation: c.inverse1,
                    parameters: base, gamma: b.gamma1, into: &dr1)
                g.output = dr1
                var dh = Matrix(rows: 0, cols: 0)
                RowKernels.linearInputGradient(
                    dr1, parameters: base, weight: b.output, inputWidth: d, accumulate: false,
                    into: &dh)
                g.qkv = attentionBackward(dh, cache: c)
                dx = dr1
                RowKernels.linearInputGradient(
                    g.qkv, parameters: base, weight: b.qkv, inputWidth: d, accumulate: true,
                    into: &dx)
                gradients[l] = g
            }
        }
        embeddingGradient = dx
    }

    /// ∂L/∂[Q K V] from ∂L/∂(A·V), per sample: dA = dH·Vᵀ, dV = Aᵀ·dH,
    /// dS = A⊙(dA − rowsum(dA⊙A)), dQ = dS·K/√d, dK = dSᵀ·Q/√d.
    private func attentionBackward(_ dh: Matrix, cache c: BlockCache) -> Matrix {
        let d = shape.width
        var dqkv = Matrix(rows: tokens.count, cols: 3 * d)
        let scale = 1 / Float(d).squareRoot()
        let longest = (0..<(starts.count - 1)).map { starts[$0 + 1] - starts[$0] }.max() ?? 0
        var ds = [Float](repeating: 0, count: longest * longest)
        c.attention.withUnsafeBufferPointer { ap in
            c.qkv.storage.withUnsafeBufferPointer { qp in
                dh.storage.withUnsafeBufferPointer { hp in
                    dqkv.storage.withUnsafeMutableBufferPointer { gp in
                        ds.withUnsafeMutableBufferPointer { sp in
                            guard let a0 = ap.baseAddress, let q0 = qp.baseAddress,
                                let h0 = hp.baseAddress, let g0 = gp.baseAddress,
                                let s0 = sp.baseAddress
                            else { return }
                            for i in 0..<(starts.count - 1) {
                                let (s, n) = (starts[i], starts[i + 1] - starts[i])
                                let a = a0 + attentionStarts[i]
                                let q = q0 + s * 3 * d
                                let g = g0 + s * 3 * d
                                let h = h0 + s * d
                                Matrix.gemmRaw(
                                    m: n, n: n, k: d, alpha: 1, a: h, lda: d, transposeA: false,
                                    b: q + 2 * d, ldb: 3 * d, transposeB: true, beta: 0, c: s0,
                                    ldc: n)
                                Matrix.gemmRaw(
                                    m: n, n: d, k: n, alpha: 1, a: a, lda: n, transposeA: true,
                                    b: h, ldb: d, transposeB: false, beta: 0, c: g + 2 * d,
                                    ldc: 3 * d)
                                for r in 0..<n {
                                    var dot: Float = 0
                                    for col in 0..<n { dot += s0[r * n + col] * a[r * n + col] }
                                    for col in 0..<n {
                                        s0[r * n + col] = a[r * n + col] * (s0[r * n + col] - dot)
                                    }
                                }
                                Matrix.gemmRaw(
                                    m: n, n: d, k: n, alpha: scale, a: s0, lda: n,
                                    transposeA: false, b: q + d, ldb: 3 * d, transposeB: false,
                                    beta: 0, c: g, ldc: 3 * d)
                                Matrix.gemmRaw(
                                    m: n, n: d, k: n, alpha: scale, a: s0, lda: n,
                                    transposeA: true, b: q, ldb: 3 * d, transposeB: false,
                                    beta: 0, c: g + d, ldc: 3 * d)
                            }
                        }
                    }
                }
            }
        }
        return dqkv
    }

    public mutating func releaseCaches(keepingWorkspaces: Bool) {
        caches = []
        gradients = []
        embeddingGradient = Matrix(rows: 0, cols: 0)
    }

    /// `m` with each packed row multiplied by its sample's factor.
    private func scaled(_ m: Matrix, by rowScale: [Float]?) -> Matrix {
        guard let rowScale else { return m }
        var out = m
        for k in 0..<m.rows {
            let factor = rowScale[sampleOf[k]]
            for j in 0..<m.cols { out.storage[k * m.cols + j] *= factor }
        }
        return out
    }

    /// Σᵢ cᵢ·∂ℓᵢ/∂θ: every cached output gradient with its rows scaled by their sample's cᵢ.
    public mutating func accumulateParameterGradients(
        rowScale: [Float]?, gradients sums: inout [Float]
    ) {
        precondition(gradients.count == shape.layers, "TransformerEncoder: no backward to add")
        let (d, o) = (shape.width, parameterOffset)
        sums.withUnsafeMutableBufferPointer { sp in
            guard let base = sp.baseAddress.map({ $0 + o }) else { return }
            for l in 0..<shape.layers {
                let (b, c, g) = (shape.block(l), caches[l], gradients[l])
                RowKernels.linearParameterGradient(
                    x: c.input, dy: scaled(g.qkv, by: rowScale), weight: b.qkv, bias: b.qkvBias,
                    gradients: base)
                RowKernels.linearParameterGradient(
                    x: c.mixed, dy: scaled(g.output, by: rowScale), weight: b.output,
                    bias: b.outputBias, gradients: base)
                RowKernels.layerNormParameterGradient(
                    dy: scaled(g.norm1, by: rowScale), normalised: c.normalised1,
                    rows: 0..<tokens.count, gamma: base + b.gamma1, beta: base + b.beta1)
                RowKernels.linearParameterGradient(
                    x: c.x1, dy: scaled(g.feed1, by: rowScale), weight: b.feed1,
                    bias: b.feed1Bias, gradients: base)
                RowKernels.linearParameterGradient(
                    x: c.activation, dy: scaled(g.feed2, by: rowScale), weight: b.feed2,
                    bias: b.feed2Bias, gradients: base)
                RowKernels.layerNormParameterGradient(
                    dy: scaled(g.norm2, by: rowScale), normalised: c.normalised2,
                    rows: 0..<tokens.count, gamma: base + b.gamma2, beta: base + b.beta2)
            }
            for k in 0..<tokens.count {
                let factor = rowScale?[sampleOf[k]] ?? 1
                let row = base + tokens[k] * d
                for j in 0..<d { row[j] += factor * embeddingGradient.storage[k * d + j] }
            }
        }
    }

    /// ‖∂ℓᵢ/∂θ‖² per sample: each weight's xᵢᵀ·dyᵢ formed in a scratch buffer, biases and
    /// layer-norm parameters as row sums, the embedding as one summed row per distinct word.
    public func accumulatePerSampleSquaredNorms(into norms: inout [Float]) {
        precondition(
            norms.count == starts.count - 1 && gradients.count == shape.layers,
            "TransformerEncoder: norms for another batch")
        let (d, f) = (shape.width, shape.hidden)
        var scratch = [Float](repeating: 0, count: max(3 * d * d, d * f))
        var vector = [Float](repeating: 0, count: max(3 * d, f))
        var vector2 = [Float](repeating: 0, count: d)
        func linearNorm(_ x: Matrix, _ dy: Matrix, rows: Range<Int>) -> Float {
            let (inW, outW, n) = (x.cols, dy.cols, rows.count)
            var total: Float = 0
            x.storage.withUnsafeBufferPointer { xp in
                dy.storage.withUnsafeBufferPointer { gp in
                    scratch.withUnsafeMutableBufferPointer { wp in
                        guard let xb = xp.baseAddress, let gb = gp.baseAddress,
                            let w = wp.baseAddress
                        else { return }
                        Matrix.gemmRaw(
                            m: inW, n: outW, k: n, alpha: 1, a: xb + rows.lowerBound * inW,
                            lda: inW, transposeA: true, b: gb + rows.lowerBound * outW,
                            ldb: outW, transposeB: false, beta: 0, c: w, ldc: outW)
                        total += SIMDKernels.squaredNorm(w, count: inW * outW)
                    }
                }
            }
            for j in 0..<outW { vector[j] = 0 }
            for k in rows { for j in 0..<outW { vector[j] += dy.storage[k * outW + j] } }
            for j in 0..<outW { total += vector[j] * vector[j] }
            return total
        }
        func normNorm(_ dy: Matrix, _ xhat: Matrix, rows: Range<Int>) -> Float {
            for j in 0..<d {
                vector[j] = 0
                vector2[j] = 0
            }
            for k in rows {
                for j in 0..<d {
                    vector[j] += dy.storage[k * d + j] * xhat.storage[k * d + j]
                    vector2[j] += dy.storage[k * d + j]
                }
            }
            var total: Float = 0
            for j in 0..<d { total += vector[j] * vector[j] + vector2[j] * vector2[j] }
            return total
        }
        for i in 0..<(starts.count - 1) {
            let rows = starts[i]..<starts[i + 1]
            var total: Float = 0
            for l in 0..<shape.layers {
                let (c, g) = (caches[l], gradients[l])
                total += linearNorm(c.input, g.qkv, rows: rows)
                total += linearNorm(c.mixed, g.output, rows: rows)
                total += normNorm(g.norm1, c.normalised1, rows: rows)
                total += linearNorm(c.x1, g.feed1, rows: rows)
                total += linearNorm(c.activation, g.feed2, rows: rows)
                total += normNorm(g.norm2, c.normalised2, rows: rows)
            }
            var byWord: [Int: [Float]] = [:]
            for k in rows {
                var row = byWord[tokens[k]] ?? [Float](repeating: 0, count: d)
                for j in 0..<d { row[j] += embeddingGradient.storage[k * d + j] }
                byWord[tokens[k]] = row
            }
            for row in byWord.values { total += row.reduce(0) { $0 + $1 * $1 } }
            norms[i] += total
        }
    }
}
