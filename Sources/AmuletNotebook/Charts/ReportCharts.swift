import AmuletRisks
import AmuletTensor

/// Builds the charts a report shows from what the session recorded, by the kind of what was
/// recorded, never by the plug-in or metric that recorded it.
///
/// An ROC-curve artifact gives a log-log ROC chart; a metric declared per group
/// (`MetricScope.perGroup`, subjects `attribute=group`) gives one bar chart per metric and
/// attribute; a metric in the ε unit (`MetricUnit.epsilon`) across two models or more gives a
/// frontier of every headline metric against it. A new plug-in that records these kinds gets
/// its charts with no edit here.
public enum ReportCharts {
    /// The ROC chart of a cell's curves, nil when it drew none.
    public static func roc(cell: CellRecord) -> ROCChart? {
        guard !cell.curves.isEmpty else { return nil }
        return ROCChart(
            title: "ROC, cell \(cell.number)",
            series: cell.curves.map {
                ROCChart.Series(
                    label: $0.role == .current ? $0.label : "\($0.role.rawValue): \($0.label)",
                    curve: $0.curve)
            })
    }

    /// One figure per image artifact of a cell: each image beside its reference.
    public static func images(cell: CellRecord) -> [ImageGridChart] {
        var seen: [CellImages] = []
        for entry in cell.images where !seen.contains(entry) { seen.append(entry) }
        return seen.map { entry in
            let who =
                entry.role == .current ? entry.label : "\(entry.role.rawValue): \(entry.label)"
            return ImageGridChart(
                title: "\(entry.grid.title), \(who), "
                    + "cell \(cell.number)",
                grid: entry.grid)
        }
    }

    /// The Pareto-front charts of a cell's `tune` statements: for each tune with two
    /// constrained metrics or more, the first metric against each other one (small multiples).
    public static func tunes(cell: CellRecord) -> [ParetoChart] {
        var charts: [ParetoChart] = []
        for tune in cell.tunes where tune.metrics.count >= 2 {
            for other in 1..<tune.metrics.count {
                let title =
                    "\(tune.title): \(tune.metrics[other].name) against \(tune.metrics[0].name), "
                    + "cell \(cell.number)"
                charts.append(ParetoChart(title: title, tune: tune, xMetric: 0, yMetric: other))
            }
        }
        return charts
    }

    /// One bar chart per per-group metric and attribute in `rows`, models as series; several
    /// values of one model and group (`repeat`) are averaged.
    public static func groupBars(rows: [LedgerRow], cell: Int) -> [GroupBarChart] {
        var keys: [String] = []
        var titles: [String: (metric: String, attribute: String)] = [:]
        var groups: [String: [String]] = [:]
        var series: [String: [String]] = [:]
        var values: [String: [Double]] = [:]
        for row in rows where row.metric.scope == .perGroup {
            guard let subject = row.subject, let equals = subject.firstIndex(of: "=") else {
                continue
            }
            let attribute = String(subject[..<equals])
            let group = String(subject[subject.index(after: equals)...])
            let key = row.metric.name + "\u{1F}" + attribute
            if titles[key] == nil {
                keys.append(key)
                titles[key] = (row.metric.name, attribute)
            }
            if !(groups[key] ?? []).contains(group) { groups[key, default: []].append(group) }
            if !(series[key] ?? []).contains(row.scenario) {
                series[key, default: []].append(row.scenario)
            }
            if let value = row.value, value.isFinite {
                values[[key, group, row.scenario].joined(separator: "\u{1F}"), default: []]
                    .append(value)
            }
        }
        return keys.map { key -> GroupBarChart in
            let names = groups[key] ?? []
            let title = titles[key] ?? ("", "")
            var chart = GroupBarChart(
                title: "\(title.metric) by \(title.attribute), cell \(cell)",
                valueTitle: title.metric,
                groups: names,
                series: (series[key] ?? []).map { label in
                    GroupBarChart.Series(
                        label: label,
                        values: names.map { group in
                            values[[key, group, label].joined(separator: "\u{1F}")].map {
                                Statistics.mean($0)
                            }
                        })
                })
            chart.attribute = title.attribute
            return chart
        }
    }

    /// The frontier over the ledger's experiments: every headline metric with a direction
    /// against the metric measured in ε, one panel each; nil below two models with a finite
    /// positive ε.
    ///
    /// The first model without a finite ε gives each panel's dashed reference line.
    public static func frontier(ledger: Ledger) -> FrontierChart? {
        let samples = MetricSamples(ledger.rows)
        guard let budget = samples.metrics.first(where: { $0.unit == .epsilon }) else {
            return nil
        }
        func mean(_ column: MetricSamples.Column, _ metric: MetricSamples.MetricKey) -> Double? {
            let values = samples.samples(column, metric).compactMap(\.value).filter(\.isFinite)
            return values.isEmpty ? nil : Statistics.mean(values)
        }
        let shown = samples.metrics.filter {
            $0.scope == .headline && $0.direction != .neutral && $0.unit != .epsilon
        }
        var epsilons: [(column: MetricSamples.Column, epsilon: Double)] = []
        var reference: MetricSamples.Column?
        for column in samples.columns {
            if let epsilon = mean(column, budget), epsilon > 0 {
                epsilons.append((column, epsilon))
            } else if reference == nil {
                reference = column
            }
        }
        guard epsilons.count >= 2 else { return nil }
        let panels = shown.compactMap { metric -> FrontierChart.Panel? in
            let points = epsilons.compactMap { entry -> FrontierChart.Point? in
                mean(entry.column, metric).map {
                    FrontierChart.Point(epsilon: entry.epsilon, value: $0)
                }
            }
            guard points.count >= 2 else { return nil }
            return FrontierChart.Panel(
                metric: metric.metric, points: points,
                reference: reference.flatMap { mean($0, metric) })
        }
        guard !panels.isEmpty else { return nil }
        return FrontierChart(
            title: "\(budget.metric) frontier: headline metrics against ε", panels: panels,
            referenceLabel: reference?.label)
    }
}
