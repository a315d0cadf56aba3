import AmuletRisks
import AmuletTensor

/// The ledger's values grouped into columns (one per experiment) and metrics, in first-seen
/// order.
///
/// A column is one experiment: one dataset identity, one recipe, and either one seed or the
/// repetitions of `repeat`. Rows of different datasets or recipes never share a column, so
/// nothing unlike is averaged. Column labels are the scenario labels, made unique by the
/// dataset (when the ledger holds several) and then the seed.
struct MetricSamples {
    /// A row of the pivot: a metric within its risk.
    struct MetricKey: Hashable {
        var risk: String
        var metric: String
        var unit: MetricUnit
        var direction: MetricDirection
        /// Where `compare` shows it; not part of the identity.
        var scope: MetricScope = .detail

        /// Decimals to show: none for counts, one for percentages, else `digits`.
        func digits(_ digits: Int) -> Int {
            switch unit {
            case .count: 0
            case .percent: 1
            default: digits
            }
        }

        static func == (left: MetricKey, right: MetricKey) -> Bool {
            left.risk == right.risk && left.metric == right.metric && left.unit == right.unit
                && left.direction == right.direction
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(risk)
            hasher.combine(metric)
            hasher.combine(unit)
            hasher.combine(direction)
        }
    }

    /// One column: an experiment and its label.
    struct Column {
        var key: String
        var label: String
        var role: ModelRole
    }

    /// One value with its flag and the run it came from.
    struct Sample {
        var value: Double?
        var flagged: Bool
        /// The seed and repetition: equal keys on two sides are one pair.
        var run: String? = nil
    }

    private struct SampleKey: Hashable {
        var column: String
        var metric: MetricKey
    }

    /// Columns in first-seen order.
    private(set) var columns: [Column] = []
    /// Metrics in first-seen order.
    private(set) var metrics: [MetricKey] = []
    /// Notes of undefined values, by metric, first seen.
    private(set) var undefinedNotes: [String] = []
    private var samples: [SampleKey: [Sample]] = [:]

    /// Groups `rows`, keeping their order within each sample.
    init(_ rows: [LedgerRow]) {
        var columnIndex: [String: Int] = [:]
        var seenMetrics: Set<MetricKey> = []
        var first: [String: LedgerRow] = [:]
        for row in rows {
            let metric = MetricKey(
                risk: row.risk, metric: row.metricName, unit: row.metric.unit,
                direction: row.metric.direction, scope: row.metric.scope)
            let key = row.experimentKey
            if columnIndex[key] == nil {
                columnIndex[key] = columns.count
                columns.append(Column(key: key, label: row.scenario, role: row.role))
                first[key] = row
            }
            if seenMetrics.insert(metric).inserted { metrics.append(metric) }
            if row.value == nil, let note = row.note, !undefinedNotes.contains(note) {
                undefinedNotes.append(note)
            }
            samples[SampleKey(column: key, metric: metric), default: []].append(
                Sample(
                    value: row.value, flagged: row.isFlagged,
                    run: row.repetition.map { "\(row.seed)/\($0)" }))
        }
        let datasets = Set(first.values.map(\.datasetKey))
        if datasets.count > 1 {
            for i in columns.indices {
                if let row = first[columns[i].key] {
                    columns[i].label = "\(row.dataset): \(columns[i].label)"
                }
            }
        }
        for (label, indices) in Dictionary(grouping: columns.indices, by: { columns[$0].label })
        where indices.count > 1 {
            let seeds = Set(indices.compactMap { first[columns[$0].key]?.seed })
            guard seeds.count > 1 else { continue }
            for i in indices {
                if let row = first[columns[i].key], row.repetition == nil {
                    columns[i].label = "\(label) seed=\(row.seed)"
                }
            }
        }
        for (label, indices) in Dictionary(grouping: columns.indices, by: { columns[$0].label })
        where indices.count > 1 {
            for (n, i) in indices.sorted().enumerated() where n > 0 {
                columns[i].label = "\(label) #\(n + 1)"
            }
        }
    }

