import AmuletRisks
import Foundation
import Testing

@testable import AmuletLang

/// The completion vocabulary holds every Catalog entry with every current parameter and choice
/// (a deprecated alias still binds, but is never offered), and the completer offers them where a
/// script would type them.
@Suite struct CompletionVocabularyCatalogTests {
    let interpreter = Interpreter.forTesting(in: FileManager.default.temporaryDirectory)

    /// The values a declared parameter takes, read straight from its declared type.
    static func declaredChoices(_ parameter: ParameterSpec) -> [String] {
        switch parameter.type {
        case .choice(let options): options
        case .flag: ["on", "off"]
        default: []
        }
    }

    /// Checks that `subject` lists exactly `spec`'s current parameters, in order, each with its
    /// choices, and none of its deprecated aliases.
    static func expectMatches(
        _ subject: CompletionVocabulary.Subject?, _ spec: PluginSpec, under word: String
    ) {
        guard let subject else {
            Issue.record("\(word) \(spec.name) is missing from the completion vocabulary")
            return
        }
        #expect(
            subject.parameters.map(\.name)
                == spec.parameters.filter { $0.replacedBy == nil }.map(\.name),
            "\(word) \(spec.name)")
        for parameter in spec.parameters where parameter.replacedBy == nil {
            let offered = subject.parameters.first { $0.name == parameter.name }?.choices
            #expect(
                offered == declaredChoices(parameter), "\(word) \(spec.name) \(parameter.name)")
        }
    }

    @Test func everyPluginParameterAndChoiceIsInTheVocabulary() {
        let catalog = interpreter.environment.catalog
        let vocabulary = interpreter.completionVocabulary
        var checked = 0
        for kind in PluginKind.allCases {
            let command = vocabulary.command(kind.verb)
            #expect(command?.subjectNames == catalog.specs(kind).map(\.name), "\(kind.verb)")
            for spec in catalog.specs(kind) {
                Self.expectMatches(command?.subject(spec.name), spec, under: kind.verb)
                checked += spec.parameters.count
            }
        }
        for spec in catalog.specs(.defense) {
            Self.expectMatches(vocabulary.command("tune")?.subject(spec.name), spec, under: "tune")
        }
        // The walk reached the real Catalog: dozens of plug-ins, hundreds of parameters.
        #expect(catalog.allSpecs.count > 20 && checked > 100, "\(checked) parameters")
    }

    @Test func everySettingAndCompareOptionIsInTheVocabulary() {
        let vocabulary = interpreter.completionVocabulary
        let set = vocabulary.command("set")
        #expect(set?.parameters.map(\.name) == Setting.allCases.map(\.rawValue))
        for setting in Setting.allCases {
            let choices = Self.declaredChoices(setting.parameter)
            #expect(
                set?.choices(for: setting.rawValue, after: nil) == (choices.isEmpty ? nil : choices)
            )
        }
        #expect(set?.choices(for: "format", after: nil)?.contains("markdown") == true)
        let compare = vocabulary.command("compare")
        #expect(compare?.subjectNames == CompareForm.allCases.map(\.rawValue))
        #expect(
            compare?.parameters(after: "all").map(\.name)
                == Interpreter.compareParameters.map(\.name))
    }

    @Test func theCompleterOffersEveryChoiceAfterItsParameter() {
        let catalog = interpreter.environment.catalog
        let completer = Completer(vocabulary: interpreter.completionVocabulary) { _ in [] }
        func offers(_ line: String, _ word: String, _ terminator: String) -> Bool {
            switch completer.complete(line: line, cursor: line.count) {
            case .insert(let rest): return rest == terminator
            case .show(let names): return names.contains(word)
            case .none: return false
            }
        }
        var choices = 0
        var deprecated = 0
        for kind in PluginKind.allCases {
            for spec in catalog.specs(kind) {
                for parameter in spec.parameters {
                    let line = "\(kind.verb) \(spec.name) \(parameter.name)"
                    guard parameter.replacedBy == nil else {
                        #expect(!offers(line, parameter.name, "="), "\(line) is deprecated")
                        deprecated += 1
                        continue
                    }
                    #expect(offers(line, parameter.name, "="), "\(line)")
                    for choice in Self.declaredChoices(parameter) {
                        #expect(offers("\(line)=\(choice)", choice, " "), "\(line)=\(choice)")
                        choices += 1
                    }
                }
            }
        }
        #expect(choices > 10, "\(choices) choices")
        // The walk met the backdoor's word=, at least.
        #expect(deprecated >= 1)
    }

    /// `trigger=` (a word or indices) is offered for the backdoor and, being free, offers no
    /// values; its deprecated alias `word=` still binds but is not offered, so completion never
    /// teaches the old spelling.
    @Test func theBackdoorOffersTrigger() {
        let completer = Completer(vocabulary: interpreter.completionVocabulary) { _ in [] }
        func complete(_ line: String) -> CompletionAction {
            completer.complete(line: line, cursor: line.count)
        }
        #expect(complete("attack backdoor trig") == .insert("ger="))
        #expect(complete("attack backdoor portion=1% tr") == .insert("igger="))
        #expect(complete("attack backdoor trigger=") == .none)
        #expect(complete("attack backdoor w") == .none)
        #expect(complete("attack backdoor wo") == .none)
        guard case .show(let open) = complete("attack backdoor portion=1% ") else {
            Issue.record("no parameters offered after attack backdoor portion=1%")
            return
        }
        #expect(open == ["columns", "target", "trigger", "value"], "\(open)")
    }

    @Test func aTuneWithClauseOffersTheEvaluationsChoices() throws {
        let catalog = interpreter.environment.catalog
        let completer = Completer(vocabulary: interpreter.completionVocabulary) { _ in [] }
        let evaluations = catalog.specs(.attack) + catalog.specs(.metric)
        let (spec, parameter) = try #require(
            evaluations.lazy.compactMap { spec in
                spec.parameters.first { Self.declaredChoices($0).count > 1 }.map { (spec, $0) }
            }.first)
        let line = "tune dp eps=[1] subject to accuracy >= 0.8 with \(spec.name) \(parameter.name)="
        let action = completer.complete(line: line, cursor: line.count)
        let expected = Self.declaredChoices(parameter)
        switch action {
        case .show(let names): #expect(names == expected.sorted(), "\(line)")
        case .insert(let prefix): #expect(expected.allSatisfy { $0.hasPrefix(prefix) }, "\(line)")
        case .none: Issue.record("nothing offered after \(line)")
        }
        // Before `subject to`, a defense's enumerated parameter completes to its choices.
        let defenses = catalog.specs(.defense)
        let (defense, option) = try #require(
            defenses.lazy.compactMap { spec in
                spec.parameters.first { Self.declaredChoices($0).count > 1 }.map { (spec, $0) }
            }.first)
        let sweep = "tune \(defense.name) \(option.name)="
        switch completer.complete(line: sweep, cursor: sweep.count) {
        case .show(let names): #expect(names == Self.declaredChoices(option).sorted(), "\(sweep)")
        case .insert(let prefix):
            #expect(Self.declaredChoices(option).allSatisfy { $0.hasPrefix(prefix) }, "\(sweep)")
        case .none: Issue.record("nothing offered after \(sweep)")
        }
    }
}
