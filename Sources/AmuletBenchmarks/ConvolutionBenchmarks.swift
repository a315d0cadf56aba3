import AmuletLearn
import AmuletTensor
import Foundation

/// Convolution against the sgemm peak of the same run: one layer's forward + backward at
/// several batches, and one epoch of ResNet-20 on 10,000 generated 3×32×32 images.
enum ConvolutionBenchmarks {
    /// Seconds of `body`, best of `repeats` after one warm-up.
    static func best(repeats: Int, _ body: () -> Void) -> Double {
        body()
        var best = Double.infinity
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return best
    }

    /// One 3×3 convolution's training step on 32×32 images against the sgemm peak.
    ///
    /// Forward, backward and the weight gradient (padding 1), as a training step runs them
    /// (workspaces kept between steps), at batch 32, 64 and 128: GFLOP/s, the fraction of
    /// the sgemm peak, and the fastest time of each of the three passes. Two layers: ResNet's and VGG's
    /// first (3 → 64 channels, a product of inner size 27) and a middle one (64 → 64, inner
    /// size 576).
    static func layer(sgemmGFLOPS: Double) -> [String: Any] {
        var rows: [[String: Any]] = []
        for (inputChannels, outputChannels) in [(3, 64), (64, 64)] {
            for batch in [32, 64, 128] {
                let shape = ImageShape(channels: inputChannels, height: 32, width: 32)
                var rng = SeededGenerator(seed: 1)
                var network = Network(
                    layers: [
                        Conv2D(
                            inputShape: shape, outputChannels: outputChannels, kernelSize: 3,
                            padding: 1)
                    ], inputWidth: shape.pixelCount, outputWidth: outputChannels * 1024,
                    rng: &rng)
                var x = Matrix(rows: batch, cols: shape.pixelCount)
                for i in x.storage.indices { x.storage[i] = rng.uniform(-1, 1) }
                var g = Matrix(rows: batch, cols: outputChannels * 1024)
                for i in g.storage.indices { g.storage[i] = rng.uniform(-1, 1) }
                var gradient = [Float](repeating: 0, count: network.parameterCount)
                // The fastest time of each pass over the repeats, to show which one limits.
                var phases = [Double](repeating: .infinity, count: 3)
                let seconds = best(repeats: 5) {
                    let start = DispatchTime.now().uptimeNanoseconds
                    _ = network.forward(x, training: true, rng: &rng)
                    let forward = DispatchTime.now().uptimeNanoseconds
                    _ = network.backward(g)
                    let backward = DispatchTime.now().uptimeNanoseconds
                    network.accumulateParameterGradients(into: &gradient)
                    let weights = DispatchTime.now().uptimeNanoseconds
                    network.releaseCaches(keepingWorkspaces: true)
                    for (i, (from, to)) in [
                        (start, forward), (forward, backward), (backward, weights),
                    ]
                    .enumerated() {
                        phases[i] = min(phases[i], Double(to - from) / 1e6)
                    }
                }
                let flops = 6.0 * Double(batch * 1024 * inputChannels * 9 * outputChannels)
                rows.append([
                    "layer": "\(inputChannels)->\(outputChannels) 3x3 on 32x32", "batch": batch,
                    "milliseconds": seconds * 1000, "gflops": flops / seconds / 1e9,
                    "forward_ms": phases[0], "input_gradient_ms": phases[1],
                    "weight_gradient_ms": phases[2],
                    "fraction_of_sgemm_peak": flops / seconds / 1e9 / sgemmGFLOPS,
                ])
            }
        }
        return ["bench": "conv", "sgemm_gflops": sgemmGFLOPS, "layers": rows]
    }

    /// Floating-point operations to train on one sample: six per multiply-add of every
    /// convolution and dense layer (forward, weight gradient, input gradient).
    static func trainingFLOPsPerSample(_ network: Network) -> Double {
        network.layers.reduce(0.0) { total, layer in
            if let conv = layer as? Conv2D {
                return total
                    + 6 * Double(conv.outputShape.planeSize * conv.patchSize * conv.outputChannels)
            }
            if let dense = layer as? Dense {
                return total + 6 * Double(dense.inputWidth * dense.outputWidth)
            }
            return total
        }
    }

    /// One epoch of ResNet-20 (width 1, batch-norm, Adam, batch 128) on 10,000 generated
    /// 3×32×32 images of 10 classes: seconds and the fraction of the sgemm peak.
    static func resNet20Epoch(sgemmGFLOPS: Double) throws -> [String: Any] {
        let shape = ImageShape(channels: 3, height: 32, width: 32)
        let rows = 10_000
        var rng = SeededGenerator(seed: 2)
        var x = Matrix(rows: rows, cols: shape.pixelCount)
        var labels: [Int] = []
        for r in 0..<rows {
            let label = r % 10
            labels.append(label)
            for j in 0..<shape.pixelCount {
                x[r, j] = rng.uniform(-1, 1) + (j / 307 == label ? 1 : 0)
            }
        }
        let configuration = ImageModelConfiguration(
            family: .resnet, depth: 20, width: 1, image: shape)
        let recipe = Recipe(
            architecture: .imageModel(configuration), epochs: 1, batchSize: 128, seed: 0)
        let start = DispatchTime.now().uptimeNanoseconds
        let model = try Trainer().train(
            recipe, on: TrainingSet(features: x, labels: labels, classCount: 10))
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let flops = trainingFLOPsPerSample(model.network) * Double(rows)
        return [
            "bench": "resnet20", "rows": rows, "batch": 128, "image": "3x32x32",
            "parameters": model.network.parameterCount,
            "seconds_per_epoch": seconds, "gflop_per_epoch": flops / 1e9,
            "fraction_of_sgemm_peak": flops / seconds / 1e9 / sgemmGFLOPS,
            "train_accuracy": model.network.accuracy(x, labels: labels),
        ]
    }
}
