import AmuletNotebook
import AmuletRisks

extension LedgerRow {
    /// A row of a one-dataset experiment whose recipe is its scenario label, for tests.
    init(
        cell: Int, scenario: String, role: ModelRole, risk: String, metric: String,
        value: Double?, seed: UInt64 = 0, seconds: Double = 0, repetition: Int? = nil,
        note: String? = nil, flags: Set<MeasurementFlag> = []
    ) {
        self.init(
            cell: cell, scenario: scenario, role: role,
            metric: MetricID(
                metric, risk: Risk(rawValue: risk) ?? .utility, unit: .ratio,
                direction: .higherIsBetter, doc: ""),
            value: value, dataset: "synthetic", datasetKey: "synthetic", recipe: scenario,
            seed: seed, seconds: seconds, repetition: repetition, flags: flags, note: note)
    }
}
