import AmuletRisks
import Foundation

/// An image artifact as a figure: each item's image above its reference, labelled, scaled up
/// with square pixels, wrapping into rows that fit the chart's width.
///
/// Every image is an embedded PNG (`PNGEncoder`) inside the SVG, drawn with
/// `image-rendering: pixelated` so an 8×8 digit reads as 64 sharp squares, not a blur.
public struct ImageGridChart: Sendable, Equatable {
    /// The chart's title.
    public var title: String
    /// The images.
    public var grid: ImageGrid
    /// Width in pixels.
    public var width: Double

    /// The shown side of one image in pixels.
    public static let side = 64.0
    /// Room for a row's titles on the left.
    static let rowTitleWidth = 118.0
    /// Gap between images.
    static let gap = 10.0

    /// A chart.
    public init(title: String, grid: ImageGrid, width: Double = 600) {
        self.title = title
        self.grid = grid
        self.width = width
    }

    /// Items per row.
    public var columns: Int {
        max(1, Int((width - Self.rowTitleWidth) / (Self.side + Self.gap)))
    }

    /// Whether items have references, so each block has two images.
    var hasReferences: Bool { grid.items.contains { $0.reference != nil } }

    /// Height of one block (label, image, reference).
    var blockHeight: Double { 20 + Self.side * (hasReferences ? 2 : 1) + Self.gap * 2 + 6 }

    /// The whole height.
    public var height: Double {
        let rows = (grid.items.count + columns - 1) / columns
        return 34 + Double(rows) * blockHeight
    }

    /// The chart as an SVG document.
    public func document() -> SVGDocument {
        var svg = SVGDocument(
            width: width, height: height, title: title, className: "chart image-grid-chart")
        svg.text(title, x: 8, y: 20, size: 14, bold: true)
        for (index, item) in grid.items.enumerated() {
            let row = index / columns
            let column = index % columns
            let x = Self.rowTitleWidth + Double(column) * (Self.side + Self.gap)
            let top = 34 + Double(row) * blockHeight
            svg.text(item.label, x: x + Self.side / 2, y: top + 14, anchor: .middle, size: 12)
            if column == 0 {
                svg.text(
                    grid.imageTitle, x: Self.rowTitleWidth - 8, y: top + 20 + Self.side / 2 + 4,
                    anchor: .end, size: 12)
                if hasReferences {
                    svg.text(
                        grid.referenceTitle, x: Self.rowTitleWidth - 8,
                        y: top + 20 + Self.side * 1.5 + Self.gap + 4, anchor: .end, size: 12)
                }
            }
            image(&svg, item.image, x: x, y: top + 20, name: "\(item.label) \(grid.imageTitle)")
            if let reference = item.reference {
                image(
                    &svg, reference, x: x, y: top + 20 + Self.side + Self.gap,
                    name: "\(item.label) \(grid.referenceTitle)")
            }
        }
        return svg
    }

    /// The chart as SVG text.
    public func svg() -> String { document().render() }

    /// One image at (`x`, `y`), `side` pixels square, as an embedded PNG.
    private func image(
        _ svg: inout SVGDocument, _ pixels: [Float], x: Double, y: Double, name: String
    ) {
        guard let png = Self.png(pixels, grid: grid, scale: 1) else { return }
        let data = Data(png).base64EncodedString()
        svg.raw(
            "<image class=\"grid-image\" x=\"\(SVGDocument.number(x))\" y=\"\(SVGDocument.number(y))\" "
                + "width=\"\(SVGDocument.number(Self.side))\" height=\"\(SVGDocument.number(Self.side))\" "
                + "preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" "
                + "href=\"data:image/png;base64,\(data)\"><title>\(SVGDocument.escape(name))</title></image>"
        )
        svg.rect(
            x: x, y: y, width: Self.side, height: Self.side, fill: "none", className: "image-frame")
    }

    /// A PNG of one image, each pixel repeated `scale` × `scale` times.
    public static func png(_ pixels: [Float], grid: ImageGrid, scale: Int) -> [UInt8]? {
        guard pixels.count == grid.pixelCount, scale >= 1 else { return nil }
        let bytes = interleaved(pixels, grid: grid)
        return PNGEncoder.encode(
            width: grid.width * scale, height: grid.height * scale, channels: grid.channels,
            pixels: upscaled(
                bytes, width: grid.width, height: grid.height, channels: grid.channels, scale: scale
            ))
    }

    /// The whole grid as one PNG: images on the top row, their references below, a white
    /// gap of one source pixel between them, each pixel `scale` × `scale`.
    public static func sheet(_ grid: ImageGrid, scale: Int = 4) -> [UInt8]? {
        guard !grid.items.isEmpty, grid.channels == 1 || grid.channels == 3 else { return nil }
        let rows = grid.items.contains { $0.reference != nil } ? 2 : 1
        let sheetWidth = grid.items.count * (grid.width + 1) - 1
        let sheetHeight = rows * (grid.height + 1) - 1
        let c = grid.channels
        var sheet = [UInt8](repeating: 255, count: sheetWidth * sheetHeight * c)
        for (index, item) in grid.items.enumerated() {
            for (row, pixels) in [item.image, item.reference].enumerated() {
                guard let pixels, pixels.count == grid.pixelCount else { continue }
                let bytes = interleaved(pixels, grid: grid)
                for y in 0..<grid.height {
                    for x in 0..<grid.width {
                        let target =
                            ((row * (grid.height + 1) + y) * sheetWidth + index * (grid.width + 1)
                                + x) * c
                        let source = (y * grid.width + x) * c
                        for k in 0..<c { sheet[target + k] = bytes[source + k] }
                    }
                }
            }
        }
        return PNGEncoder.encode(
            width: sheetWidth * scale, height: sheetHeight * scale, channels: c,
            pixels: upscaled(
                sheet, width: sheetWidth, height: sheetHeight, channels: c, scale: scale))
    }

    /// Channel-major floats as interleaved bytes (RGBRGB…, or grey).
    static func interleaved(_ pixels: [Float], grid: ImageGrid) -> [UInt8] {
        let grey = PNGEncoder.grey(pixels)
        guard grid.channels > 1 else { return grey }
        let plane = grid.height * grid.width
        var out = [UInt8](repeating: 0, count: grey.count)
        for p in 0..<plane {
            for k in 0..<grid.channels { out[p * grid.channels + k] = grey[k * plane + p] }
        }
        return out
    }

    /// Each pixel repeated `scale` times across and down.
    static func upscaled(_ bytes: [UInt8], width: Int, height: Int, channels: Int, scale: Int)
        -> [UInt8]
    {
        guard scale > 1 else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * scale * scale)
        for y in 0..<height {
            var line: [UInt8] = []
            line.reserveCapacity(width * scale * channels)
            for x in 0..<width {
                let start = (y * width + x) * channels
                for _ in 0..<scale { line += bytes[start..<(start + channels)] }
            }
            for _ in 0..<scale { out += line }
        }
        return out
    }
}
