import AmuletData
import AmuletLang
import AmuletNotebook
import AmuletRisks
import AmuletTensor
import AmuletTestSupport
import Foundation
import Testing

// MARK: - Walkthrough 1: add an attack (CONTRIBUTING.md quotes this block)

/// `attack entropy`: membership inference from the entropy of the model's prediction.
///
/// A model is usually more certain on the rows it trained on, so a low entropy
/// H(p) = −Σ pₖ log pₖ suggests a member; the score is −H, and the AUC over members and the
/// adversary's non-members measures the leak.
/// Reference: Song & Mittal, "Systematic Evaluation of Privacy Risks of ML Models", USENIX
/// Security 2021.
enum PredictionEntropyAttack: EvaluationPlugin {
    static let auc = MetricID(
        "entropy.auc", risk: .membership, unit: .ratio, direction: .lowerIsBetter,
        scope: .headline, doc: "AUC of −entropy separating members from non-members (0.5: none)")

    static let spec = PluginSpec(
        name: "entropy", kind: .attack,
        summary: "membership inference from the entropy of the prediction",
        risk: .membership,
        explanation: "Scores each row by the negative entropy of the model's class "
            + "probabilities: models are more certain on their training rows.",
        reports: [auc], cost: .noTraining,
        reference: "Song & Mittal, USENIX Security 2021")

    static func evaluate(
        _ call: PluginCall, model: ModelUnderTest, scenario: Scenario, context: RunContext
    ) throws -> Evaluation {
        func scores(_ data: Dataset) -> [Double] {
            let p = model.model.network.probabilities(data.features)
            return (0..<p.rows).map { i in
                p.row(i).reduce(0.0) { sum, pk in pk > 0 ? sum + Double(pk) * log(Double(pk)) : sum
                }
            }
        }
        let members = scores(scenario.members)
        let others = scores(scenario.adversary)
        let roc = ROCCurve(
            scores: members + others,
            isPositive: members.map { _ in true } + others.map { _ in false })
        return Evaluation(measurements: [Measurement(auc, value: roc.auc)])
    }
}

// MARK: - Walkthrough 2: add a dataset (CONTRIBUTING.md quotes this block)

/// `load moons`: two interleaved half circles, read from `moons.csv` (x, y, label, side).
enum MoonsDataset: BuiltInDataset {
    static let declaration = DatasetDeclaration(
        name: "moons", summary: "two interleaved half circles (a toy problem)",
        explanation: "Points on two half circles labelled by circle; 'side' (x > 0) is the "
            + "sensitive attribute.",
        reference: "scikit-learn's make_moons", files: ["moons.csv"])

    static func load(folder: DataFolder, seed: UInt64, testFraction: Double) throws(DataError)
        -> DataSplit
    {
        let file = declaration.files[0]
        let text = try folder.read(file)
        var features: [[Float]] = []
        var labels: [Int] = []
        var side: [Int] = []
        for record in try CSVReader().parse(text, file: file).dropFirst() {
            guard record.fields.count == 4, let x = Float(record.fields[0]),
                let y = Float(record.fields[1]), let label = Int(record.fields[2]),
                let group = Int(record.fields[3])
            else {
                throw .malformed(
                    file: file, line: record.line, column: 1, reason: "expected x,y,label,side")
            }
            features.append([x, y])
            labels.append(label)
            side.append(group)
        }
        var rng = SeededGenerator(seed: seed)
        let (train, test) = Splitter.stratified(
            labels: labels, secondFraction: testFraction, rng: &rng)
        let all = Dataset(
            name: declaration.name, features: Matrix(features), labels: labels,
            featureNames: ["x", "y"], classNames: ["upper", "lower"],
            sensitive: [
                SensitiveAttribute(
                    name: "side", positiveGroup: "right", negativeGroup: "left", values: side)
            ])
        return DataSplit(
            train: all.subset(train), test: all.subset(test),
            identity: "moons|rows=\(labels.count)|test=\(testFraction)|seed=\(seed)")
    }
}

// MARK: - The walkthroughs, done

