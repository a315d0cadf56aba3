import AmuletData
import AmuletLearn
import AmuletRisks
import AmuletTestSupport
import Dispatch
import Foundation
import Testing

@testable import AmuletLang

/// Generated scripts built from the Catalog's verbs and parameters end in a result or a
/// located diagnostic.
///
/// No crash (which would end this process), no hang, no diagnostic
/// without a message. A bounded run for CI; `scripts/bench fuzz` runs 10,000 through the
/// binary.
@Suite struct ScriptFuzzTests {
    /// Inputs per CI run (fixed seed, so a failure reproduces).
    static let inputs = 300
    /// The seconds one input may run before its token cancels it.
    static let budget = 1.0

    @Test func generatedScriptsEndInAResultOrADiagnostic() {
        var fuzzer = ScriptFuzzer(seed: 20)
        let settings = Settings(dataFolder: DataFolder(url: TestSupport.dataFolderURL()))
        var succeeded = 0
        var diagnosed = 0
        var cancelled = 0
        for index in 0..<Self.inputs {
            let script = fuzzer.next()
            let token = CancellationToken()
            var interpreter = Interpreter(
                session: Session(settings: settings),
                environment: InterpreterEnvironment(
                    workbench: Workbench(cache: nil, cancellation: token),
                    currentDirectory: FileManager.default.temporaryDirectory.path))
            let timer = DispatchWorkItem { token.cancel() }
            DispatchQueue.global().asyncAfter(deadline: .now() + Self.budget, execute: timer)
            var results: [CellResult] = []
            _ = interpreter.runScript(script, file: "fuzz-\(index).amu") { results.append($0) }
            timer.cancel()
            for result in results where !result.succeeded {
                #expect(
                    !result.diagnostics.isEmpty
                        || !result.assertions.filter { !$0.passed }.isEmpty,
                    "input \(index) failed without a diagnostic:\n\(script)")
                for diagnostic in result.diagnostics {
                    #expect(!diagnostic.message.isEmpty, "input \(index):\n\(script)")
                    if diagnostic.message.hasPrefix("cancelled") { cancelled += 1 }
                }
            }
            if results.allSatisfy(\.succeeded) { succeeded += 1 } else { diagnosed += 1 }
        }
        // The generator must exercise both paths, and the budget must rarely bite.
        #expect(succeeded > Self.inputs / 50, "\(succeeded) of \(Self.inputs) succeeded")
        #expect(diagnosed > Self.inputs / 5, "\(diagnosed) of \(Self.inputs) diagnosed")
        #expect(cancelled < Self.inputs / 10, "\(cancelled) inputs ran out of time")
    }

    /// A `word or [int]` parameter gets both forms, words and lists, valid ones and wrong.
    @Test func aWordOrListParameterGetsWordsAndLists() throws {
        var fuzzer = ScriptFuzzer(seed: 3)
        let trigger = try #require(Catalog.builtIn.spec(.attack, "backdoor")?.parameter("trigger"))
        #expect(trigger.type == .wordOrIntegerList)
        let values = (0..<200).map { _ in fuzzer.value(for: trigger) }
        #expect(values.contains("cf"), "\(Set(values))")
        #expect(values.contains("[0, 1]"), "\(Set(values))")
        // The wrong kinds come too: a nested list, a fraction.
        #expect(values.contains("[[1]]") && values.contains("0.5"), "\(Set(values))")
        // And scripts reach the backdoor with a trigger.
        var scripts = ScriptFuzzer(seed: 20)
        let triggers = (0..<ScriptFuzzTests.inputs).map { _ in scripts.next() }.filter {
            $0.contains("backdoor") && $0.contains("trigger=")
        }
        #expect(!triggers.isEmpty)
    }

    /// The same seed gives the same scripts.
    @Test func theGeneratorIsSeeded() {
        var a = ScriptFuzzer(seed: 7)
        var b = ScriptFuzzer(seed: 7)
        var c = ScriptFuzzer(seed: 8)
        let first = (0..<20).map { _ in a.next() }
        #expect(first == (0..<20).map { _ in b.next() })
        #expect(first != (0..<20).map { _ in c.next() })
    }
}
