/// A chart's legend: one entry per series, drawn below the plot area so it never covers data.
///
/// A legend inside the plot hides what it sits on (on a log-log ROC chart, the low-FPR corner
/// the chart exists to show), so every chart reserves `height` under its x-axis title instead.
public enum ChartLegend {
    /// One legend entry.
    public struct Entry: Sendable, Equatable {
        /// The label.
        public var label: String
        /// Its colour.
        public var color: String
        /// Its dash pattern (`stroke-dasharray`), nil for solid.
        public var dash: String?
        /// Whether the swatch is a line (curves) or a box (bars).
        public var swatch: Swatch

        /// An entry.
        public init(label: String, color: String, dash: String? = nil, swatch: Swatch = .line) {
            self.label = label
            self.color = color
            self.dash = dash
            self.swatch = swatch
        }
    }

    /// The shape of a legend swatch.
    public enum Swatch: Sendable, Equatable {
        /// A short line in the series' colour and dash.
        case line
        /// A filled square.
        case box
    }

    /// The height of one legend line in pixels.
    public static let rowHeight = 17.0

    /// The room a legend of `count` entries takes below the x-axis title, 0 for none.
    public static func height(_ count: Int) -> Double {
        count == 0 ? 0 : Double(count) * rowHeight + 10
    }

    /// The characters of a label that fit in `width` pixels after a swatch
    /// (`ChartText.characters`), at least 12.
    public static func characters(fitting width: Double) -> Int {
        max(12, ChartText.characters(fitting: width - 40))
    }
}
