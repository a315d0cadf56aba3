import AmuletData
import AmuletLang
import AmuletNotebook
import AmuletRisks
import AmuletTensor
import AmuletTestSupport
import Foundation
import Testing

/// The language knows plug-ins only through the Catalog and the experiment layer.
@Suite struct PluginSeamTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "amulet-seam-\(UUID().uuidString)")

    func interpreter() -> Interpreter { .forTesting(in: folder) }

    /// Every string literal in Sources/AmuletLang.
    func languageStringLiterals() throws -> [(file: String, literal: String)] {
        let root = TestSupport.packageRoot().appendingPathComponent("Sources/AmuletLang")
        let files = try #require(FileManager.default.enumerator(atPath: root.path))
        var literals: [(String, String)] = []
        let pattern = try Regex(#""((?:[^"\\]|\\.)*)""#)
        for case let path as String in files where path.hasSuffix(".swift") {
            let text = try String(
                contentsOf: root.appendingPathComponent(path), encoding: .utf8)
            for line in text.split(separator: "\n")
            where !line.drop(while: { $0 == " " }).hasPrefix("//") {
                for match in line.matches(of: pattern) {
                    literals.append((path, String(line[match.range].dropFirst().dropLast())))
                }
            }
        }
        return literals
    }

    @Test func theLanguageNamesNoPluginMetricOrExport() throws {
        let catalog = Catalog.builtIn
        let names =
            catalog.allSpecs.map(\.name) + catalog.metrics.map(\.name)
            + catalog.exports.map(\.export.name) + ["lira", "dp."]
        let literals = try languageStringLiterals()
        #expect(literals.count > 100, "the scan found too few literals to mean anything")
        for (file, literal) in literals {
            for name in names where literal == name || literal.hasPrefix(name + ".") {
                Issue.record("\(file) names '\(name)' in \"\(literal)\"")
            }
        }
    }

    @Test func everyKindHasTheVerbItsDeclarationNames() {
        for kind in PluginKind.allCases {
            #expect(Verb(kind).rawValue == kind.verb)
            #expect(Verb(kind).pluginKind == kind)
        }
        #expect(Verb.allCases.compactMap(\.pluginKind).count == PluginKind.allCases.count)
    }

    /// Every plug-in of the built-in Catalog is used by a test: a Swift test or a golden
    /// script says `VERB NAME` for it, or a Swift test calls its type.
    @Test func everyPluginIsExercisedByATest() throws {
        let root = TestSupport.packageRoot()
        var words: [Substring] = []
        for folder in ["Tests", "stdlib/lessons"] {
            let base = root.appendingPathComponent(folder)
            let files = try #require(FileManager.default.enumerator(atPath: base.path))
            for case let path as String in files
            where path.hasSuffix(".swift") || path.hasSuffix(".amu") {
                let text = try String(
                    contentsOf: base.appendingPathComponent(path), encoding: .utf8)
                words += text.split { !($0.isLetter || $0.isNumber || $0 == "_") }
            }
        }
        let used = Set(words)
        let pairs = Set(zip(words, words.dropFirst()).map { "\($0) \($1)" })
        for entry in Catalog.builtIn.entries {
            let spec = entry.spec
            let type: String
            switch entry {
            case .dataset(let p): type = String(describing: p)
            case .model(let p): type = String(describing: p)
            case .evaluation(let p): type = String(describing: p)
            case .defense(let p): type = String(describing: p)
            }
            let tested =
                pairs.contains("\(spec.kind.verb) \(spec.name)") || used.contains(Substring(type))
            #expect(tested, "no test says '\(spec.kind.verb) \(spec.name)' or uses \(type)")
        }
    }

    @Test func everyExportCompletesAndIsInHelp() {
        var i = interpreter()
        let exports = Catalog.builtIn.exports.map(\.export.name)
        #expect(!exports.isEmpty)
        #expect(Set(i.completionVocabulary.command("export")?.subjectNames ?? []) == Set(exports))
        let help = i.run("help export")
        let text = help.outputs.map { if case .text(let t) = $0 { t } else { "" } }.joined()
        for name in exports { #expect(text.contains("  \(name) "), "help export lacks \(name)") }
    }

    @Test func anOversizedRequestIsRefusedAtItsArgument() throws {
        var i = interpreter()
        let result = i.run("load synthetic rows=5000000 features=10000")
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.message.contains("GB; this machine has"))
        // The caret sits on rows= (column 16) or features= (column 29), not on 'synthetic'.
        let column = diagnostic.location?.column ?? 0
        #expect(column == 16 || column == 29, "column \(column)")
        #expect(i.session.scenario == nil)
    }

    @Test func compareWithAnUnknownBaselineSuggestsALabel() {
        var i = interpreter()
        #expect(i.run("load synthetic rows=400; train logreg epochs=2; measure accuracy").succeeded)
        let result = i.run("compare baseline=logreg")
        #expect(result.diagnostics.first?.message.contains("no scenario labelled 'logreg'") == true)
        #expect(result.diagnostics.first?.suggestion?.contains("logreg epochs=2") == true)
        #expect(i.run("compare baseline=\"logreg epochs=2\"").succeeded)
    }

    @Test func exportOfAnAttackNeedsTheAttackFirstAndThenWritesOneRowPerExample() throws {
        var i = interpreter()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(i.run("load synthetic rows=400; train logreg epochs=2").succeeded)
        let early = i.run("export mia scores.csv")
        #expect(early.diagnostics.first?.message.contains("run 'attack mia' first") == true)
        #expect(i.run("defend dp eps=4; attack mia method=loss").succeeded)
        #expect(i.run("export mia scores.csv").succeeded)
        let text = try String(
            contentsOf: folder.appendingPathComponent("scores.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.first == "index,member,baseline_score,defended_score")
        // One row per example of the training split (200 of 400 rows).
        #expect(lines.count == 1 + 200)
        #expect(i.run("export predictions p.csv").succeeded)
    }
}

/// A reconstruction "attack" for the seam test: the share of test rows the model gets wrong,
/// declared with a matrix use so `risks` and `compare matrix` pick it up from the Catalog, and
/// an ROC artifact (how well 1 − confidence finds the misclassified rows) under its own export,
/// so the report and `export` pick it up by its kind.
private enum ErrorRateProbe: EvaluationPlugin {
    static let errorRate = MetricID(
        "probe.error_rate", risk: .reconstruction, unit: .ratio, direction: .lowerIsBetter,
        scope: .headline, doc: "share of test rows misclassified")
    static let curveExport = ExportSpec(
        "probe_roc", doc: "ROC of 1 − confidence as a detector of misclassified rows")
    static let spec = PluginSpec(
        name: "probe", kind: .attack, summary: "a test plug-in", risk: .reconstruction,
        explanation: "The test error rate, standing in for a new attack.",
        reports: [errorRate], exports: [curveExport], cost: .noTraining,
        matrix: MatrixUse(headline: errorRate))

    static func evaluate(
        _ call: PluginCall, model: ModelUnderTest, scenario: Scenario, context: RunContext
    ) throws -> Evaluation {
        let test = scenario.data.test
        let network = model.model.network
        let probabilities = network.probabilities(test.features)
        let predicted = network.predictions(test.features)
        let wrong = predicted.indices.map { predicted[$0] != test.labels[$0] }
        let doubt = (0..<probabilities.rows).map { row in
            Double(1 - (probabilities.row(row).max() ?? 1))
        }
        let errors = Double(wrong.filter { $0 }.count) / Double(max(wrong.count, 1))
        return Evaluation(
            measurements: [Measurement(errorRate, value: errors)],
            artifacts: [curveExport.name: .roc(ROCCurve(scores: doubt, isPositive: wrong))])
    }
}

/// A new attack reaches every surface through its file and its Catalog line alone.
@Suite struct NewPluginSurfaceTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "amulet-surface-\(UUID().uuidString)")

    @Test func helpCompletionCompareReportAndExportShowTheProbe() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var i = Interpreter(
            session: Session(settings: Settings(dataFolder: DataFolder(url: folder))),
            environment: InterpreterEnvironment(
                catalog: MatrixSeamTests.catalog, workbench: Workbench(cache: nil),
                currentDirectory: folder.path))
        func text(_ result: CellResult) -> String {
            result.outputs.map { output -> String in
                switch output {
                case .text(let t): t
                case .table(let t): TerminalRenderer(useColor: false).render(t)
                default: ""
                }
            }.joined(separator: "\n")
        }
        #expect(text(i.run("help attack")).contains("probe"))
        #expect(i.completionVocabulary.command("attack")?.subjectNames.contains("probe") == true)
        #expect(
            i.completionVocabulary.command("export")?.subjectNames.contains("probe_roc") == true)
        let run = i.run(
            "set seed=5; load synthetic rows=400 separation=1; train mlp epochs=3; "
                + "defend dp eps=8; attack probe")
        #expect(run.succeeded, "\(run.diagnostics)")
        #expect(text(i.run("compare")).contains("probe.error_rate"))

        // The report draws the probe's curve as an ROC chart, in the probe's cell.
        #expect(i.run("report r.html").succeeded)
        let html = try String(contentsOf: folder.appendingPathComponent("r.html"), encoding: .utf8)
        let probeCell = try #require(html.range(of: "attack probe"))
        let chart = try #require(html.range(of: "ROC, cell "))
        #expect(chart.lowerBound > probeCell.lowerBound)

        // `export` writes the curve of both models, and each curve runs from (0, 0) to (1, 1).
        #expect(i.run("export probe_roc curve.csv").succeeded)
        let csv = try String(
            contentsOf: folder.appendingPathComponent("curve.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        #expect(lines.first == ["role", "fpr", "tpr", "threshold"])
        for role in ["baseline", "defended"] {
            let points = lines.dropFirst().filter { $0.first == role }
            let fpr = points.compactMap { Double($0[1]) }
            let tpr = points.compactMap { Double($0[2]) }
            #expect(fpr.first == 0 && tpr.first == 0, "\(role)")
            #expect(fpr.last == 1 && tpr.last == 1, "\(role)")
        }
    }
}

