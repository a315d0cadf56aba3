/// A buffer of normal draws filled ahead of use, in chunks the helper thread draws while it
/// would otherwise wait (see `SplitWorker.startBackground`).
///
/// DP-SGD adds one normal per parameter to every step's gradient: for a small network as
/// many draws as the step has multiply-adds per sample. Drawn when needed, they cost a
/// quarter of a plain step on two cores; drawn ahead, they fill the gaps where the step runs
/// on one core (gathering the batch, the loss, clipping). Chunk c draws from child stream
/// (seed, c), so the values depend only on the seed, never on which thread drew them.
///
/// A class, because the helper writes into its memory after the call that started it
/// returns; one instance belongs to one training run.
public final class NormalsAhead: @unchecked Sendable {
    /// Draws per chunk: a few microseconds of work, so a product's half the helper should
    /// take next waits at most that long.
    public static let chunkSize = 512

    private let storage: UnsafeMutableBufferPointer<Float>
    private var pending: SplitWorker.BackgroundJob?

    /// A buffer of `count` normals, none drawn yet.
    public init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: 0)
    }

    deinit {
        finish()
        storage.deallocate()
    }

    /// The number of draws per fill.
    public var count: Int { storage.count }

    /// Starts drawing `count` normals of standard deviation `std` from `seed`.
    ///
    /// A fill still running is finished first.
    public func start(seed: UInt64, std: Float) {
        finish()
        let target = SendableBuffer(buffer: storage)
        let (total, size) = (storage.count, Self.chunkSize)
        let chunks = (total + size - 1) / size
        pending = SplitWorker.startBackground(chunks: chunks) { chunk in
            let start = chunk * size
            let range = start..<min(start + size, total)
            NormalZiggurat.tables.fill(
                UnsafeMutableBufferPointer(rebasing: target.buffer[range]), std: std,
                seed: SeededGenerator.deriveSeed(seed, UInt64(chunk)))
        }
    }

    /// Waits for the fill (drawing what the helper has not) and reads the draws.
    public func withDraws<T>(_ body: (UnsafeBufferPointer<Float>) throws -> T) rethrows -> T {
        finish()
        return try body(UnsafeBufferPointer(storage))
    }

    private func finish() {
        if let job = pending {
            SplitWorker.finishBackground(job)
            pending = nil
        }
    }
}

/// A buffer handed to a background chunk, which writes only its own part of it.
private struct SendableBuffer: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Float>
}
