import AmuletLearn
import AmuletTensor

/// A meta-classifier over trained networks that ignores the order of each layer's neurons.
///
/// Per dense layer ℓ, a small network φ_ℓ (dense → ReLU → dense → ReLU, widths `hidden` then
/// `representation`) maps each neuron's row [wₖ, bₖ] (scaled by a per-layer constant) to a
/// vector; the vectors are pooled by their mean, Rₗ = (1/Nₗ) Σₖ φ_ℓ(rowₖ), which no reordering
/// of the neurons changes. ρ, a linear map of the concatenation [R₁, …, R_L] to one logit,
/// scores "trained on ratio 2". Ganju et al. pool by a sum; the mean is the sum over a constant
/// Nₗ, so it represents the same functions while keeping ρ's inputs at φ's scale whatever the
/// layer width. Gradients are written by hand below and checked against finite differences.
/// Reference: Ganju et al., "Property Inference Attacks on Fully Connected Neural Networks using
/// Permutation Invariant Representations", CCS 2018, section 4.2 (DeepSets, Zaheer et al. 2017).
struct PermutationInvariantMetaClassifier: Sendable {
    /// Per layer of the networks it reads: (neurons, inputs + 1).
    let shapes: [Shape]
    /// Width of φ's hidden layer.
    let hidden: Int
    /// Width of φ's output, the per-layer representation.
    let representation: Int
    /// Per layer and column: subtracted from every row entry before φ.
    var inputShifts: [[Float]]
    /// Per layer and column: the factor every shifted entry is multiplied by before φ.
    var inputScales: [[Float]]
    /// Every parameter: φ₁ (W₁, b₁, W₂, b₂), …, φ_L, then ρ (w, c).
    var parameters: [Float]

    /// A classifier for networks of `shapes`, initialised like PyTorch's `nn.Linear`
    /// (U(−1/√fan-in, 1/√fan-in)) from `rng`.
    init(shapes: [Shape], hidden: Int, representation: Int, rng: inout SeededGenerator) {
        self.shapes = shapes
        self.hidden = hidden
        self.representation = representation
        inputShifts = shapes.map { [Float](repeating: 0, count: $0.cols) }
        inputScales = shapes.map { [Float](repeating: 1, count: $0.cols) }
        var values: [Float] = []
        func dense(_ outputs: Int, _ inputs: Int) {
            FanInUniform.append(
                to: &values, count: outputs * inputs + outputs, fanIn: inputs, rng: &rng)
        }
        for shape in shapes {
            dense(hidden, shape.cols)
            dense(representation, hidden)
        }
        dense(1, shapes.count * representation)
        parameters = values
    }

    /// Where φ_ℓ's parameters start.
    func phiOffset(_ layer: Int) -> Int {
        var offset = 0
        for l in 0..<layer {
            offset += hidden * shapes[l].cols + hidden + representation * hidden + representation
        }
        return offset
    }

    /// Where ρ's weights start (its bias is the last parameter).
    var rhoOffset: Int { phiOffset(shapes.count) }

    /// Models stacked per layer: layer ℓ's rows of every model, one under the other, scaled.
    struct Batch: Sendable {
        /// Number of models.
        var count: Int
        /// Per layer, (count·neurons, width).
        var layers: [Matrix]
    }

    /// Stacks `models` (which must match `shapes`) into a batch.
    func batch(_ models: [NeuronRows]) -> Batch {
        let layers = shapes.indices.map { l in
            var stacked = Matrix.vstack(models.map { $0.layers[l] })
            stacked.addToEachRow(inputShifts[l].map { -$0 })
            stacked.multiplyEachRow(by: inputScales[l])
            return stacked
        }
        return Batch(count: models.count, layers: layers)
    }

    /// Standardises each layer's columns over every neuron of `models`.
    ///
    /// Shift by the mean, scale by 1/standard deviation, so φ sees entries of order one. The
    /// same shift and scale
    /// apply to every row of a layer, so reordering neurons still changes nothing.
    mutating func fitInputScales(_ models: [NeuronRows]) {
        for l in shapes.indices {
            let stacked = Matrix.vstack(models.map { $0.layers[l] })
            let means = stacked.columnMeans()
            var squares = [Double](repeating: 0, count: stacked.cols)
            for r in 0..<stacked.rows {
                for c in 0..<stacked.cols {
                    let d = Double(stacked[r, c] - means[c])
                    squares[c] += d * d
                }
            }
            inputShifts[l] = means
            inputScales[l] = squares.map { total in
                let std = (total / Double(max(stacked.rows, 1))).squareRoot()
                return std > 1e-12 ? Float(1 / std) : 1
            }
        }
    }

