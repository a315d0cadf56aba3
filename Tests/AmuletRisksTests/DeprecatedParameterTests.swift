import AmuletRisks
import Testing

/// A deprecated parameter is declared once, on its spec, and everything reads that: the usage
/// line leaves it out, a one-line list names its replacement, a call that gives it earns a note,
/// and the validator insists the replacement is a current parameter of the same plug-in.
@Suite struct DeprecatedParameterTests {
    /// The backdoor's text trigger used to be `word=`; now `trigger=`, with `word=` its alias.
    @Test func theBackdoorsWordIsADeprecatedAliasOfTrigger() throws {
        let spec = try #require(Catalog.builtIn.spec(.attack, "backdoor"))
        #expect(spec.parameter("word")?.replacedBy == "trigger")
        #expect(spec.parameter("trigger")?.replacedBy == nil)
        #expect(
            spec.synopsis
                == "attack backdoor [portion=0.05] [target=1] [trigger=…] [columns=3] [value=…]")
        #expect(
            spec.currentParameters.map(\.name) == [
                "portion", "target", "trigger", "columns", "value",
            ])
        #expect(spec.deprecatedParameters.map(\.name) == ["word"])
        #expect(spec.deprecationLine == "deprecated: word= (use trigger=)")
        // The note names the replacement with the value given; a current parameter earns none.
        #expect(
            spec.deprecationNotes(ParameterValues(["word": .text("cf"), "portion": .number(0.01)]))
                == ["word= is a deprecated alias of trigger=: write trigger=cf"])
        #expect(spec.deprecationNotes(ParameterValues(["trigger": .text("cf")])) == [])
        // Plug-ins without aliases show no deprecated line.
        #expect(Catalog.builtIn.spec(.model, "mlp")?.deprecationLine == nil)
    }

    /// The typed keys carry the mark and still read the value the binder accepted.
    @Test func aTypedKeyDeclaredDeprecatedStillReads() {
        let rate = Parameter<Double>("rate", default: 0.1, doc: "old name").deprecated(
            replacedBy: "lr")
        let tag = OptionalParameter<String>("tag", doc: "old name").deprecated(replacedBy: "label")
        #expect(rate.spec.replacedBy == "lr" && rate.spec.defaultValue == .number(0.1))
        #expect(tag.spec.replacedBy == "label" && tag.spec.isDeprecated)
        let call = PluginCall(given: ParameterValues(["rate": .number(0.5), "tag": .text("x")]))
        #expect(call[rate] == 0.5 && call[tag] == "x")
        #expect(PluginCall()[rate] == 0.1)
    }

    /// Each way a deprecation can point nowhere useful is one named problem; a sound alias none.
    @Test func theValidatorChecksTheReplacementExistsOnTheSamePlugin() {
        let problems = CatalogValidation.problems(in: Catalog([.evaluation(AliasProbe.self)]))
        let expected = [
            "attack aliasprobe old= is a deprecated alias of gone=, which aliasprobe does not "
                + "declare",
            "attack aliasprobe older= is a deprecated alias of old=, which is deprecated too",
            "attack aliasprobe same= is a deprecated alias of same=, itself",
            "attack aliasprobe must= is deprecated but required",
            "attack aliasprobe's matrix setting fine= is deprecated (use k=)",
        ]
        #expect(problems == expected, "\(problems)")
        // The same plug-in with only its sound alias passes.
        #expect(CatalogValidation.problems(in: Catalog([.evaluation(SoundAliasProbe.self)])) == [])
    }
}

/// A metric the alias probes report, sound in itself.
private let aliasScore = MetricID(
    "aliasprobe.score", risk: .membership, unit: .ratio, direction: .lowerIsBetter,
    doc: "a score")

/// An attack whose deprecated parameters point at a missing, a deprecated and its own name.
private enum AliasProbe: EvaluationPlugin {
    static let spec = PluginSpec(
        name: "aliasprobe", kind: .attack, summary: "s", risk: .membership, explanation: "e",
        parameters: [
            ParameterSpec("k", .integer, default: .number(1), range: 1...5, doc: "k"),
            ParameterSpec("fine", .integer, doc: "k's old name").deprecated(replacedBy: "k"),
            ParameterSpec("old", .integer, doc: "a gone name").deprecated(replacedBy: "gone"),
            ParameterSpec("older", .integer, doc: "chained").deprecated(replacedBy: "old"),
            ParameterSpec("same", .integer, doc: "its own").deprecated(replacedBy: "same"),
            ParameterSpec("must", .integer, required: true, doc: "required").deprecated(
                replacedBy: "k"),
        ],
        reports: [aliasScore], cost: .noTraining,
        matrix: MatrixUse(
            headline: nil, settings: [ParameterSetting(name: "fine", value: .number(2))]))

    static func evaluate(
        _ call: PluginCall, model: ModelUnderTest, scenario: Scenario, context: RunContext
    ) throws -> Evaluation {
        Evaluation(measurements: [])
    }
}

/// The probe with only `fine=`, a sound alias of `k=`.
private enum SoundAliasProbe: EvaluationPlugin {
    static let spec = PluginSpec(
        name: "aliasprobe", kind: .attack, summary: "s", risk: .membership, explanation: "e",
        parameters: AliasProbe.spec.parameters.filter { ["k", "fine"].contains($0.name) },
        reports: [aliasScore], cost: .noTraining)

    static func evaluate(
        _ call: PluginCall, model: ModelUnderTest, scenario: Scenario, context: RunContext
    ) throws -> Evaluation {
        Evaluation(measurements: [])
    }
}
