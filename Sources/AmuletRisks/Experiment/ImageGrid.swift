/// Images a plug-in shows side by side, each beside the reference it is scored against (a
/// model inversion's reconstruction of a class beside the mean image of that class).
///
/// Pixels are in [0, 1], channel-major (all of channel 0, then channel 1 …), as image
/// datasets store a row of features.
public struct ImageGrid: Sendable, Equatable, Codable {
    /// One image and its reference.
    public struct Item: Sendable, Equatable, Codable {
        /// What the image is of, such as `class 3`.
        public var label: String
        /// The image's pixels.
        public var image: [Float]
        /// The reference's pixels, nil for none.
        public var reference: [Float]?

        /// An item.
        public init(label: String, image: [Float], reference: [Float]? = nil) {
            self.label = label
            self.image = image
            self.reference = reference
        }
    }

    /// Channels per pixel: 1 (grey) or 3 (RGB).
    public var channels: Int
    /// Height in pixels.
    public var height: Int
    /// Width in pixels.
    public var width: Int
    /// What the images are, such as `reconstruction`.
    public var imageTitle: String
    /// What the references are, such as `class mean`.
    public var referenceTitle: String
    /// The items, in order.
    public var items: [Item]

    /// A grid.
    public init(
        channels: Int, height: Int, width: Int, imageTitle: String, referenceTitle: String,
        items: [Item]
    ) {
        self.channels = channels
        self.height = height
        self.width = width
        self.imageTitle = imageTitle
        self.referenceTitle = referenceTitle
        self.items = items
    }

    /// The pixel count of one image, channels included.
    public var pixelCount: Int { channels * height * width }
}
