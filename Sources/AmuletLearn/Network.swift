import AmuletTensor

/// A feed-forward network: a sequence of layers over one flat parameter buffer.
///
/// Keeping every parameter in one `[Float]` makes the optimizer step one loop, a checkpoint
/// one write, and DP-SGD's per-sample clipping a row scale of each layer's output gradient.
public struct Network: Sendable {
    /// The layers, first to last (in topological order for a graph).
    public internal(set) var layers: [any Layer]
    /// For a graph network, each layer's inputs (nil for a sequence).
    ///
    /// Indices of earlier layers, −1 for the network's input; several inputs are summed (a
    /// residual Add). Nil for a sequence, where
    /// each layer reads the one before it: the common case, and the fast path.
    public private(set) var inputs: [[Int]]?
    /// All trainable parameters, each layer at its offset.
    public var parameters: [Float]
    /// Non-trainable state (batch-norm running statistics), each layer at its offset.
    public var state: [Float]
    /// Width of one input row.
    public let inputWidth: Int
    /// Width of the output (number of classes).
    public let outputWidth: Int
    /// A graph's residual sums and summed gradients, kept between steps so that a step
    /// allocates nothing (`Network+Graph`).
    var graphWorkspace = GraphWorkspace()

    /// Lays out `layers` in flat buffers and initialises them from `rng`.
    ///
    /// With `inputs`, the layers form a directed acyclic graph (see `inputs`); every entry
    /// must name only earlier layers or −1, and the last layer is the output.
    public init(
        layers: [any Layer], inputs: [[Int]]? = nil, inputWidth: Int, outputWidth: Int,
        rng: inout SeededGenerator
    ) {
        if let inputs {
            precondition(inputs.count == layers.count, "Network: one input list per layer")
            for (i, list) in inputs.enumerated() {
                precondition(
                    !list.isEmpty && list.allSatisfy { $0 >= -1 && $0 < i },
                    "Network: layer \(i) reads a later layer")
            }
        }
        self.inputs = inputs
        var laidOut = layers
        var parameterOffset = 0
        var stateOffset = 0
        for i in laidOut.indices {
            laidOut[i].parameterOffset = parameterOffset
            laidOut[i].stateOffset = stateOffset
            parameterOffset += laidOut[i].parameterCount
            stateOffset += laidOut[i].stateCount
        }
        var parameters = [Float](repeating: 0, count: parameterOffset)
        var state = [Float](repeating: 0, count: stateOffset)
        for layer in laidOut {
            layer.initialize(parameters: &parameters, state: &state, rng: &rng)
        }
        self.layers = laidOut
        self.parameters = parameters
        self.state = state
        self.inputWidth = inputWidth
        self.outputWidth = outputWidth
    }

    /// Number of trainable parameters.
    public var parameterCount: Int { parameters.count }

    /// Whether every layer allows per-sample gradients (no batch-norm).
    public var isPerSampleSeparable: Bool { layers.allSatisfy { $0.isPerSampleSeparable } }

    /// Runs the layers in order; in training mode each caches what backward needs.
    public mutating func forward(
        _ input: Matrix, training: Bool, rng: inout SeededGenerator
    ) -> Matrix {
        if let inputs { return graphForward(input, inputs: inputs, training: training, rng: &rng) }
        var x = input
        for i in layers.indices {
            x = layers[i].forward(
                x, parameters: parameters, state: &state, training: training, rng: &rng)
        }
        return x
    }

    /// Back-propagates ∂L/∂output through every layer; returns ∂L/∂input.
    ///
    /// Parameter gradients are not formed here: call `accumulateParameterGradients` next
    /// (optionally with per-sample row scales, for DP-SGD).
    public mutating func backward(_ outputGradient: Matrix) -> Matrix {
        if let inputs { return graphBackward(outputGradient, inputs: inputs) }
        var g = outputGradient
        for i in layers.indices.reversed() {
            g = layers[i].backward(g, parameters: parameters)
        }
        return g
    }

