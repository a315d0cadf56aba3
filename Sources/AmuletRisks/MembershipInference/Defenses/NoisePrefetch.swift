import AmuletTensor
import Dispatch

/// DP-SGD's Gaussian noise for the coming step, drawn on another thread while the step's
/// forward and backward passes run, with exactly the draws the step would have made itself.
///
/// Noise is one normal per parameter per step (as many draws as the model has weights), and
/// drawing them costs about as much as a whole training step of a small MLP. The products of
/// such a step run on one thread (see `BLASThreads`), so the other core is idle: the defense
/// starts the draws at the beginning of the step from a copy of the step's generator, and
/// uses them at the end only if nothing else drew from that generator in between (the
/// generator still equals the copy); the generator then continues from where the background
/// draws left it. Otherwise the prefetch is discarded and the noise is drawn in place, so
/// results are bit-for-bit those of drawing in place, whichever path runs.
///
/// One instance belongs to one training run (the defense makes a fresh one in `prepare`), so
/// parallel trainings never share it.
final class NoisePrefetch: @unchecked Sendable {
    // Synchronisation: `start` enters `group` before handing `buffer` and `generator` to the
    // background task, which leaves it when done; `finish` waits on `group` before reading
    // them. Only the training thread calls `start` and `finish`, one after the other, so the
    // two threads never touch the fields at the same time.
    private let group = DispatchGroup()
    private var buffer: [Float] = []
    private var generator = SeededGenerator(seed: 0)
    private var startedFrom: SeededGenerator?
    /// Set once a prefetch went unused (something else draws from the generator within a
    /// step, such as dropout): from then on the noise is drawn in place, without a prefetch.
    private(set) var disabled = false

    /// Starts drawing `count` normals of standard deviation `std` from a copy of `rng`.
    func start(count: Int, std: Float, rng: SeededGenerator) {
        guard !disabled else { return }
        startedFrom = rng
        group.enter()
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            if buffer.count != count { buffer = [Float](repeating: 0, count: count) }
            generator = rng
            generator.fillNormal(&buffer, std: std)
            group.leave()
        }
    }

    /// Copies the prefetched draws into `noise` and advances `rng` past them, when they were
    /// drawn from `rng`'s current state with the same count and deviation; false otherwise.
    func finish(into noise: inout [Float], rng: inout SeededGenerator) -> Bool {
        guard let origin = startedFrom else { return false }
        startedFrom = nil
        group.wait()
        guard origin == rng, buffer.count == noise.count else {
            disabled = true
            return false
        }
        swap(&noise, &buffer)
        rng = generator
        return true
    }
}
