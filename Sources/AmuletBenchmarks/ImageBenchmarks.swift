import AmuletData
import AmuletLearn
import AmuletTensor
import Foundation

/// The CNN's training speed on digits against the sgemm peak of the same run.
enum ImageBenchmarks {
    /// Floating-point operations per training sample of a CNN.
    ///
    /// Six per multiply-add weight use (2 forward, 2 for the weight gradient, 2 for the input
    /// gradient), each convolution weight counted once per output position; element-wise
    /// layers are left out.
    static func trainingFLOPsPerSample(_ configuration: ConvolutionalConfiguration, classes: Int)
        -> Double
    {
        configuration.layers(classes: classes).reduce(0.0) { total, layer in
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

    /// The default `train cnn` ([16, 32] filters, 3×3, head [64]) on the digits training split,
    /// 10 epochs of batch 64: seconds per epoch and the fraction of the sgemm peak.
    static func cnnEpoch(runner: BenchmarkRunner, sgemmGFLOPS: Double) throws -> [String: Any] {
        let split = try DigitsDataset.load(folder: runner.dataFolder, seed: 0)
        let configuration = ConvolutionalConfiguration(
            image: ImageShape(channels: 1, height: 8, width: 8), channels: [16, 32],
            kernelSize: 3, hidden: [64])
        let epochs = 10
        let recipe = Recipe(
            architecture: .cnn(configuration), epochs: epochs, batchSize: 64, seed: 0)
        let set = TrainingSet(
            features: split.train.features, labels: split.train.labels, classCount: 10)
        let start = DispatchTime.now().uptimeNanoseconds
        let model = try Trainer().train(recipe, on: set)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let flopsPerEpoch =
            trainingFLOPsPerSample(configuration, classes: 10) * Double(set.count)
        let perEpoch = seconds / Double(epochs)
        return [
            "bench": "cnn", "model": configuration.label, "dataset": "digits",
            "rows": set.count, "batch": 64,
            "seconds_per_epoch": perEpoch,
            "gflop_per_epoch": flopsPerEpoch / 1e9,
            "fraction_of_sgemm_peak": flopsPerEpoch / perEpoch / 1e9 / sgemmGFLOPS,
            "test_accuracy": model.network.accuracy(split.test.features, labels: split.test.labels),
        ]
    }
}
