/// Resamples a decoded image to a new size, channel-major, scaled to [0, 1].
///
/// Separable: rows, then columns. Shrinking averages the source pixels each output pixel
/// covers, weighted by the overlap (area averaging, OpenCV's `INTER_AREA`), so no source pixel
/// is skipped (no aliasing); enlarging interpolates bilinearly, the source centre of output
/// coordinate i being (i + ½)·scale − ½ (OpenCV's `INTER_LINEAR`).
///
/// Reference: Wolberg, "Digital Image Warping", IEEE 1990 (separable resampling filters).
public enum ImageResizer {
    /// One output coordinate's source taps: first index and normalised weights.
    struct Taps {
        var first: [Int]
        var weights: [[Float]]
    }

    /// The taps mapping `source` pixels onto `target` pixels along one axis.
    static func taps(source: Int, target: Int) -> Taps {
        let scale = Double(source) / Double(target)
        var first: [Int] = []
        var weights: [[Float]] = []
        for i in 0..<target {
            if scale > 1 {
                // Output pixel i covers source [i·scale, (i + 1)·scale).
                let (start, end) = (Double(i) * scale, Double(i + 1) * scale)
                let low = Int(start.rounded(.down))
                let high = min(source - 1, Int((end - 1e-9).rounded(.down)))
                var row: [Float] = []
                for j in low...max(low, high) {
                    let overlap = min(end, Double(j + 1)) - max(start, Double(j))
                    row.append(Float(max(0, overlap) / scale))
                }
                first.append(low)
                weights.append(row)
            } else {
                let centre = min(max((Double(i) + 0.5) * scale - 0.5, 0), Double(source - 1))
                let low = min(Int(centre.rounded(.down)), source - 1)
                let fraction = Float(centre - Double(low))
                if low + 1 < source && fraction > 0 {
                    first.append(low)
                    weights.append([1 - fraction, fraction])
                } else {
                    first.append(low)
                    weights.append([1])
                }
            }
        }
        return Taps(first: first, weights: weights)
    }

    /// The image at `height`×`width`, channel-major (c, y, x), each sample / 255.
    public static func resize(_ image: ImageDecoder.Image, height: Int, width: Int) -> [Float] {
        let (c, h, w) = (image.channels, image.height, image.width)
        var output = [Float](repeating: 0, count: c * height * width)
        if h == height && w == width {
            for y in 0..<h {
                for x in 0..<w {
                    for k in 0..<c {
                        output[k * h * w + y * w + x] =
                            Float(image.samples[(y * w + x) * c + k]) / 255
                    }
                }
            }
            return output
        }
        let across = taps(source: w, target: width)
        let down = taps(source: h, target: height)
        // Horizontal pass: (h, width) per channel.
        var rows = [Float](repeating: 0, count: c * h * width)
        for k in 0..<c {
            for y in 0..<h {
                for x in 0..<width {
                    var sum: Float = 0
                    for (t, weight) in across.weights[x].enumerated() {
                        sum += weight * Float(image.samples[(y * w + across.first[x] + t) * c + k])
                    }
                    rows[(k * h + y) * width + x] = sum
                }
            }
        }
        // Vertical pass.
        for k in 0..<c {
            for y in 0..<height {
                for x in 0..<width {
                    var sum: Float = 0
                    for (t, weight) in down.weights[y].enumerated() {
                        sum += weight * rows[(k * h + down.first[y] + t) * width + x]
                    }
                    output[(k * height + y) * width + x] = sum / 255
                }
            }
        }
        return output
    }
}
