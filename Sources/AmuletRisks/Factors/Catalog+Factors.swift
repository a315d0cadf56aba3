extension Catalog {
    /// The SoK factors this catalog can measure, each with the metric that measures it, in
    /// Table 1's order; empty when the catalog has no `factors` metric.
    ///
    /// The matrix and `explain DEFENSE RISK` read the factors through this, so neither names
    /// the plug-in.
    public var measuredFactors: [(factor: SoKFactor, metric: MetricID)] {
        spec(.metric, FactorsMetric.spec.name) == nil ? [] : FactorsMetric.measuredFactors
    }
}
