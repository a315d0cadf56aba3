import AmuletData
import AmuletLang
import AmuletNotebook
import AmuletRisks
import AmuletTestSupport
import Foundation
import Testing

/// The text verbs end to end: a user's TSV, the text models, and the errors that guard them.
@Suite struct TextCommandTests {
    func text(_ result: CellResult) -> String {
        result.outputs.map { output -> String in
            switch output {
            case .text(let t), .note(let t), .warning(let t): return t
            case .table(let table): return TerminalRenderer(useColor: false).render(table)
            }
        }.joined(separator: "\n")
    }

    @Test func userTSVTrainsAFastTextModelAndRefusesTabularModelsAndDefenses() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (sentences, labels, _) = SyntheticTextCorpus.make(rows: 400, correlation: 0, seed: 1)
        var tsv = "sentence\tlabel\n\n"
        for (s, l) in zip(sentences, labels) { tsv += "\(s)\t\(l == 1 ? "pos" : "neg")\n" }
        tsv += "a line without a label\n"
        try tsv.write(
            to: folder.appendingPathComponent("reviews.tsv"), atomically: true, encoding: .utf8)
        var i = Interpreter.forTesting(in: folder)
        let loaded = i.run("load text file=\"reviews.tsv\" length=24")
        #expect(loaded.succeeded, "\(loaded.diagnostics)")
        #expect(text(loaded).contains("sentences of up to 24 tokens over"))
        // The empty line after the header and the line without a label.
        #expect(text(loaded).contains("skipped 2 lines of 'reviews.tsv'"), "\(text(loaded))")
        #expect(text(loaded).contains("read 400 sentences"))
        let trained = i.run("train fasttext epochs=5; measure accuracy")
        #expect(trained.succeeded, "\(trained.diagnostics)")
        #expect(text(trained).contains("trained fasttext-64"))
        let cnn = i.run("train cnn")
        #expect(!cnn.succeeded)
        // On text the trigger is a word: the issue's spelling runs, indices are refused at the
        // argument with the form to write, and a word must be one word.
        let triggered = i.run("attack backdoor trigger=cf portion=0.05")
        #expect(triggered.succeeded, "\(triggered.diagnostics)")
        #expect(text(triggered).contains("TextBadNets inserts 'cf'"), "\(text(triggered))")
        let indices = try #require(i.run("attack backdoor trigger=[1, 2]").diagnostics.first)
        #expect(indices.location?.line == 1 && indices.location?.column == 17)
        #expect(indices.message == "on text the trigger is a word, not feature indices [1, 2]")
        #expect(indices.suggestion == "give the word to insert, such as trigger=cf")
        let words = try #require(i.run("attack backdoor trigger=\"c f\"").diagnostics.first)
        #expect(words.kind == .wrongType && words.location?.column == 25)
        #expect(words.message == "trigger expects one word without spaces, got 'c f'")
        var tabular = Interpreter.forTesting(in: folder)
        let table = "load synthetic rows=200; train logreg epochs=1; attack backdoor "
        let wordOnATable = try #require(tabular.run(table + "trigger=cf").diagnostics.first)
        #expect(wordOnATable.location?.column == table.count + 1)
        #expect(wordOnATable.message.hasPrefix("on tabular data the trigger is a list of column"))
        #expect(wordOnATable.suggestion?.hasPrefix("such as trigger=[0,3]") == true)
        let aliasOnATable = try #require(tabular.run(table + "word=cf").diagnostics.first)
        #expect(aliasOnATable.location?.column == table.count + 1)
        #expect(aliasOnATable.message.contains("word=cf is a text trigger"))
        // On a table the list binds, sets those columns, and poisons 10% of the 50 members.
        let columns = tabular.run(table + "trigger=[3, 0] portion=0.1")
        #expect(columns.succeeded, "\(columns.diagnostics)")
        #expect(text(columns).contains("backdoor trigger sets features [0="), "\(text(columns))")
        #expect(text(columns).contains(", 3=") && text(columns).contains("on 5 members"))
        let onion = tabular.run("load synthetic rows=200; train logreg epochs=1; defend onion")
        #expect("\(onion.diagnostics)".contains("not text"))
        // The failed cell left the session as before it: load again.
        let transformer = tabular.run("load synthetic rows=200; train transformer")
        #expect("\(transformer.diagnostics)".contains("needs text data"))
    }

    @Test func sst2WithoutItsArchiveNamesTheFetchCommand() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: DataError.self) {
            try SST2Dataset.load(folder: DataFolder(url: folder), seed: 0, testFraction: 0.5)
        }
        do {
            _ = try SST2Dataset.load(folder: DataFolder(url: folder), seed: 0, testFraction: 0.5)
        } catch {
            #expect("\(error)".contains("SST-2.zip") && "\(error)".contains("scripts/fetch-data"))
        }
    }
}
