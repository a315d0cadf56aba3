/// Images a plug-in shows side by side: one column per example, one row per view of it (a
/// model inversion's reconstruction of a class above the class's mean image; a clean test
/// image above its triggered copy; an original above its adversarial copy and the magnified
/// perturbation).
///
/// Pixels are channel-major (all of channel 0, then channel 1 …), as image datasets store a
/// row of features, in the data's own scale: `low` is shown black and `high` white, so images
/// normalised to [−1, 1] or to z-scores keep their contrast and every row of the grid shares
/// one scale.
public struct ImageGrid: Sendable, Equatable, Codable {
    /// One example: its views, one per row of the grid.
    public struct Item: Sendable, Equatable, Codable {
        /// What the example is, such as `class 3` or its true class.
        public var label: String
        /// The example's images, in the order of the grid's `rowTitles`.
        public var images: [[Float]]
        /// A short line under each image, such as the model's answer for it (`→ cat`); empty,
        /// or shorter than `images`, where there is none.
        public var captions: [String]

        /// An item with its views and, optionally, a caption under each.
        public init(label: String, images: [[Float]], captions: [String] = []) {
            self.label = label
            self.images = images
            self.captions = captions
        }

        /// The caption under view `view`, or an empty string.
        public func caption(_ view: Int) -> String {
            captions.indices.contains(view) ? captions[view] : ""
        }

        /// An item of one image and, when given, the reference it is scored against.
        public init(label: String, image: [Float], reference: [Float]? = nil) {
            self.init(label: label, images: [image] + (reference.map { [$0] } ?? []))
        }

        /// The first view.
        public var image: [Float] { images.first ?? [] }
        /// The second view, nil for none.
        public var reference: [Float]? { images.count > 1 ? images[1] : nil }
    }

    /// Channels per pixel: 1 (grey) or 3 (RGB).
    public var channels: Int
    /// Height in pixels.
    public var height: Int
    /// Width in pixels.
    public var width: Int
    /// What each row shows, such as `reconstruction`, `class mean`.
    public var rowTitles: [String]
    /// What the items' labels say, such as `true class, then the prediction`; nil when the
    /// labels speak for themselves.
    public var caption: String?
    /// The items, in order.
    public var items: [Item]
    /// The pixel value shown black.
    public var low: Float
    /// The pixel value shown white.
    public var high: Float

    /// A grid whose pixels run from `low` (black) to `high` (white).
    public init(
        channels: Int, height: Int, width: Int, rowTitles: [String], caption: String? = nil,
        items: [Item], low: Float = 0, high: Float = 1
    ) {
        self.channels = channels
        self.height = height
        self.width = width
        self.rowTitles = rowTitles
        self.caption = caption
        self.items = items
        self.low = low
        self.high = high
    }

    /// A grid of images, each above the reference it is scored against, in [0, 1].
    public init(
        channels: Int, height: Int, width: Int, imageTitle: String, referenceTitle: String,
        items: [Item]
    ) {
        self.init(
            channels: channels, height: height, width: width,
            rowTitles: [imageTitle, referenceTitle], items: items)
    }

    /// The pixel count of one image, channels included.
    public var pixelCount: Int { channels * height * width }

    /// The number of rows any item fills.
    public var rowCount: Int { items.map(\.images.count).max() ?? 0 }

    /// The title of row `row`, or an empty string past the titles.
    public func rowTitle(_ row: Int) -> String {
        rowTitles.indices.contains(row) ? rowTitles[row] : ""
    }

    /// The rows' titles as a phrase: `reconstruction and class mean`, `a, b and c`.
    public var title: String {
        let shown = Array(rowTitles.prefix(max(rowCount, 1)))
        guard shown.count > 1, let last = shown.last else { return shown.first ?? "images" }
        return shown.dropLast().joined(separator: ", ") + " and " + last
    }

    /// The range of `images`' pixels widened to hold [0, 1], for a grid's `low` and `high`:
    /// data in [0, 1] keeps the usual scale, other scales show whole.
    public static func range(of images: [[Float]]) -> (low: Float, high: Float) {
        var low: Float = 0
        var high: Float = 1
        for image in images {
            for value in image where value.isFinite {
                low = min(low, value)
                high = max(high, value)
            }
        }
        return (low, high)
    }
}