    /// Back-propagates for the parameter gradients only, as the training loop needs.
    ///
    /// Stops at the lowest layer with parameters and lets it skip ∂L/∂input: that product
    /// (batch × data width × first hidden width) is never read in training.
    public mutating func backwardForParameterGradients(_ outputGradient: Matrix) {
        if let inputs {
            _ = graphBackward(outputGradient, inputs: inputs)
            return
        }
        guard let lowest = layers.firstIndex(where: { $0.parameterCount > 0 }) else { return }
        var g = outputGradient
        for i in layers.indices.reversed() where i > lowest {
            g = layers[i].backward(g, parameters: parameters)
        }
        layers[lowest].backwardSkippingInputGradient(g, parameters: parameters)
    }

    /// Drops every layer's references to other layers' buffers and, unless
    /// `keepingWorkspaces`, the layers' own batch-sized buffers (see `Layer.releaseCaches`).
    public mutating func releaseCaches(keepingWorkspaces: Bool) {
        for i in layers.indices { layers[i].releaseCaches(keepingWorkspaces: keepingWorkspaces) }
        if !keepingWorkspaces { graphWorkspace = GraphWorkspace() }
    }

    /// Adds Σᵢ cᵢ·∂ℓᵢ/∂θ of the last backward pass into `gradients` (plain sum without scales).
    public mutating func accumulateParameterGradients(
        rowScale: [Float]? = nil, into gradients: inout [Float]
    ) {
        for i in layers.indices {
            layers[i].accumulateParameterGradients(rowScale: rowScale, gradients: &gradients)
        }
    }

    /// Each sample's squared parameter-gradient norm from the last backward pass.
    public mutating func perSampleSquaredGradientNorms(batch: Int) -> [Float] {
        var norms = [Float](repeating: 0, count: batch)
        for i in layers.indices { layers[i].accumulatePerSampleSquaredNorms(into: &norms) }
        return norms
    }

    /// Logits for `input` in evaluation mode, in batches to bound memory (by default
    /// `evaluationChunk` rows: 4,096, fewer for networks with wide activations).
    public func logits(_ input: Matrix, batchSize: Int? = nil) -> Matrix {
        let batchSize = batchSize ?? evaluationChunk
        var copy = self
        var rng = SeededGenerator(seed: 0)
        if input.rows <= batchSize { return copy.forward(input, training: false, rng: &rng) }
        var parts: [Matrix] = []
        var start = 0
        while start < input.rows {
            let end = min(start + batchSize, input.rows)
            parts.append(copy.forward(input.rowSlice(start, end), training: false, rng: &rng))
            start = end
        }
        return Matrix.vstack(parts)
    }

    /// Class probabilities (softmax of the logits) in evaluation mode.
    public func probabilities(_ input: Matrix) -> Matrix {
        logits(input).softmaxRows()
    }

    /// Predicted classes in evaluation mode.
    public func predictions(_ input: Matrix) -> [Int] {
        logits(input).argmaxRows()
    }

    /// Fraction of rows whose predicted class equals the label.
    public func accuracy(_ input: Matrix, labels: [Int]) -> Double {
        guard !labels.isEmpty else { return 0 }
        let predicted = predictions(input)
        let correct = zip(predicted, labels).reduce(0) { $0 + ($1.0 == $1.1 ? 1 : 0) }
        return Double(correct) / Double(labels.count)
    }

    /// The loss gradient with respect to the input, for evasion and inversion attacks.
    ///
    /// Runs forward in evaluation mode (batch-norm uses running statistics, dropout is off;
    /// layers cache activations in every mode), then back-propagates the cross-entropy
    /// gradient of `labels`.
    public func inputGradient(_ input: Matrix, labels: [Int]) -> (
        loss: LossResult, gradient: Matrix
    ) {
        var copy = self
        var rng = SeededGenerator(seed: 0)
        let logits = copy.forward(input, training: false, rng: &rng)
        let loss = Loss.softmaxCrossEntropy(logits: logits, labels: labels)
        return (loss, copy.backward(loss.gradient))
    }
}
