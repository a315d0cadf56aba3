import AmuletLang
import AmuletNotebook
import AmuletRisks
import Foundation
import Testing

/// `tune` on small generated data: rows, "meets" and "front" checked by hand against the
/// ledger's values, and names checked before anything trains.
@Suite(.serialized) struct TuneTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "amulet-tune-\(UUID().uuidString)")

    func interpreter() -> Interpreter { .forTesting(in: folder) }

    let setup =
        "set seed=3; load synthetic rows=400 features=4 separation=3; "
        + "train logreg epochs=3 batch=32 lr=0.05"

    /// The defended values of `metric` for the setting whose label ends with `suffix`.
    func values(_ i: Interpreter, _ suffix: String, _ metric: String) -> [Double] {
        i.session.ledger.rows.filter {
            $0.role == .defended && $0.scenario.hasSuffix(suffix) && $0.metricName == metric
        }.compactMap(\.value)
    }

    func tuneTable(_ result: CellResult) -> Table? {
        for case .table(let table) in result.outputs where table.title == "tune" {
            return table
        }
        return nil
    }

    @Test func sweepReportsMeetsAndFrontFromTheLedger() throws {
        var i = interpreter()
        #expect(i.run(setup).succeeded)
        let before = i.session.scenario?.currentLabel
        let result = i.run("tune dp eps=[1, 8] subject to accuracy >= 0.5 and dp.epsilon <= 4")
        #expect(result.succeeded, "\(result.diagnostics)")
        // No side effects: the session's scenario has no defense and the same label.
        #expect(i.session.scenario?.defenses.isEmpty == true)
        #expect(i.session.scenario?.currentLabel == before)
        let table = try #require(tuneTable(result))
        #expect(table.columns == ["dp eps", "accuracy", "dp.epsilon", "meets", "front"])
        #expect(table.rows.count == 2)
        let accuracy1 = try #require(values(i, "dp(eps=1)", "accuracy").first)
        let accuracy8 = try #require(values(i, "dp(eps=8)", "accuracy").first)
        let epsilon1 = try #require(values(i, "dp(eps=1)", "dp.epsilon").first)
        let epsilon8 = try #require(values(i, "dp(eps=8)", "dp.epsilon").first)
        // The accountant calibrates σ so that ε lands at (just under) the target.
        #expect(epsilon1 > 0.9 && epsilon1 <= 1 + 1e-9)
        #expect(epsilon8 > 7.2 && epsilon8 <= 8 + 1e-9)
        #expect(table.rows[0][0] == .text("1") && table.rows[1][0] == .text("8"))
        #expect(table.rows[0][1] == .number(accuracy1, digits: 3))
        #expect(table.rows[1][2] == .number(epsilon8, digits: 3))
        // Hand check: eps=8 spends ε > 4, so it cannot meet; eps=1 meets when accurate enough.
        let meets1 = accuracy1 >= 0.5 && epsilon1 <= 4
        #expect(table.rows[0][3] == .text(meets1 ? "yes" : "no"))
        #expect(table.rows[1][3] == .text("no"))
        // eps=1 has the smaller ε, so nothing dominates it; eps=8 is on the front only if it
        // is strictly more accurate.
        #expect(table.rows[0][4] == .text("yes"))
        #expect(table.rows[1][4] == .text(accuracy8 > accuracy1 ? "yes" : "no"))
        // The baseline is recorded once, each setting once.
        let baselineRows = i.session.ledger.rows.filter {
            $0.role == .baseline && $0.metricName == "accuracy"
        }
        #expect(baselineRows.count == 1)
        #expect(values(i, "", "accuracy").count == 2)
    }

    @Test func repeatPoolsEachSettingAsMeanAndInterval() throws {
        var i = interpreter()
        #expect(i.run(setup).succeeded)
        let result = i.run("repeat 2 { tune dp eps=[1, 8] subject to accuracy >= 0.99 }")
        #expect(result.succeeded, "\(result.diagnostics)")
        let tables = result.outputs.filter {
            if case .table(let table) = $0 { return table.title == "tune" }
            return false
        }
        #expect(tables.count == 1)
        let table = try #require(tuneTable(result))
        for (row, suffix) in zip(table.rows, ["dp(eps=1)", "dp(eps=8)"]) {
            let samples = values(i, suffix, "accuracy")
            #expect(samples.count == 2)
            guard case .interval(let mean, let halfWidth, _) = row[1] else {
                Issue.record("not an interval: \(row[1])")
                continue
            }
            #expect(abs(mean - (samples[0] + samples[1]) / 2) < 1e-12)
            // 95% t interval of two values: t(1) = 12.706 times |a − b| / 2.
            #expect(abs(halfWidth - 12.7062 * abs(samples[0] - samples[1]) / 2) < 1e-3)
        }
        let meetsAny = table.rows.contains { $0[2] == .text("yes") }
        #expect(meetsAny || table.notes.contains("no setting meets every constraint"))
    }

    @Test func aTuneOnTopOfADefenseSaysSoInTableChartAndLedger() throws {
        var i = interpreter()
        #expect(i.run(setup + "; defend debias").succeeded)
        let result = i.run("tune dp eps=[1, 8] subject to accuracy >= 0.5")
        #expect(result.succeeded, "\(result.diagnostics)")
        let tables: [Table] = result.outputs.compactMap { output in
            if case .table(let table) = output, table.title?.hasPrefix("tune") == true {
                return table
            }
            return nil
        }
        let table = try #require(tables.first)
        #expect(table.title == "tune on top of debias")
        #expect(table.notes.contains { $0.hasPrefix("every setting trains debias + dp") })
        #expect(i.session.cells.last?.tunes.first?.title == "tune dp on top of debias")
        // The ledger knows: the defended rows' recipes hold both defenses.
        let defended = i.session.ledger.rows.filter { $0.role == .defended }
        #expect(!defended.isEmpty && defended.allSatisfy { $0.defenses == ["debias", "dp"] })
    }

    @Test func completionOffersDefensesAndTheirParameters() {
        let vocabulary = interpreter().completionVocabulary
        #expect(vocabulary.keywords.contains("tune"))
        #expect(vocabulary.command("tune")?.subjectNames.contains("dp") == true)
        let dp = vocabulary.command("tune")?.subject("dp")
        #expect(dp?.parameters.map(\.name).contains("eps") == true)
    }

    @Test func namesAreCheckedBeforeAnythingTrains() {
        var i = interpreter()
        #expect(i.run(setup).succeeded)
        let rowsBefore = i.session.ledger.rows.count
        let defense = i.run("tune dpp eps=[1, 8] subject to accuracy >= 0.5")
        #expect(defense.diagnostics.first?.message == "unknown defense 'dpp'")
        #expect(defense.diagnostics.first?.suggestion == "did you mean 'dp'?")
        #expect(defense.diagnostics.first?.location?.column == 6)
        let parameter = i.run("tune dp epss=[1, 8] subject to accuracy >= 0.5")
        #expect(
            parameter.diagnostics.first?.message.hasPrefix("unknown parameter 'epss' for tune dp")
                == true, "\(parameter.diagnostics)")
        let value = i.run("tune dp eps=[1, 0] subject to accuracy >= 0.5")
        #expect(value.diagnostics.first?.location?.column == 17, "\(value.diagnostics)")
        let metric = i.run("tune dp eps=[1, 8] subject to accuracy >= 0.5 and mia.lira.acu < 0.6")
        #expect(metric.diagnostics.first?.message == "unknown metric 'mia.lira.acu'")
        #expect(metric.diagnostics.first?.location?.column == 51)
        #expect(i.session.ledger.rows.count == rowsBefore)
    }

    @Test func theCellKeepsWhatTheFrontChartNeeds() throws {
        var i = interpreter()
        #expect(i.run(setup).succeeded)
        let result = i.run("tune dp eps=[1, 8] subject to accuracy >= 0.5 and dp.epsilon <= 4")
        #expect(result.succeeded, "\(result.diagnostics)")
        let table = try #require(tuneTable(result))
        let record = try #require(i.session.cells.last?.tunes.first)
        #expect(record.title == "tune dp")
        #expect(record.metrics.map(\.name) == ["accuracy", "dp.epsilon"])
        #expect(record.metrics.map(\.direction) == [.higherIsBetter, .lowerIsBetter])
        #expect(record.metrics[1].bounds == [CellTune.Bound(comparison: "<=", value: 4)])
        #expect(record.points.map(\.label) == ["dp eps=1", "dp eps=8"])
        for (point, suffix) in zip(record.points, ["dp(eps=1)", "dp(eps=8)"]) {
            #expect(point.values[0] == values(i, suffix, "accuracy").first)
            #expect(point.values[1] == values(i, suffix, "dp.epsilon").first)
        }
        // The chart's front and the table's agree (both from the ledger's values).
        #expect(
            record.front.map { $0 ? "yes" : "no" }
                == table.rows.map { "\($0[4])" }.map {
                    $0.contains("yes") ? "yes" : "no"
                })
        #expect(record.points.map(\.meets) == table.rows.map { $0[3] == .text("yes") })
        let cell = try #require(i.session.cells.last)
        let charts = ReportCharts.tunes(cell: cell)
        #expect(charts.count == 1)
        #expect(charts.first?.svg().contains("tune-front") == true)
    }

    @Test func eachIterationOfAForShowsItsOwnTable() throws {
        var i = interpreter()
        #expect(i.run(setup).succeeded)
        let result = i.run(
            "for e in [1, 8] { tune dp eps=$e subject to accuracy >= 0.5 and dp.epsilon <= 4 }")
        #expect(result.succeeded, "\(result.diagnostics)")
        let tables = result.outputs.compactMap { output -> Table? in
            guard case .table(let table) = output, table.title == "tune" else { return nil }
            return table
        }
        #expect(tables.count == 2)
        #expect(tables.map(\.rows.count) == [1, 1])
        #expect(tables.map { $0.rows.first?.first } == [.text("1"), .text("8")])
        #expect(tables[0].notes.contains("for e=1"), "\(tables[0].notes)")
        #expect(tables[1].notes.contains("for e=8"), "\(tables[1].notes)")
        // Each table's ε is its own setting's, hand-checked against the ledger.
        let epsilon8 = try #require(values(i, "dp(eps=8)", "dp.epsilon").first)
        #expect(tables[1].rows[0][2] == .number(epsilon8, digits: 3))
        #expect(tables[1].rows[0][3] == .text("no"))
        let records = try #require(i.session.cells.last?.tunes)
        #expect(records.map(\.title) == ["tune dp (e=1)", "tune dp (e=8)"])
    }

    @Test func repeatInsideAForPoolsPerIteration() throws {
        var i = interpreter()
        #expect(i.run(setup).succeeded)
        let result = i.run(
            "for e in [1, 8] { repeat 2 { tune dp eps=$e subject to accuracy >= 0.5 } }")
        #expect(result.succeeded, "\(result.diagnostics)")
        let tables = result.outputs.compactMap { output -> Table? in
            guard case .table(let table) = output, table.title == "tune" else { return nil }
            return table
        }
        #expect(tables.count == 2)
        for (table, suffix) in zip(tables, ["dp(eps=1)", "dp(eps=8)"]) {
            let samples = values(i, suffix, "accuracy")
            #expect(samples.count == 2)
            guard case .interval(let mean, _, _) = table.rows.first?[1] else {
                Issue.record("not an interval: \(table.rows)")
                continue
            }
            #expect(abs(mean - (samples[0] + samples[1]) / 2) < 1e-12)
        }
    }
}
