import AmuletNotebook
import AmuletRisks
import AmuletTestSupport
import Testing

/// The measured defense × risk matrix against numbers computed with SciPy.
@Suite struct InteractionMatrixTests {
    static let auc = MetricID(
        "mia.auc", risk: .membership, unit: .ratio, direction: .lowerIsBetter, scope: .headline,
        doc: "")
    static let adversarial = MetricID(
        "evasion.adversarial_accuracy", risk: .evasion, unit: .ratio,
        direction: .higherIsBetter, scope: .headline, doc: "")

    /// Baseline and defended rows of one repetition, sharing the seed as `repeat` gives them.
    static func pair(
        _ metric: MetricID, base: Double, defended: Double, repetition: Int, defense: String
    ) -> [LedgerRow] {
        var rows: [LedgerRow] = []
        for (role, value) in [(ModelRole.baseline, base), (.defended, defended)] {
            var row = LedgerRow(
                cell: 1, scenario: role == .baseline ? "mlp" : "mlp + \(defense)", role: role,
                metric: metric, subject: metric.risk == .membership ? "lira" : nil, value: value,
                dataset: "adult", datasetKey: "adult",
                recipe: role == .baseline ? "mlp" : "mlp+\(defense)",
                seed: UInt64(100 + repetition),
                repetition: repetition)
            if role == .defended { row.defenses = [defense] }
            rows.append(row)
        }
        return rows
    }

    @Test func pairedDifferencesGiveSciPysIntervalAndPValueAndTheVerdict() throws {
        // dp raises LiRA AUC by 0.02, 0.03, 0.04 (the SoK expects ↓): scipy.stats.ttest_1samp
        // gives p = 0.035098718645984656, and the 95% half-width is t(0.975, 2)·s/√3 =
        // 0.024841377117503304.
        // adv lowers adversarial accuracy by 0.10, 0.12, 0.08: p = 0.013072457560346515,
        // half-width 0.04968275423500659; the risk rises where the SoK expects it to fall.
        var rows: [LedgerRow] = []
        for (r, (base, defended)) in [(0.60, 0.62), (0.61, 0.64), (0.59, 0.63)].enumerated() {
            rows += Self.pair(
                Self.auc, base: base, defended: defended, repetition: r, defense: "dp")
        }
        for (r, (base, defended)) in [(0.50, 0.40), (0.52, 0.40), (0.48, 0.40)].enumerated() {
            rows += Self.pair(
                Self.adversarial, base: base, defended: defended, repetition: r, defense: "adv")
        }
        let cells = InteractionMatrix.cells(rows, catalog: .builtIn)
        #expect(cells.count == 2)
        let dp = try #require(cells.first { $0.defense == "dp" })
        expectClose(dp.delta, 0.03, tolerance: 1e-12)
        expectClose(dp.halfWidth ?? 0, 0.024841377117503304, tolerance: 1e-9)
        expectClose(dp.pValue ?? 0, 0.035098718645984656, tolerance: 1e-6)
        // Holm over the two cells: 2 × 0.01307 = 0.02614 for adv, max(0.02614, 0.03510) for dp.
        expectClose(dp.adjustedPValue ?? 0, 0.035098718645984656, tolerance: 1e-6)
        #expect(dp.test == .paired)
        #expect(dp.riskRises == true)
        #expect(dp.expected?.change == .falls && dp.expected?.isTarget == true)
        #expect(dp.verdict == .contradicts)
        let adv = try #require(cells.first { $0.defense == "adv" })
        expectClose(adv.halfWidth ?? 0, 0.04968275423500659, tolerance: 1e-9)
        expectClose(adv.pValue ?? 0, 0.013072457560346515, tolerance: 1e-6)
        expectClose(adv.adjustedPValue ?? 0, 2 * 0.013072457560346515, tolerance: 1e-6)
        #expect(adv.riskRises == true)
        #expect(adv.verdict == .contradicts)
    }

    @Test func anIntervalThatSpansZeroIsInconclusiveAndOneRunHasNoInterval() throws {
        var rows: [LedgerRow] = []
        for (r, (base, defended)) in [(0.60, 0.61), (0.61, 0.60), (0.59, 0.60)].enumerated() {
            rows += Self.pair(
                Self.auc, base: base, defended: defended, repetition: r, defense: "dp")
        }
        let cell = try #require(InteractionMatrix.cells(rows, catalog: .builtIn).first)
        #expect(cell.verdict == .inconclusive)
        // Differences +0.01, −0.01, +0.01: s = 0.011547, so SciPy's noncentral t gives 80%
        // power against 0.01 at n = 13 (scripts/reference/statistics.py's method).
        #expect(cell.repetitionsNeeded == 13)
        let single = Self.pair(Self.auc, base: 0.6, defended: 0.5, repetition: 0, defense: "dp")
        let one = try #require(InteractionMatrix.cells(single, catalog: .builtIn).first)
        #expect(one.halfWidth == nil && one.pValue == nil && one.verdict == .inconclusive)
        let table = InteractionMatrix.table(single, catalog: .builtIn)
        #expect(table.notes.contains("one run gives no interval: use 'repeat N' for verdicts."))
    }

