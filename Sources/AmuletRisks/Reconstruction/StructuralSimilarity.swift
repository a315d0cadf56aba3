import AmuletLearn
import AmuletTensor

/// SSIM between two images, with a Gaussian window small enough for 8×8 digits.
///
/// At each window position, with Gaussian weights w (Σw = 1), local means μ, variances σ² and
/// covariance σxy (weighted, not the sample estimate):
/// SSIM = (2μxμy + C₁)(2σxy + C₂) / ((μx² + μy² + C₁)(σx² + σy² + C₂)), C₁ = (0.01·L)²,
/// C₂ = (0.03·L)², L = 1 for pixels in [0, 1]. The score is the mean over every position where
/// the window fits inside the image, averaged over channels. Wang et al. use an 11×11 window of
/// σ = 1.5, larger than a whole digit here, so the window is 5×5 with σ = 0.7 (scikit-image's
/// truncation at 3.5σ gives the same 5×5 window: `structural_similarity(..., data_range=1,
/// gaussian_weights=True, sigma=0.7, use_sample_covariance=False)` computes this number).
///
/// Reference: Wang, Bovik, Sheikh & Simoncelli, "Image Quality Assessment: From Error
/// Visibility to Structural Similarity", IEEE Trans. Image Processing 13(4), 2004.
public struct StructuralSimilarity: Sendable {
    /// Shape of the images compared.
    public var shape: ImageShape
    /// Standard deviation of the Gaussian window, in pixels.
    public var sigma: Double
    /// Radius of the window: it spans 2·radius + 1 pixels.
    public var radius: Int

    /// SSIM over `shape` images with a window of `sigma` truncated at 3.5σ.
    public init(shape: ImageShape, sigma: Double = 0.7) {
        self.shape = shape
        self.sigma = sigma
        self.radius = Int(3.5 * sigma + 0.5)
    }

    /// Normalised window weights, (2r+1)² of them, row-major.
    var window: [Double] {
        let side = 2 * radius + 1
        var oneDimensional = (0..<side).map { i -> Double in
            let d = Double(i - radius)
            return Math.exp(-d * d / (2 * sigma * sigma))
        }
        let total = oneDimensional.reduce(0, +)
        oneDimensional = oneDimensional.map { $0 / total }
        return oneDimensional.flatMap { a in oneDimensional.map { a * $0 } }
    }

    /// Whether the window fits inside the image at least once.
    public var fits: Bool { 2 * radius + 1 <= min(shape.height, shape.width) }

    /// SSIM of two rows of `shape.pixelCount` values in [0, 1]; 1 for identical images.
    public func score(_ x: [Float], _ y: [Float]) -> Double {
        precondition(x.count == shape.pixelCount && y.count == shape.pixelCount, "SSIM: sizes")
        let side = 2 * radius + 1
        guard fits else { return 0 }
        let weights = window
        let c1 = 0.01 * 0.01
        let c2 = 0.03 * 0.03
        var total = 0.0
        var positions = 0
        for channel in 0..<shape.channels {
            let plane = channel * shape.planeSize
            for top in 0...(shape.height - side) {
                for left in 0...(shape.width - side) {
                    var (mx, my) = (0.0, 0.0)
                    for i in 0..<side {
                        for j in 0..<side {
                            let w = weights[i * side + j]
                            let p = plane + (top + i) * shape.width + left + j
                            mx += w * Double(x[p])
                            my += w * Double(y[p])
                        }
                    }
                    var (vx, vy, cxy) = (0.0, 0.0, 0.0)
                    for i in 0..<side {
                        for j in 0..<side {
                            let w = weights[i * side + j]
                            let p = plane + (top + i) * shape.width + left + j
                            let (dx, dy) = (Double(x[p]) - mx, Double(y[p]) - my)
                            vx += w * dx * dx
                            vy += w * dy * dy
                            cxy += w * dx * dy
                        }
                    }
                    total +=
                        (2 * mx * my + c1) * (2 * cxy + c2)
                        / ((mx * mx + my * my + c1) * (vx + vy + c2))
                    positions += 1
                }
            }
        }
        return total / Double(max(positions, 1))
    }
}