    /// What the forward pass keeps for backward.
    struct Forward {
        /// Per layer, φ's hidden activations after ReLU, (count·neurons, hidden).
        var hiddenActivations: [Matrix]
        /// Per layer, φ's outputs after ReLU, (count·neurons, representation).
        var outputs: [Matrix]
        /// The pooled representations, concatenated: (count, layers·representation).
        var pooled: Matrix
        /// One logit per model.
        var logits: [Float]
    }

    /// y = relu(x·Wᵀ + b) with W (outputs, x.cols) and b at `offset` of the parameters.
    func denseReLU(_ x: Matrix, offset: Int, outputs: Int) -> Matrix {
        var y = Matrix(rows: x.rows, cols: outputs)
        let inputs = x.cols
        parameters.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return }
            y.storage.withUnsafeMutableBufferPointer { out in
                guard let yBase = out.baseAddress else { return }
                for r in 0..<x.rows {
                    (yBase + r * outputs).update(
                        from: base + offset + outputs * inputs, count: outputs)
                }
                x.storage.withUnsafeBufferPointer { xp in
                    Matrix.gemmRaw(
                        m: x.rows, n: outputs, k: inputs, alpha: 1, a: xp.baseAddress, lda: inputs,
                        transposeA: false, b: base + offset, ldb: inputs, transposeB: true, beta: 1,
                        c: yBase, ldc: outputs)
                }
                for i in 0..<out.count where out[i] < 0 { out[i] = 0 }
            }
        }
        return y
    }

    /// Runs φ on every neuron, pools per model and layer, and applies ρ.
    func forward(_ batch: Batch) -> Forward {
        var hiddenActivations: [Matrix] = []
        var outputs: [Matrix] = []
        var pooled = Matrix(rows: batch.count, cols: shapes.count * representation)
        for (l, shape) in shapes.enumerated() {
            let offset = phiOffset(l)
            let h1 = denseReLU(batch.layers[l], offset: offset, outputs: hidden)
            let h2 = denseReLU(
                h1, offset: offset + hidden * shape.cols + hidden, outputs: representation)
            let scale = 1 / Float(shape.rows)
            let (poolWidth, rep, neurons) = (pooled.cols, representation, shape.rows)
            pooled.storage.withUnsafeMutableBufferPointer { pool in
                h2.storage.withUnsafeBufferPointer { h in
                    for b in 0..<batch.count {
                        let target = b * poolWidth + l * rep
                        for k in 0..<neurons {
                            let row = (b * neurons + k) * rep
                            for j in 0..<rep { pool[target + j] += scale * h[row + j] }
                        }
                    }
                }
            }
            hiddenActivations.append(h1)
            outputs.append(h2)
        }
        let w = Array(parameters[rhoOffset..<(rhoOffset + shapes.count * representation)])
        let bias = parameters[parameters.count - 1]
        let logits = (0..<batch.count).map { b in
            var z = bias
            for j in 0..<w.count { z += w[j] * pooled[b, j] }
            return z
        }
        return Forward(
            hiddenActivations: hiddenActivations, outputs: outputs, pooled: pooled, logits: logits)
    }

    /// The logit ("ratio 2") of each model.
    func logits(_ models: [NeuronRows]) -> [Float] {
        forward(batch(models)).logits
    }

    /// Mean binary cross-entropy with logits over the batch, and its gradient.
    ///
    /// ℓ(z, y) = log(1 + eᶻ) − y·z, so ∂ℓ/∂z = σ(z) − y; backward goes through ρ, the mean
    /// pooling (each neuron gets 1/Nₗ of its model's gradient) and φ's two dense layers.
    func lossAndGradient(_ batch: Batch, labels: [Float]) -> (loss: Double, gradient: [Float]) {
        let forward = forward(batch)
        var gradient = [Float](repeating: 0, count: parameters.count)
        var loss = 0.0
        let inverseCount = 1 / Float(batch.count)
        var gradLogits = [Float](repeating: 0, count: batch.count)
        for b in 0..<batch.count {
            let z = Double(forward.logits[b])
            let y = Double(labels[b])
            loss += max(z, 0) + Math.log1p(Math.exp(-abs(z))) - y * z
            gradLogits[b] = Float(1 / (1 + Math.exp(-z)) - y) * inverseCount
        }
        loss /= Double(batch.count)
        // ρ: ∂w = Σ_b g_b·pooled_b, ∂c = Σ_b g_b, ∂pooled_b = g_b·w.
        let width = shapes.count * representation
        var gradPooled = Matrix(rows: batch.count, cols: width)
        for b in 0..<batch.count {
            for j in 0..<width {
                gradient[rhoOffset + j] += gradLogits[b] * forward.pooled[b, j]
                gradPooled[b, j] = gradLogits[b] * parameters[rhoOffset + j]
            }
            gradient[parameters.count - 1] += gradLogits[b]
        }
        for (l, shape) in shapes.enumerated() {
            backwardPhi(
                layer: l, shape: shape, batch: batch, forward: forward, gradPooled: gradPooled,
                into: &gradient)
        }
        return (loss, gradient)
    }

    /// Back-propagates the pooled gradient of layer `layer` through φ_ℓ into `gradient`.
    func backwardPhi(
        layer l: Int, shape: Shape, batch: Batch, forward: Forward, gradPooled: Matrix,
        into gradient: inout [Float]
    ) {
        let x = batch.layers[l]
        let h1 = forward.hiddenActivations[l]
        let h2 = forward.outputs[l]
        let offset = phiOffset(l)
        let w2Offset = offset + hidden * shape.cols + hidden
        let scale = 1 / Float(shape.rows)
        // ∂a₂ = ∂h₂ ⊙ [h₂ > 0], with ∂h₂ of neuron k of model b = ∂pooled_b / N.
        var gradA2 = Matrix(rows: h2.rows, cols: representation)
        let (poolWidth, rep, neurons) = (gradPooled.cols, representation, shape.rows)
        gradA2.storage.withUnsafeMutableBufferPointer { out in
            h2.storage.withUnsafeBufferPointer { h in
                gradPooled.storage.withUnsafeBufferPointer { pooled in
                    for b in 0..<batch.count {
                        let source = b * poolWidth + l * rep
                        for k in 0..<neurons {
                            let row = (b * neurons + k) * rep
                            for j in 0..<rep where h[row + j] > 0 {
                                out[row + j] = scale * pooled[source + j]
                            }
                        }
                    }
                }
            }
        }
        accumulateDense(
            gradOutput: gradA2, input: h1, offset: w2Offset, outputs: representation,
            into: &gradient)
        // ∂h₁ = ∂a₂·W₂, then ∂a₁ = ∂h₁ ⊙ [h₁ > 0].
        var gradA1 = Matrix(rows: h1.rows, cols: hidden)
        parameters.withUnsafeBufferPointer { p in
            gradA2.storage.withUnsafeBufferPointer { g in
                gradA1.storage.withUnsafeMutableBufferPointer { d in
                    Matrix.gemmRaw(
                        m: h1.rows, n: hidden, k: representation, alpha: 1, a: g.baseAddress,
                        lda: representation, transposeA: false,
                        b: p.baseAddress.map { $0 + w2Offset }, ldb: hidden, transposeB: false,
                        beta: 0, c: d.baseAddress, ldc: hidden)
                }
            }
        }
        gradA1.storage.withUnsafeMutableBufferPointer { d in
            h1.storage.withUnsafeBufferPointer { h in
                for i in d.indices where h[i] <= 0 { d[i] = 0 }
            }
        }
        accumulateDense(
            gradOutput: gradA1, input: x, offset: offset, outputs: hidden, into: &gradient)
    }

    /// ∂W += gᵀ·x and ∂b += Σ_rows g for the dense layer at `offset`.
    func accumulateDense(
        gradOutput g: Matrix, input x: Matrix, offset: Int, outputs: Int,
        into gradient: inout [Float]
    ) {
        let inputs = x.cols
        gradient.withUnsafeMutableBufferPointer { d in
            guard let base = d.baseAddress else { return }
            g.storage.withUnsafeBufferPointer { gp in
                x.storage.withUnsafeBufferPointer { xp in
                    Matrix.gemmRaw(
                        m: outputs, n: inputs, k: g.rows, alpha: 1, a: gp.baseAddress, lda: outputs,
                        transposeA: true, b: xp.baseAddress, ldb: inputs, transposeB: false,
                        beta: 1,
                        c: base + offset, ldc: inputs)
                }
            }
        }
        let sums = g.columnSums()
        let biasOffset = offset + outputs * inputs
        for j in 0..<outputs { gradient[biasOffset + j] += sums[j] }
    }
}