    /// The samples of one column and metric; empty when it was never measured.
    func samples(_ column: Column, _ metric: MetricKey) -> [Sample] {
        samples[SampleKey(column: column.key, metric: metric)] ?? []
    }

    /// A sample as a cell: a number for one value, mean ± 95% CI (Student t) for several,
    /// `–` when no value is defined, flagged when any value came from a degenerate model.
    static func summary(_ sample: [Sample], digits: Int, unit: MetricUnit = .ratio) -> TableCell {
        let values = sample.compactMap(\.value)
        let cell: TableCell
        switch values.count {
        case 0: cell = sample.isEmpty ? .empty : .undefined
        case 1: cell = .number(values[0], digits: digits)
        default:
            cell = .interval(
                mean: Statistics.mean(values),
                halfWidth: Statistics.confidenceHalfWidth95(values), digits: digits)
        }
        let shown =
            unit == .percent && cell.isNumeric && cell != .undefined ? .suffixed(cell, "%") : cell
        return sample.contains(where: \.flagged) ? .flagged(shown) : shown
    }

    /// The test of `sample` against `reference`: paired when every defined value on both
    /// sides comes from a `repeat` repetition with a partner of the same seed and repetition
    /// on the other side, Welch's otherwise; nil when either side has fewer than two values.
    static func test(_ sample: [Sample], from reference: [Sample]) -> MeanDifferenceTest? {
        let treated = sample.filter { $0.value != nil }
        let base = reference.filter { $0.value != nil }
        let treatedRuns = treated.compactMap(\.run)
        let baseRuns = base.compactMap(\.run)
        let byRun = Dictionary(
            base.compactMap { s in s.run.map { ($0, s.value ?? .nan) } },
            uniquingKeysWith: { first, _ in first })
        let paired =
            treatedRuns.count == treated.count && baseRuns.count == base.count
            && Set(treatedRuns).count == treatedRuns.count && Set(baseRuns) == Set(treatedRuns)
            && baseRuns.count == treatedRuns.count
        if paired {
            return MeanDifferenceTest(
                paired: treated.compactMap { $0.run.flatMap { byRun[$0] } },
                treated.compactMap(\.value))
        }
        return MeanDifferenceTest(welch: base.compactMap(\.value), treated.compactMap(\.value))
    }

    /// The difference of means `sample − reference`, judged by the metric's direction, and
    /// the test behind its `*`.
    ///
    /// Tested at 0.05, uncorrected for multiplicity, when both have at least two values
    /// (`test(_:from:)` picks paired or Welch's); `–` when either side has no defined value. A
    /// metric with a direction marks the change better or worse for the defender.
    static func delta(
        _ sample: [Sample], from reference: [Sample], digits: Int,
        direction: MetricDirection = .neutral, unit: MetricUnit = .ratio
    ) -> (cell: TableCell, test: MeanDifferenceTest.Kind?) {
        guard !sample.isEmpty, !reference.isEmpty else { return (.empty, nil) }
        let values = sample.compactMap(\.value)
        let base = reference.compactMap(\.value)
        guard !values.isEmpty, !base.isEmpty else { return (.undefined, nil) }
        let difference = Statistics.mean(values) - Statistics.mean(base)
        let test = test(sample, from: reference)
        let delta = TableCell.delta(
            difference, digits: digits, significant: test?.isSignificant(at: 0.05))
        // A change of a percentage is in percentage points, not a percent of itself.
        let cell = unit == .percent ? .suffixed(delta, " pp") : delta
        switch direction {
        case .neutral: return (cell, test?.kind)
        case .higherIsBetter: return (.judged(cell, better: difference > 0), test?.kind)
        case .lowerIsBetter: return (.judged(cell, better: difference < 0), test?.kind)
        }
    }
}
