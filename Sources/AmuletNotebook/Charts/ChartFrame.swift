/// The size of a chart and the margins around its plot area, in pixels.
///
/// The plot area is where data is drawn; axis labels, tick labels and the title sit in the
/// margins. Tests compute expected coordinates from these numbers.
public struct ChartFrame: Sendable, Equatable {
    /// Total width.
    public var width: Double
    /// Total height.
    public var height: Double
    /// Space left of the plot (y tick labels and axis title).
    public var left: Double
    /// Space right of the plot.
    public var right: Double
    /// Space above the plot (the title).
    public var top: Double
    /// Space below the plot (x tick labels and axis title).
    public var bottom: Double

    /// A frame; the defaults suit a chart a report column wide, drawn with 12-px tick labels
    /// and scaled down by the page on narrower screens (the SVG's viewBox).
    public init(
        width: Double = 600, height: Double = 360, left: Double = 64, right: Double = 20,
        top: Double = 34, bottom: Double = 50
    ) {
        self.width = width
        self.height = height
        self.left = left
        self.right = right
        self.top = top
        self.bottom = bottom
    }

    /// The plot area's left edge.
    public var plotLeft: Double { left }
    /// The plot area's right edge.
    public var plotRight: Double { width - right }
    /// The plot area's top edge.
    public var plotTop: Double { top }
    /// The plot area's bottom edge.
    public var plotBottom: Double { height - bottom }
}

/// Colours shared by the charts: a colour-blind-safe series palette (Okabe and Ito) and the
/// better/worse/neutral colours the tables use for Δ.
public enum ChartPalette {
    /// Series colours, cycled: Okabe and Ito's palette without its yellow (too pale on white).
    public static let series = [
        "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
    ]
    /// Series dash patterns, cycled with the colours: six patterns against seven colours, so
    /// no two of the first 42 series share both, and a grey-scale print still tells them apart.
    public static let dashes: [String?] = [nil, "8 4", "2 3", "10 3 2 3", "4 2", "1 4"]
    /// A change that helps the defender.
    public static let better = "#1a7f37"
    /// A change that hurts the defender.
    public static let worse = "#c62828"
    /// A change with no better side.
    public static let neutral = "#888888"
    /// Grid lines.
    public static let grid = "#e2e2e2"
    /// Axes.
    public static let axis = "#555555"

    /// The colour of series `index`.
    public static func color(_ index: Int) -> String { series[index % series.count] }

    /// The dash pattern of series `index`, nil for solid.
    public static func dash(_ index: Int) -> String? { dashes[index % dashes.count] }
}
