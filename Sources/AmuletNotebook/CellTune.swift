import AmuletRisks

/// What one `tune` measured, kept with its cell so the report can draw the Pareto front.
///
/// Each setting is a point with one value per constrained metric (the mean over `repeat`),
/// whether it meets every constraint, and, computed here from the values and each metric's
/// direction, whether it is on the Pareto front of the constrained metrics.
///
/// Reference: Deb, "Multi-Objective Optimization using Evolutionary Algorithms" (2001), §2.4.
public struct CellTune: Sendable, Equatable {
    /// One constrained metric: its shown name, its direction and its bounds.
    public struct Metric: Sendable, Equatable {
        /// The metric's name as written in the constraint, such as `mia.lira.auc`.
        public var name: String
        /// Which way is better, from the metric's declaration.
        public var direction: MetricDirection
        /// The bounds the constraints put on it, such as `<= 0.52` (one per constraint).
        public var bounds: [Bound]

        /// A metric.
        public init(name: String, direction: MetricDirection, bounds: [Bound]) {
            self.name = name
            self.direction = direction
            self.bounds = bounds
        }
    }

    /// One constraint's comparison and bound.
    public struct Bound: Sendable, Equatable {
        /// The comparison as written: `<`, `<=`, `>` or `>=`.
        public var comparison: String
        /// The bound.
        public var value: Double

        /// A bound.
        public init(comparison: String, value: Double) {
            self.comparison = comparison
            self.value = value
        }
    }

    /// One setting of the sweep.
    public struct Point: Sendable, Equatable {
        /// The setting, such as `dp eps=1`.
        public var label: String
        /// One value per metric, nil when undefined.
        public var values: [Double?]
        /// Whether it meets every constraint.
        public var meets: Bool

        /// A point.
        public init(label: String, values: [Double?], meets: Bool) {
            self.label = label
            self.values = values
            self.meets = meets
        }
    }

    /// A short caption, such as `tune dp eps`.
    public var title: String
    /// The constrained metrics, one per distinct name, in the order first constrained.
    public var metrics: [Metric]
    /// The settings, in sweep order.
    public var points: [Point]

    /// A tune's record.
    public init(title: String, metrics: [Metric], points: [Point]) {
        self.title = title
        self.metrics = metrics
        self.points = points
    }

    /// Whether each point is on the Pareto front over every constrained metric.
    public var front: [Bool] {
        ParetoFront.membership(points.map(\.values), directions: metrics.map(\.direction))
    }
}
