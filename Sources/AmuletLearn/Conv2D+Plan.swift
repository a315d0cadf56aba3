import AmuletTensor

extension Conv2D {
    /// How a batch is cut for the products: the images of each half of the batch go through
    /// im2col and sgemm a chunk at a time, in one workspace per half.
    ///
    /// A chunk holds enough images for a product at least `minimumProductWidth` columns wide
    /// (one image of 32×32 outputs is 1,024 already; an 8×8 one only 64) while its column block
    /// stays within `columnBudget` floats, so it is still in cache when sgemm reads it. The cut
    /// into halves and chunks depends only on the shapes, never on the cores or the load, so a
    /// seed gives the same bits on one core or two.
    struct Plan {
        /// Output positions of one image, H′·W′.
        let positions: Int
        /// Images per chunk (the last chunk of a half may hold fewer).
        let chunkImages: Int
        /// Whether the batch is cut in two halves (one per core); else it runs as one.
        let halves: Bool
        /// Floats of one half's workspace: the column block (patch × chunk positions), the
        /// product or gathered output gradient (out × chunk positions), the weight-gradient
        /// partial (out × patch) and the bias-gradient partial (out).
        let halfSize: Int
        /// Where the product block starts in a half's workspace.
        let productOffset: Int
        /// Where the weight-gradient partial starts in a half's workspace.
        let weightOffset: Int
        /// Where the bias-gradient partial starts in a half's workspace.
        let biasOffset: Int

        /// Narrowest product worth forming: below this many columns sgemm's packing dominates.
        static let minimumProductWidth = 512
        /// Most floats of one column block: 2 MB, within a core's share of the cache.
        static let columnBudget = 1 << 19

        /// The plan for `batch` images of `geometry` with `outputChannels` filters.
        init(_ geometry: Geometry, outputChannels: Int, batch: Int) {
            let positions = geometry.output.planeSize
            let patch = geometry.patchSize
            let wanted = (Self.minimumProductWidth + positions - 1) / max(positions, 1)
            let fitting = Self.columnBudget / max(patch * positions, 1)
            let chunk = max(1, min(wanted, fitting, batch))
            self.positions = positions
            chunkImages = chunk
            // Two halves only when each has a product's worth of work (as `BLASThreads`).
            let work = batch * outputChannels * patch * positions
            halves = batch >= 16 && work >= 2 * BLASThreads.splitThreshold
            let chunkPositions = chunk * positions
            productOffset = patch * chunkPositions
            weightOffset = productOffset + outputChannels * chunkPositions
            biasOffset = weightOffset + outputChannels * patch
            halfSize = biasOffset + outputChannels
        }

        /// Calls `body(half, images)` for the one or two halves of 0..<batch, the second on
        /// `SplitWorker`'s helper when it is free.
        func forEachHalf(batch: Int, _ body: (Int, Range<Int>) -> Void) {
            SplitWorker.forHalves(of: batch, minimumCount: halves ? 16 : Int.max) { images in
                body(images.lowerBound == 0 ? 0 : 1, images)
            }
        }

        /// Calls `body(first image, image count)` for each chunk of `images`.
        func forEachChunk(of images: Range<Int>, _ body: (Int, Int) -> Void) {
            var start = images.lowerBound
            while start < images.upperBound {
                let count = min(chunkImages, images.upperBound - start)
                body(start, count)
                start += count
            }
        }
    }
}
