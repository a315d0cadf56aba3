import AmuletRisks
import Foundation

/// An image artifact as a figure: one column per example, its label above it and its views
/// (image, reference; clean, triggered; original, adversarial, perturbation) stacked below,
/// each with its caption line (the model's answer) under it, each row titled on the left, scaled up with square pixels, wrapping into rows of columns
/// that fit the chart's width.
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
    /// Room for the rows' titles on the left: the widest title at 12 px (`ChartText.width`,
    /// which errs wide) and 8 px either side, so `perturbation ×16` is not cut at the
    /// figure's edge; at least 48 px, and at most half the width so a column of images fits.
    public var rowTitleWidth: Double {
        let widest = (0..<max(grid.rowCount, 1)).map { ChartText.width(grid.rowTitle($0)) }
        return min(max((widest.max() ?? 0) + 16, 48), width / 2)
    }
    /// Gap between images.
    static let gap = 10.0
    /// Height of one line of an item's label.
    static let labelLine = 14.0
    /// The longest label line shown whole under a column at 12 px: what fits between the
    /// columns' centres (`ChartText.characters`, 10 characters), so neighbours never touch;
    /// longer lines end in … and keep their full text in the image's tooltip.
    static let labelCharacters = ChartText.characters(fitting: side + gap - 2)

    /// A chart.
    public init(title: String, grid: ImageGrid, width: Double = 600) {
        self.title = title
        self.grid = grid
        self.width = width
    }

    /// Items per row.
    public var columns: Int {
        max(1, Int((width - rowTitleWidth) / (Self.side + Self.gap)))
    }

    /// Lines of the longest label.
    var labelLines: Int {
        max(1, grid.items.map { $0.label.split(separator: "\n").count }.max() ?? 1)
    }

    /// Whether any image has a caption, so every row keeps a line under its images.
    var hasCaptions: Bool { grid.items.contains { $0.captions.contains { !$0.isEmpty } } }

    /// Height of one row of images: the image, its caption line, the gap.
    var rowHeight: Double { Self.side + (hasCaptions ? Self.labelLine : 0) + Self.gap }

    /// Height of one block (label, then a row of images per view).
    var blockHeight: Double {
        6 + Self.labelLine * Double(labelLines) + Double(max(grid.rowCount, 1)) * rowHeight + 6
    }

    /// Where the first block starts: below the title and the caption.
    var top: Double {
        34 + 18 * Double(titleLines.count - 1) + (grid.caption == nil ? 0 : 18)
    }

    /// The title in lines that fit the width at 14 px bold (`ChartText.characters`), broken
    /// after a comma where one is near enough, else at a space: a model's long label would
    /// otherwise run past the figure's edge.
    public var titleLines: [String] {
        let fits = max(
            20, ChartText.characters(fitting: width - 16, size: ChartText.title, bold: true))
        var lines: [String] = []
        var rest = Substring(title)
        while rest.count > fits {
            let head = rest.prefix(fits)
            let cut =
                head.lastIndex(of: ",").map { head.index(after: $0) }
                ?? head.lastIndex(of: " ") ?? head.endIndex
            lines.append(String(rest[..<cut]))
            rest = rest[cut...].drop { $0 == " " }
        }
        return lines + [String(rest)]
    }

    /// The whole height.
    public var height: Double {
        let rows = (grid.items.count + columns - 1) / columns
        return top + Double(rows) * blockHeight
    }

    /// The chart as an SVG document.
    public func document() -> SVGDocument {
        var svg = SVGDocument(
            width: width, height: height, title: title, className: "chart image-grid-chart")
        let lines = titleLines
        for (index, line) in lines.enumerated() {
            svg.text(
                line, x: 8, y: 20 + 18 * Double(index), size: ChartText.title, bold: true)
        }
        if let caption = grid.caption {
            svg.text(
                caption, x: 8, y: 38 + 18 * Double(lines.count - 1), size: ChartText.label,
                fill: "#555",
                className: "image-caption")
        }
        let labelHeight = 6 + Self.labelLine * Double(labelLines)
        for (index, item) in grid.items.enumerated() {
            let row = index / columns
            let column = index % columns
            let x = rowTitleWidth + Double(column) * (Self.side + Self.gap)
            let blockTop = top + Double(row) * blockHeight
            for (line, text) in item.label.split(separator: "\n").enumerated() {
                svg.text(
                    Self.shortened(String(text)), x: x + Self.side / 2,
                    y: blockTop + Self.labelLine * Double(line + 1), anchor: .middle,
                    size: ChartText.label,
                    className: "image-label")
            }
            let name = item.label.split(separator: "\n").joined(separator: " ")
            for (view, pixels) in item.images.enumerated() {
                let y = blockTop + labelHeight + Double(view) * rowHeight
                if column == 0 {
                    svg.text(
                        grid.rowTitle(view), x: rowTitleWidth - 8, y: y + Self.side / 2 + 4,
                        anchor: .end, size: ChartText.label, className: "image-row-title")
                }
                let caption = item.caption(view)
                image(
                    &svg, pixels, x: x, y: y,
                    name: "\(name): \(grid.rowTitle(view))"
                        + (caption.isEmpty ? "" : " \(caption)"))
                if !caption.isEmpty {
                    svg.text(
                        Self.shortened(caption), x: x + Self.side / 2,
                        y: y + Self.side + Self.labelLine - 2, anchor: .middle,
                        size: ChartText.label,
                        className: "image-caption-line")
                }
            }
        }
        return svg
    }

    /// `text`, cut to `labelCharacters` with an ellipsis (and no space before it) when longer.
    public static func shortened(_ text: String) -> String {
        guard text.count > labelCharacters else { return text }
        var kept = text.prefix(labelCharacters - 1)
        while kept.last == " " { kept = kept.dropLast() }
        return kept + "…"
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

    /// The whole grid as one PNG: one column per item, its views down the rows (images on the
    /// top row, their references below), a white gap of one source pixel between them, each
    /// pixel `scale` × `scale`.
    public static func sheet(_ grid: ImageGrid, scale: Int = 4) -> [UInt8]? {
        guard !grid.items.isEmpty, grid.channels == 1 || grid.channels == 3 else { return nil }
        let rows = max(grid.rowCount, 1)
        let sheetWidth = grid.items.count * (grid.width + 1) - 1
        let sheetHeight = rows * (grid.height + 1) - 1
        let c = grid.channels
        var sheet = [UInt8](repeating: 255, count: sheetWidth * sheetHeight * c)
        for (index, item) in grid.items.enumerated() {
            for (row, pixels) in item.images.enumerated() where pixels.count == grid.pixelCount {
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

    /// Channel-major floats as interleaved bytes (RGBRGB…, or grey), the grid's `low` black
    /// and `high` white.
    static func interleaved(_ pixels: [Float], grid: ImageGrid) -> [UInt8] {
        let span = grid.high - grid.low
        let scaled =
            grid.low == 0 && grid.high == 1 || !(span > 0)
            ? pixels : pixels.map { ($0 - grid.low) / span }
        let grey = PNGEncoder.grey(scaled)
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