/// CONTRIBUTING.md's walkthroughs, done as it says: each new piece is one file's worth of code
/// plus one Catalog line, and reaches help, completion, the language and `compare`.
@Suite struct ContributingWalkthroughTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "amulet-walkthrough-\(UUID().uuidString)")

    /// The built-in Catalog plus the walkthroughs' Catalog lines.
    static let catalog = Catalog(
        Catalog.builtIn.entries + [
            .evaluation(PredictionEntropyAttack.self),
            .dataset(BuiltInDatasetPlugin<MoonsDataset>.self),
        ])

    func interpreter(dataFolder: URL? = nil) -> Interpreter {
        let settings = Settings(
            dataFolder: DataFolder(url: dataFolder ?? TestSupport.dataFolderURL()))
        return Interpreter(
            session: Session(settings: settings),
            environment: InterpreterEnvironment(
                catalog: Self.catalog, workbench: Workbench(cache: nil),
                currentDirectory: folder.path))
    }

    func text(_ result: CellResult) -> String {
        result.outputs.map { output -> String in
            switch output {
            case .text(let t), .note(let t), .warning(let t): return t
            case .table(let table): return TerminalRenderer(useColor: false).render(table)
            }
        }.joined(separator: "\n")
    }

    @Test func aNewAttackReachesHelpCompletionTheLedgerAndCompare() throws {
        var i = interpreter()
        #expect(text(i.run("help attack")).contains("entropy"))
        #expect(text(i.run("explain entropy")).contains("Song & Mittal"))
        #expect(i.completionVocabulary.command("attack")?.subjectNames.contains("entropy") == true)
        let run = i.run(
            "set seed=1; load synthetic rows=400 features=20 separation=0.5; train mlp epochs=60; "
                + "attack entropy")
        #expect(run.succeeded, "\(run.diagnostics)")
        let rows = i.session.ledger.rows.filter { $0.metric.name == "entropy.auc" }
        let auc = try #require(rows.first?.value)
        // An mlp that memorised 100 members of overlapping classes (train accuracy 1, test
        // about 0.59; the loss attack's AUC is 0.91) is far more certain on them than on others.
        #expect(auc > 0.75 && auc <= 1, "entropy AUC \(auc)")
        #expect(text(i.run("compare")).contains("entropy.auc"))
        let misspelt = i.run("attack entropi")
        #expect(misspelt.diagnostics.first?.suggestion?.contains("entropy") == true)
    }

    @Test func aNewDatasetLoadsWithTheCommonParametersAndItsSensitiveAttribute() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var rows = ["x,y,label,side"]
        var rng = SeededGenerator(seed: 5)
        for k in 0..<200 {
            let angle = Double.pi * Double(k % 100) / 100
            let label = k < 100 ? 0 : 1
            let x = label == 0 ? cos(angle) : 1 - cos(angle)
            let y = label == 0 ? sin(angle) : 0.5 - sin(angle)
            let jitter = Double(rng.next() >> 40) * 0x1p-24 * 0.1
            rows.append("\(x + jitter),\(y),\(label),\(x > 0 ? 1 : 0)")
        }
        try rows.joined(separator: "\n").write(
            to: folder.appendingPathComponent("moons.csv"), atomically: true, encoding: .utf8)
        var i = interpreter(dataFolder: folder)
        #expect(text(i.run("help load")).contains("moons"))
        #expect(text(i.run("help moons")).contains("members"))
        let run = i.run("load moons test=0.25 members=0.8; train mlp epochs=20; measure accuracy")
        #expect(run.succeeded, "\(run.diagnostics)")
        let scenario = try #require(i.session.scenario)
        #expect(scenario.data.train.count == 150 && scenario.members.count == 120)
        #expect(scenario.data.train.sensitive.map(\.name) == ["side"])
        let accuracy = try #require(
            i.session.ledger.rows.first { $0.metric.name == "accuracy" }?.value)
        #expect(accuracy > 0.8, "accuracy \(accuracy) on two separable moons")
    }

    /// CONTRIBUTING.md shows the walkthroughs' code as it is in this file, so the guide cannot
    /// drift from code that compiles and passes.
    @Test func theGuideQuotesThisFile() throws {
        let root = TestSupport.packageRoot()
        let guide = try String(
            contentsOf: root.appendingPathComponent("CONTRIBUTING.md"), encoding: .utf8)
        let source = try String(
            contentsOf: root.appendingPathComponent(
                "Tests/AmuletLangTests/ContributingWalkthroughTests.swift"), encoding: .utf8)
        let blocks = guide.components(separatedBy: "```swift\n").dropFirst().map {
            $0.components(separatedBy: "```")[0]
        }
        #expect(blocks.count >= 2)
        for block in blocks {
            #expect(
                source.contains(block), "CONTRIBUTING.md quotes code not in the test:\n\(block)")
        }
    }
}