    @Test func theHeatMapColoursARiseRedAndPlacesCellsOnTheSoKsGrid() throws {
        var rows: [LedgerRow] = []
        for (r, (base, defended)) in [(0.60, 0.62), (0.61, 0.64), (0.59, 0.63)].enumerated() {
            rows += Self.pair(
                Self.auc, base: base, defended: defended, repetition: r, defense: "dp")
        }
        let map = InteractionHeatMap(cells: InteractionMatrix.cells(rows, catalog: .builtIn))
        #expect(map.defenses == ["dp"])
        let svg = map.svg()
        // Membership is the SoK's fourth column (index 3): x = 96 + 3·104 + 1 = 409, y = 60 + 1;
        // the row holds the Δ line (18 px), CI, arrow and verdict (3 × 15) and a 12-px margin.
        let origin = map.box(row: 0, column: 3)
        #expect(origin.x == 408 && origin.y == 60)
        #expect(
            svg.contains("<rect x=\"409\" y=\"61\" width=\"102\" height=\"73\" fill=\"#c62828\""))
        #expect(svg.contains(">SoK ↓†</text>") && svg.contains(">contradicts</text>"))
        // The seven other risks were not measured: blank cells that say so.
        #expect(svg.components(separatedBy: "not measured").count - 1 == 7)
        let report = NotebookReport(
            cells: [], ledger: Ledger(rows: rows), catalog: .builtIn
        ).html()
        #expect(report.contains("interaction-heat-map"))
    }

    @Test func significanceWithoutSizeIsNoInteractionNotARedCell() throws {
        // +0.001 with almost no spread: p < 0.001, but inside ±0.01 (the AUC's threshold).
        var rows: [LedgerRow] = []
        for (r, (base, defended)) in [(0.600, 0.6010), (0.610, 0.6111), (0.590, 0.5909)]
            .enumerated()
        {
            rows += Self.pair(
                Self.auc, base: base, defended: defended, repetition: r, defense: "dp")
        }
        let cell = try #require(InteractionMatrix.cells(rows, catalog: .builtIn).first)
        #expect(cell.threshold == 0.01)
        #expect(cell.verdict == .noInteraction)
        let svg = InteractionHeatMap(cells: [cell]).svg()
        #expect(svg.contains("fill=\"#f4f4f4\" class=\"heat-cell\""))
    }

    @Test func aSweepIsOneRowPerSettingNeverPooledAsRepetitions() throws {
        // tune dp eps=[0.5, 1, 4]: three recipes in one repetition, not three repeats.
        var rows: [LedgerRow] = []
        for (eps, value) in [("0.5", 0.55), ("1", 0.58), ("4", 0.60)] {
            var pair = Self.pair(
                Self.auc, base: 0.61, defended: value, repetition: 0, defense: "dp")
            pair[1].recipe = "mlp+dp(eps=\(eps))"
            pair[1].scenario = "mlp + dp(eps=\(eps))"
            rows += pair
        }
        let cells = InteractionMatrix.cells(rows, catalog: .builtIn)
        #expect(cells.map(\.defense) == ["dp(eps=0.5)", "dp(eps=1)", "dp(eps=4)"])
        #expect(cells.allSatisfy { $0.pairs == 1 && $0.halfWidth == nil })
        #expect(cells.allSatisfy { $0.verdict == .inconclusive })
    }

    @Test func aPortionSweepOnTextIsOneRowPerPortionMarkedText() throws {
        // for p in [1%, 0.2%] { attack backdoor portion=$p } under repeat 3 with defend onion,
        // on text, where the portion is the success rate's subject; and one tabular run.
        let success = PoisoningMetrics.backdoorSuccess
        #expect(Catalog.builtIn.matrixHeadline(for: .poisoning) == success)
        var rows: [LedgerRow] = []
        let runs = [
            ("p=1%", [(0.99, 0.05), (1.0, 0.08), (0.98, 0.04)]),
            ("p=0.2%", [(0.8, 0.05), (0.7, 0.06), (0.9, 0.05)]),
        ]
        for (subject, values) in runs {
            for (r, (base, defended)) in values.enumerated() {
                var pair = Self.pair(
                    success, base: base, defended: defended, repetition: r, defense: "onion")
                for i in pair.indices {
                    pair[i].subject = subject
                    pair[i].modality = "text"
                    pair[i].datasetKey = "synthetic-text"
                    pair[i].dataset = "synthetic modality=text"
                }
                rows += pair
            }
        }
        // A single run of the same recipe beside the repetitions is its own row, never pooled.
        for var row in Self.pair(success, base: 1, defended: 0.1, repetition: 0, defense: "onion") {
            row.repetition = nil
            row.seed = 0
            row.subject = "p=1%"
            row.modality = "text"
            row.datasetKey = "synthetic-text"
            row.dataset = "synthetic modality=text"
            rows.append(row)
        }
        for var row in Self.pair(success, base: 0.9, defended: 0.2, repetition: 0, defense: "dp") {
            row.repetition = nil
            row.modality = "tabular"
            rows.append(row)
        }
        let cells = InteractionMatrix.cells(rows, catalog: .builtIn)
        #expect(
            cells.map(\.metric) == [
                "backdoor.p=1%.success_rate", "backdoor.p=0.2%.success_rate",
                "backdoor.p=1%.success_rate", "backdoor.success_rate",
            ])
        #expect(cells.map(\.modality) == ["text", "text", "text", "tabular"])
        #expect(
            cells.map(\.defense) == [
                "synthetic modality=text: mlp + onion", "synthetic modality=text: mlp + onion",
                "synthetic modality=text: mlp + onion seed=0", "adult: dp",
            ])
        // Each portion pools its own three repetitions: (−0.94 − 0.92 − 0.94)/3 and
        // (−0.75 − 0.64 − 0.85)/3.
        #expect(cells.prefix(2).allSatisfy { $0.pairs == 3 && $0.test == .paired })
        expectClose(cells[0].delta, -2.8 / 3, tolerance: 1e-12)
        expectClose(cells[1].delta, -2.24 / 3, tolerance: 1e-12)
        #expect(cells[2].pairs == 1 && cells[3].pairs == 1)
        expectClose(cells[2].delta, -0.9, tolerance: 1e-12)
        expectClose(cells[3].delta, -0.7, tolerance: 1e-12)
        let table = InteractionMatrix.table(rows, catalog: .builtIn)
        #expect(table.columns.prefix(3) == ["defense", "modality", "risk"])
        #expect(
            table.rows.map { $0[1] } == [
                .text("text"), .text("text"), .text("text"), .text("tabular"),
            ])
        #expect(
            table.rows.map { $0[0] } == [
                .text("synthetic modality=text: mlp + onion"), .text(""),
                .text("synthetic modality=text: mlp + onion seed=0"), .text("adult: dp"),
            ])
        #expect(table.rows.allSatisfy { $0.count == table.columns.count })
    }

    @Test func aCellOnADegenerateModelIsNotMeasurable() throws {
        var rows: [LedgerRow] = []
        for (r, (base, defended)) in [(0.50, 0.85), (0.51, 0.88), (0.50, 0.86)].enumerated() {
            var pair = Self.pair(
                Self.auc, base: base, defended: defended, repetition: r, defense: "dp")
            // An attack's own models (populations) were near-constant in one repetition.
            if r == 1 { pair[1].flags.insert(.degenerateAuxiliaryModel) }
            rows += pair
        }
        let cell = try #require(InteractionMatrix.cells(rows, catalog: .builtIn).first)
        #expect(cell.flagged)
        #expect(cell.verdict == .notMeasurable)
        let table = InteractionMatrix.table(rows, catalog: .builtIn)
        #expect(table.rows.first?.last == .text("not measurable"))
    }

    @Test func theJSONMatrixCarriesTheHalfWidth() throws {
        var rows: [LedgerRow] = []
        for (r, (base, defended)) in [(0.60, 0.62), (0.61, 0.64), (0.59, 0.63)].enumerated() {
            rows += Self.pair(
                Self.auc, base: base, defended: defended, repetition: r, defense: "dp")
        }
        let table = InteractionMatrix.table(rows, catalog: .builtIn)
        #expect(table.rows.allSatisfy { $0.count == table.columns.count })
        #expect(table.columns.contains("factors"))
        // dp × membership: the factors conjecture ↓ (4 of 5 shared factors).
        #expect(table.rows.first?[8] == .text("↓"))
        let json = JSONRenderer().render(table)
        #expect(json.contains("± 95% CI"))
        #expect(json.contains("0.02484137711750"))
    }

    @Test func aDPCellPairsWithTheBaselineTrainedAtItsOwnSettings() throws {
        // One cell measured two baselines per repetition: `train`'s (lr 0.001, AUC 0.70) and
        // the one at DP-SGD's settings (lr 0.003, AUC 0.60) that the dp rows were measured
        // beside. Δ must be against the latter: −0.02, never −0.12.
        var rows: [LedgerRow] = []
        for r in 0..<3 {
            var plain = Self.pair(Self.auc, base: 0.70, defended: 0.0, repetition: r, defense: "x")
            plain.removeLast()
            rows += plain
            var pair = Self.pair(
                Self.auc, base: 0.60, defended: 0.58 + 0.001 * Double(r), repetition: r,
                defense: "dp")
            pair[0].recipe = "mlp lr=0.003"
            pair[1].baselineRecipe = "mlp lr=0.003"
            rows += pair
        }
        let cell = try #require(InteractionMatrix.cells(rows, catalog: .builtIn).first)
        expectClose(cell.delta, -0.019, tolerance: 1e-12)
        #expect(cell.test == .paired && cell.pairs == 3)
    }
}