@Suite struct MatrixSeamTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "amulet-matrix-seam-\(UUID().uuidString)")

    /// The built-in Catalog with its matrix attacks replaced by accuracy and the probe, so a
    /// matrix runs in seconds.
    static let catalog = Catalog(
        Catalog.builtIn.entries.filter { $0.spec.matrix == nil }
            + [.evaluation(AccuracyMetric.self), .evaluation(ErrorRateProbe.self)])

    @Test func aNewAttackWithAMatrixUseJoinsRisksAndTheMatrix() throws {
        var i = Interpreter(
            session: Session(settings: Settings(dataFolder: DataFolder(url: folder))),
            environment: InterpreterEnvironment(
                catalog: Self.catalog, workbench: Workbench(cache: nil),
                currentDirectory: folder.path))
        let risks = try #require(i.session.definitions["risks"])
        #expect(risks.source.contains("measure accuracy") && risks.source.contains("attack probe"))
        let run = i.run(
            "set seed=3; load synthetic rows=400 separation=1; "
                + "repeat 2 { train mlp epochs=4; defend dp eps=8; risks }; compare matrix")
        #expect(run.succeeded, "\(run.diagnostics)")
        let tables = run.outputs.compactMap { if case .table(let t) = $0 { t } else { nil } }
        let matrix = try #require(tables.last)
        let text = TerminalRenderer(useColor: false).render(matrix)
        #expect(text.contains("probe.error_rate"), "\(text)")
        #expect(text.contains("reconstruction"), "\(text)")
        // The probe's Δ is the change in error, i.e. minus the change in accuracy: both rows
        // come from the same two pairs of models.
        let rows = i.session.ledger.rows
        func mean(_ name: String, _ role: ModelRole) -> Double {
            let values = rows.filter { $0.metric.name == name && $0.role == role }
                .compactMap(\.value)
            return values.reduce(0, +) / Double(values.count)
        }
        let accuracyDelta = mean("accuracy", .defended) - mean("accuracy", .baseline)
        let errorDelta = mean("probe.error_rate", .defended) - mean("probe.error_rate", .baseline)
        #expect(abs(accuracyDelta + errorDelta) < 1e-9)
    }
}
