import Foundation

/// The privacy–utility frontier of a sweep: accuracy and attack AUC against ε.
///
/// ε runs along a log10 axis (sweeps double it: 0.5, 1, 2, 4, 8) between the powers of ten
/// around the sweep; accuracy and AUC share a 0–1 axis. Dashed lines mark the model trained
/// without differential privacy, whose ε is infinite and so has no place on the axis. An AUC
/// of 0.5 is guessing: the frontier shows how much accuracy each step towards it costs.
///
/// Reference: Abadi et al., "Deep Learning with Differential Privacy", CCS 2016 (accuracy
/// against ε); Jayaraman and Evans, "Evaluating Differentially Private Machine Learning in
/// Practice", USENIX Security 2019 (attack advantage against ε).
public struct FrontierChart: Sendable, Equatable {
    /// One trained model of the sweep.
    public struct Point: Sendable, Equatable {
        /// The scenario label.
        public var label: String
        /// ε spent by training.
        public var epsilon: Double
        /// Test accuracy, if measured.
        public var accuracy: Double?
        /// Membership-attack AUC, if measured.
        public var attackAUC: Double?

        /// A point.
        public init(label: String, epsilon: Double, accuracy: Double?, attackAUC: Double?) {
            self.label = label
            self.epsilon = epsilon
            self.accuracy = accuracy
            self.attackAUC = attackAUC
        }
    }

    /// The chart's title.
    public var title: String
    /// The sweep's models, in any order (drawn by increasing ε).
    public var points: [Point]
    /// The accuracy of the model without DP, drawn dashed.
    public var referenceAccuracy: Double?
    /// The attack AUC against the model without DP, drawn dashed.
    public var referenceAUC: Double?
    /// Size and margins.
    public var frame: ChartFrame

    /// A chart; points with a non-positive or infinite ε are left out.
    public init(
        title: String, points: [Point], referenceAccuracy: Double? = nil,
        referenceAUC: Double? = nil, frame: ChartFrame = ChartFrame()
    ) {
        self.title = title
        self.points = points.filter { $0.epsilon > 0 && $0.epsilon.isFinite }
            .sorted { $0.epsilon < $1.epsilon }
        self.referenceAccuracy = referenceAccuracy
        self.referenceAUC = referenceAUC
        self.frame = frame
    }

    /// The ε scale: log10 between the powers of ten below the smallest and above the largest ε.
    public var epsilonScale: ChartScale {
        let values = points.map(\.epsilon)
        var lower = pow(10, floor(log10(values.min() ?? 1) + 1e-9))
        var upper = pow(10, ceil(log10(values.max() ?? 10) - 1e-9))
        if upper <= lower {
            lower /= 10
            upper *= 10
        }
        return ChartScale(
            domain: lower...upper, start: frame.plotLeft, end: frame.plotRight, logarithmic: true)
    }

    /// The shared 0–1 scale of accuracy and AUC.
    public var valueScale: ChartScale {
        ChartScale(domain: 0...1, start: frame.plotBottom, end: frame.plotTop)
    }

    /// The pixel points of one measure, by increasing ε.
    public func path(_ value: KeyPath<Point, Double?>) -> [(x: Double, y: Double)] {
        points.compactMap { point -> (x: Double, y: Double)? in
            guard let measured = point[keyPath: value] else { return nil }
            return (x: epsilonScale.position(point.epsilon), y: valueScale.position(measured))
        }
    }

    /// The chart as an SVG document.
    public func document() -> SVGDocument {
        var svg = SVGDocument(
            width: frame.width, height: frame.height, title: title,
            className: "chart frontier-chart")
        let x = epsilonScale
        let y = valueScale
        svg.drawAxes(frame: frame, x: x, y: y, xTitle: "ε (log)", yTitle: "accuracy / attack AUC")
        let measures: [(String, KeyPath<Point, Double?>, Double?, String)] = [
            ("accuracy", \.accuracy, referenceAccuracy, ChartPalette.color(0)),
            ("attack AUC", \.attackAUC, referenceAUC, ChartPalette.color(1)),
        ]
        var legend: [(label: String, color: String)] = []
        for (name, keyPath, reference, color) in measures {
            let line = path(keyPath)
            guard !line.isEmpty || reference != nil else { continue }
            if let reference {
                svg.line(
                    x1: frame.plotLeft, y1: y.position(reference), x2: frame.plotRight,
                    y2: y.position(reference), stroke: color, dash: "5 4")
            }
            svg.polyline(line, stroke: color, className: "frontier-line")
            for point in line { svg.circle(x: point.x, y: point.y, radius: 3, fill: color) }
            legend.append((reference == nil ? name : "\(name) (dashed: no DP)", color))
        }
        svg.drawLegend(
            legend, x: frame.plotLeft + 8, y: frame.plotBottom - 8 - Double(legend.count) * 15)
        return svg
    }

    /// The chart as SVG text.
    public func svg() -> String { document().render() }
}
