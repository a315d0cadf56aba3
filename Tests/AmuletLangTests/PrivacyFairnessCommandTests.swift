import AmuletData
import AmuletLang
import AmuletNotebook
import AmuletRisks
import AmuletTestSupport
import Foundation
import Testing

/// The privacy and fairness verbs through the language on small generated data.
@Suite(.serialized) struct PrivacyFairnessCommandTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "amulet-pf-\(UUID().uuidString)")

    func interpreter() -> Interpreter { .forTesting(in: folder) }

    let setup =
        "load synthetic rows=1200 features=6 separation=2 correlation=0.8; train mlp hidden=[16] epochs=5 batch=32 lr=0.01"

    func value(_ i: Interpreter, _ scenario: String, _ metric: String) -> Double? {
        i.session.ledger.rows.last { $0.scenario == scenario && $0.metricName == metric }?.value
    }

    @Test func defendDPReportsEpsilonForTheDefendedModelOnly() {
        var i = interpreter()
        #expect(i.run(setup).succeeded)
        #expect(i.run("defend dp eps=2").succeeded)
        #expect(i.session.scenario?.currentLabel == "mlp-16 batch=32 epochs=5 lr=0.01 + dp(eps=2)")
        let result = i.run("measure accuracy")
        #expect(result.succeeded, "\(result.diagnostics)")
        let eps = value(i, "mlp-16 batch=32 epochs=5 lr=0.01 + dp(eps=2)", "dp.epsilon") ?? 99
        #expect(eps <= 2 && eps > 1.9)
        #expect(value(i, "mlp-16 batch=32 epochs=5 lr=0.01", "dp.epsilon") == nil)
        #expect(
            value(i, "mlp-16 batch=32 epochs=5 lr=0.01", "accuracy") != nil
                && value(i, "mlp-16 batch=32 epochs=5 lr=0.01 + dp(eps=2)", "accuracy") != nil)
        // Replacing the defense by name, then removing it.
        #expect(i.run("defend dp sigma=1.5").succeeded)
        #expect(i.session.scenario?.defenses.count == 1)
        #expect(i.run("undefend dp").succeeded)
        #expect(i.session.scenario?.defenses.isEmpty == true)
    }

    @Test func deltaMustBeBelowOneOverN() {
        var i = interpreter()
        #expect(i.run(setup).succeeded)
        let result = i.run("defend dp delta=0.01")
        #expect(result.diagnostics.first?.message.contains("must be below 1/N") == true)
    }

    @Test func measurePrivacyComputesEpsilonForGivenSettings() {
        var i = interpreter()
        // No dataset or model is needed for given settings (Opacus's RDP accountant gives 2.597
        // for σ 1.1, q 256/60000, 14,063 steps, δ 1e-5; its PRV accountant, the default, 2.3918).
        #expect(
            i.run("measure privacy sigma=1.1 q=0.0042666667 steps=14063 accountant=rdp").succeeded)
        let eps =
            i.session.ledger.rows.last { $0.metricName == "dp.epsilon" }?.value ?? 0
        #expect(abs(eps - 2.597) < 0.05)
        #expect(i.run("measure privacy sigma=1.1 q=0.0042666667 steps=14063").succeeded)
        let prv =
            i.session.ledger.rows.last { $0.metricName == "dp.epsilon" }?.value ?? 0
        #expect(abs(prv - 2.3918) < 1e-3)
        #expect(i.run(setup).succeeded)
        let partial = i.run("measure privacy sigma=1.1")
        #expect(!partial.succeeded)
    }

    @Test func measureFairnessReportsEachAttributeAndRejectsUnknownOnes() {
        var i = interpreter()
        #expect(i.run(setup).succeeded)
        #expect(i.run("measure fairness").succeeded)
        #expect(value(i, "mlp-16 batch=32 epochs=5 lr=0.01", "fairness.group.dp_difference") != nil)
        #expect(value(i, "mlp-16 batch=32 epochs=5 lr=0.01", "fairness.group.p_rule") != nil)
        let bad = i.run("measure fairness attribute=race")
        #expect(bad.diagnostics.first?.message.contains("no sensitive attribute 'race'") == true)
    }

    @Test func attackMIAAndExportPerExampleFiles() throws {
        var i = interpreter()
        // Writing makes a missing folder one level deep ('out'), not the path above it.
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        #expect(i.run(setup).succeeded)
        #expect(i.run("attack mia method=loss").succeeded)
        #expect(value(i, "mlp-16 batch=32 epochs=5 lr=0.01", "mia.loss.auc") != nil)
        #expect(i.run("export mia out/mia.csv; export predictions out/predictions.csv").succeeded)
        let mia = try String(
            contentsOf: folder.appendingPathComponent("out/mia.csv"), encoding: .utf8)
        let miaLines = mia.split(separator: "\n")
        // One row per example of the training split (600), plus the header.
        #expect(miaLines.count == 601 && miaLines[0] == "index,member,score")
        #expect(miaLines.dropFirst().filter { $0.split(separator: ",")[1] == "1" }.count == 300)
        let predictions = try String(
            contentsOf: folder.appendingPathComponent("out/predictions.csv"), encoding: .utf8)
        let lines = predictions.split(separator: "\n")
        #expect(lines.count == 601 && lines[0] == "index,label,group,prediction,p0,p1")
        try? FileManager.default.removeItem(at: folder)
    }

    @Test func exportMIABeforeAnAttackSaysWhatToDo() {
        var i = interpreter()
        #expect(i.run(setup).succeeded)
        let result = i.run("export mia out/mia.csv")
        #expect(result.diagnostics.first?.message.contains("run 'attack mia' first") == true)
    }
}
