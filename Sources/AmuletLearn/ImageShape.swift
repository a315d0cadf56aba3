/// The shape of one image: channels × height × width, flattened channel-major into a row.
///
/// Pixel (c, y, x) of a row sits at column c·H·W + y·W + x, as PyTorch's NCHW tensors flatten.
public struct ImageShape: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Number of channels (1 for grey-level, 3 for RGB).
    public var channels: Int
    /// Rows of pixels.
    public var height: Int
    /// Columns of pixels.
    public var width: Int

    /// An image shape.
    public init(channels: Int, height: Int, width: Int) {
        self.channels = channels
        self.height = height
        self.width = width
    }

    /// Pixels per channel, H·W.
    public var planeSize: Int { height * width }
    /// Values per image, C·H·W: the width of one row.
    public var pixelCount: Int { channels * height * width }

    /// `C×H×W`.
    public var description: String { "\(channels)×\(height)×\(width)" }
}
