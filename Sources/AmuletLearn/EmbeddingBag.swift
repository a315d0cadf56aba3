import AmuletTensor

/// The mean of a sentence's word embeddings: fastText's sentence representation.
///
/// Input rows are token ids (as `Float`, 0 = padding); output row i is
/// hᵢ = (1/nᵢ) Σ_{t : idₜ ≠ 0} E[idₜ], with nᵢ the number of non-padding tokens (hᵢ = 0 when
/// there are none). E (vocabulary × width) is stored row-major at `parameterOffset` and starts
/// uniform in ±1/width, as fastText initialises its input matrix. An id outside the table
/// (only possible from a hand-edited file) reads the out-of-vocabulary row 1.
///
/// Gradients are sparse: sample i touches only the rows of its own words, ∂ℓᵢ/∂E[w] =
/// (cᵢ,w/nᵢ)·gᵢ with cᵢ,w the count of w in sentence i, so the per-sample squared norm is
/// ‖gᵢ‖²·Σ_w cᵢ,w² / nᵢ² and the summed gradient adds gᵢ/nᵢ to one row per token, without
/// forming a vocabulary-sized per-sample gradient.
///
/// Reference: Joulin et al., "Bag of Tricks for Efficient Text Classification", EACL 2017.
public struct EmbeddingBag: Layer {
    /// Rows of the table (the vocabulary's size).
    public let vocabulary: Int
    /// Width of each embedding.
    public let width: Int
    /// Tokens per input row.
    public let length: Int
    public var parameterOffset = 0
    public var stateOffset = 0
    /// Each row's token ids (padding dropped), from the last forward.
    private var cachedTokens: [[Int]] = []
    private var cachedOutputGradient = Matrix(rows: 0, cols: 0)

    /// A table of `vocabulary` × `width` over rows of `length` ids.
    public init(vocabulary: Int, width: Int, length: Int) {
        self.vocabulary = max(2, vocabulary)
        self.width = width
        self.length = length
    }

    public var parameterCount: Int { vocabulary * width }

    public func initialize(
        parameters: inout [Float], state: inout [Float], rng: inout SeededGenerator
    ) {
        let bound = 1 / Float(width)
        for i in parameterOffset..<(parameterOffset + parameterCount) {
            parameters[i] = rng.uniform(-bound, bound)
        }
    }

    /// The ids of one row with padding dropped; ids outside the table become the unknown id.
    static func tokens(of input: Matrix, row: Int, vocabulary: Int) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(input.cols)
        for c in 0..<input.cols {
            let value = input[row, c]
            guard value.isFinite else {
                out.append(1)
                continue
            }
            let id = value >= 0 && value < Float(vocabulary) ? Int(value) : 1
            if id != 0 { out.append(id) }
        }
        return out
    }

    public mutating func forward(
        _ input: Matrix, parameters: [Float], state: inout [Float], training: Bool,
        rng: inout SeededGenerator
    ) -> Matrix {
        precondition(input.cols == length, "EmbeddingBag: input width \(input.cols) ≠ \(length)")
        var output = Matrix(rows: input.rows, cols: width)
        cachedTokens = (0..<input.rows).map {
            EmbeddingBag.tokens(of: input, row: $0, vocabulary: vocabulary)
        }
        let (w, offset) = (width, parameterOffset)
        parameters.withUnsafeBufferPointer { p in
            output.storage.withUnsafeMutableBufferPointer { y in
                guard let table = p.baseAddress, let yBase = y.baseAddress else { return }
                for (r, tokens) in cachedTokens.enumerated() where !tokens.isEmpty {
                    let row = yBase + r * w
                    for id in tokens {
                        SIMDKernels.accumulate(table + offset + id * w, into: row, count: w)
                    }
                    let scale = 1 / Float(tokens.count)
                    for j in 0..<w { row[j] *= scale }
                }
            }
        }
        return output
    }

    /// Caches ∂L/∂h; token ids have no gradient, so ∂L/∂input is zero.
    public mutating func backward(_ outputGradient: Matrix, parameters: [Float]) -> Matrix {
        cachedOutputGradient = outputGradient
        return Matrix(rows: outputGradient.rows, cols: length)
    }

    public mutating func backwardSkippingInputGradient(
        _ outputGradient: Matrix, parameters: [Float]
    ) {
        cachedOutputGradient = outputGradient
    }

    public mutating func releaseCaches(keepingWorkspaces: Bool) {
        cachedTokens = []
        cachedOutputGradient = Matrix(rows: 0, cols: 0)
    }

    /// E[w] += Σᵢ cᵢ·(count of w in i / nᵢ)·gᵢ, one row per token.
    public mutating func accumulateParameterGradients(
        rowScale: [Float]?, gradients: inout [Float]
    ) {
        let g = cachedOutputGradient
        precondition(g.rows == cachedTokens.count, "EmbeddingBag: backward without a forward")
        let (w, offset) = (width, parameterOffset)
        var scaled = [Float](repeating: 0, count: w)
        gradients.withUnsafeMutableBufferPointer { d in
            g.storage.withUnsafeBufferPointer { gp in
                guard let base = d.baseAddress, let gBase = gp.baseAddress else { return }
                for (r, tokens) in cachedTokens.enumerated() where !tokens.isEmpty {
                    let factor = (rowScale?[r] ?? 1) / Float(tokens.count)
                    for j in 0..<w { scaled[j] = factor * gBase[r * w + j] }
                    for id in tokens {
                        SIMDKernels.accumulate(scaled, into: base + offset + id * w, count: w)
                    }
                }
            }
        }
    }

    /// ‖∂ℓᵢ/∂E‖² = ‖gᵢ‖²·Σ_w cᵢ,w²/nᵢ².
    public func accumulatePerSampleSquaredNorms(into norms: inout [Float]) {
        let g = cachedOutputGradient
        precondition(g.rows == norms.count, "EmbeddingBag: norms for another batch")
        g.storage.withUnsafeBufferPointer { gp in
            guard let gBase = gp.baseAddress else { return }
            for (r, tokens) in cachedTokens.enumerated() where !tokens.isEmpty {
                var counts: [Int: Int] = [:]
                for id in tokens { counts[id, default: 0] += 1 }
                let squares = counts.values.reduce(0) { $0 + $1 * $1 }
                let n = Float(tokens.count)
                norms[r] +=
                    SIMDKernels.squaredNorm(gBase + r * width, count: width) * Float(squares)
                    / (n * n)
            }
        }
    }
}
