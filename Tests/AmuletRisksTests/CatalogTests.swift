import AmuletRisks
import Testing

@Suite struct CatalogTests {
    @Test func everyPluginIsDocumentedWithDefaultsInRange() {
        let specs = Catalog.builtIn.allSpecs
        #expect(specs.count >= 12, "the catalog must not be empty")
        #expect(Set(specs.map { "\($0.kind.rawValue)/\($0.name)" }).count == specs.count)
        for spec in specs {
            #expect(!spec.summary.isEmpty && !spec.explanation.isEmpty, "\(spec.name)")
            for parameter in spec.parameters {
                #expect(!parameter.doc.isEmpty, "\(spec.name).\(parameter.name)")
                if let value = parameter.defaultValue {
                    let check = parameter.validate(value)
                    #expect(
                        (try? check.get()) != nil,
                        "\(spec.name).\(parameter.name) default \(value) is invalid")
                }
            }
        }
    }

    @Test func everyDatasetTakesTheTestAndMemberFractions() {
        for spec in Catalog.builtIn.specs(.dataset) {
            let names = Set(spec.parameters.map(\.name))
            #expect(names.isSuperset(of: ["test", "members"]), "load \(spec.name) lacks them")
        }
        #expect(Catalog.builtIn.spec(.dataset, "adult")?.summary.contains("48,842") == true)
    }

    @Test func validationRejectsWrongTypesAndRanges() throws {
        let epochs = try #require(Catalog.builtIn.spec(.model, "mlp")?.parameter("epochs"))
        #expect((try? epochs.validate(.number(-1)).get()) == nil)
        #expect((try? epochs.validate(.number(2.5)).get()) == nil)
        #expect((try? epochs.validate(.text("ten")).get()) == nil)
        #expect((try? epochs.validate(.number(20)).get()) == .number(20))
        let method = try #require(Catalog.builtIn.spec(.attack, "mia")?.parameter("method"))
        #expect((try? method.validate(.text("lira2")).get()) == nil)
    }

    /// Every numeric parameter of every plug-in refuses a value just outside its declared range
    /// in every form a script can write it: a scalar, a list, and (for list parameters) a
    /// scalar standing for a one-item list, which once skipped the range check entirely.
    @Test func everyValueFormIsCheckedAgainstTheDeclaredRange() {
        var checked = 0
        for spec in Catalog.builtIn.allSpecs {
            for parameter in spec.parameters {
                guard let range = parameter.range else { continue }
                let label = "\(spec.name).\(parameter.name)"
                var outside: [Double] = []
                if range.lowerBound.isFinite { outside.append(range.lowerBound - 1) }
                if range.upperBound.isFinite && range.upperBound < 9e15 {
                    outside.append(range.upperBound + 1)
                }
                for v in outside {
                    switch parameter.type {
                    case .integer, .number:
                        #expect((try? parameter.validate(.number(v)).get()) == nil, "\(label)=\(v)")
                    case .integerList:
                        #expect((try? parameter.validate(.number(v)).get()) == nil, "\(label)=\(v)")
                        #expect(
                            (try? parameter.validate(.list([.number(v)])).get()) == nil,
                            "\(label)=[\(v)]")
                        let inside = ParameterValue.number(range.lowerBound)
                        #expect(
                            (try? parameter.validate(.list([inside, .number(v)])).get()) == nil,
                            "\(label)=[…, \(v)]")
                    default:
                        Issue.record("\(label) has a range but is \(parameter.type.label)")
                    }
                    checked += 1
                }
            }
        }
        #expect(checked > 40, "only \(checked) out-of-range values checked")
        let hidden = Catalog.builtIn.spec(.model, "mlp")?.parameter("hidden")
        #expect((try? hidden?.validate(.number(0)).get()) == nil)
        #expect((try? hidden?.validate(.number(-5)).get()) == nil)
        #expect((try? hidden?.validate(.number(100_001)).get()) == nil)
        #expect((try? hidden?.validate(.number(64)).get()) == .list([.number(64)]))
        #expect((try? hidden?.validate(.number(.nan)).get()) == nil)
        #expect((try? hidden?.validate(.number(.infinity)).get()) == nil)
        let epochs = Catalog.builtIn.spec(.model, "mlp")?.parameter("epochs")
        #expect((try? epochs?.validate(.number(.infinity)).get()) == nil)
        #expect((try? epochs?.validate(.number(1e300)).get()) == nil)
    }

    @Test func everyMetricAndAttackDeclaresWhatItReportsOnce() {
        let catalog = Catalog.builtIn
        #expect(!catalog.metrics.isEmpty, "no metrics declared")
        for spec in catalog.allSpecs where spec.kind == .metric || spec.kind == .attack {
            #expect(!spec.reports.isEmpty, "\(spec.name) reports no metric")
        }
        var seen: [String: MetricID] = [:]
        for metric in catalog.metrics {
            #expect(!metric.name.isEmpty && !metric.doc.isEmpty, "\(metric.name)")
            if let other = seen[metric.name] {
                #expect(other == metric, "\(metric.name) is declared twice, differently")
            }
            seen[metric.name] = metric
        }
        // Ratios that are better when lower or higher are declared so; a sample of directions
        // an outside reader expects.
        #expect(seen["mia.auc"]?.direction == .lowerIsBetter)
        #expect(seen["accuracy"]?.direction == .higherIsBetter)
        #expect(seen["dp.epsilon"]?.unit == .epsilon)
        #expect(seen["fairness.p_rule"]?.unit == .percent)
    }

    @Test func exportNamesAreUniqueAndDocumented() {
        let exports = Catalog.builtIn.exports
        #expect(!exports.isEmpty)
        #expect(Set(exports.map(\.export.name)).count == exports.count)
        for (export, owner) in exports {
            #expect(!export.doc.isEmpty, "\(owner.name): export \(export.name)")
            #expect(Catalog.builtIn.exportOwner(export.name)?.plugin.spec.name == owner.name)
        }
    }

    @Test func typedReadsFallBackToTheDeclaredDefault() {
        let epochs = TrainingParameters.epochs
        #expect(PluginCall()[epochs] == 10)
        #expect(PluginCall(given: ParameterValues(["epochs": .number(3)]))[epochs] == 3)
        let sigma = OptionalParameter<Double>("sigma", doc: "σ")
        #expect(PluginCall()[sigma] == nil)
        #expect(PluginCall(given: ParameterValues(["sigma": .number(0.5)]))[sigma] == 0.5)
        #expect(epochs.spec.type == .integer && epochs.spec.defaultValue == .number(10))
        #expect(TrainingParameters.optimizer.spec.type == .choice(["adam", "sgd"]))
    }

    @Test func metricNamesTakeTheirSubjectAfterTheFamily() {
        let auc = MetricID(
            "mia.auc", risk: .membership, unit: .ratio, direction: .lowerIsBetter, doc: "")
        #expect(auc.displayName(subject: "lira") == "mia.lira.auc")
        #expect(auc.displayName(subject: nil) == "mia.auc")
        let accuracy = MetricID(
            "accuracy", risk: .utility, unit: .ratio, direction: .higherIsBetter, doc: "")
        #expect(accuracy.displayName(subject: nil) == "accuracy")
    }
}

/// The SoK's expected interactions travel with the defenses that declare them.
@Suite struct RiskInteractionTests {
    @Test func dpCarriesTheSoKRowWithMembershipAsItsTarget() throws {
        let spec = try #require(Catalog.builtIn.spec(.defense, "dp"))
        // SoK Table 3, differential privacy: ↑ ↑ ? ↓† ↓ ↓ ↓ ↑.
        #expect(spec.interactions.map(\.change.rawValue).joined() == "↑↑?↓↓↓↓↑")
        #expect(spec.interactions.filter(\.isTarget).map(\.risk) == [.membership])
    }

    @Test func everyTrainingDefenseDeclaresAFullRow() {
        for spec in Catalog.builtIn.specs(.defense) {
            #expect(spec.interactions.count == RiskInteraction.sokRisks.count, "\(spec.name)")
            #expect(spec.interactions.filter(\.isTarget).count == 1, "\(spec.name)")
        }
    }
}

/// The Catalog validator: the built-in Catalog passes, and each kind of gap it exists to catch
/// is caught.
@Suite struct CatalogValidationTests {
    @Test func theBuiltInCatalogHasNoProblems() {
        #expect(CatalogValidation.problems(in: Catalog.builtIn) == [])
    }

    @Test func everyRiskOfTheMatrixHasExactlyOneDeclaredHeadline() throws {
        let uses = Catalog.builtIn.matrixUses
        // The SoK's eight risks the tabular matrix measures, and utility.
        #expect(
            Set(uses.filter { $0.use.headline != nil }.map(\.spec.risk))
                == [
                    .utility, .evasion, .poisoning, .ownership, .membership, .attributeInference,
                    .distributionInference, .fairness,
                ])
        #expect(Catalog.builtIn.matrixHeadline(for: .membership)?.name == "mia.auc")
        #expect(Catalog.builtIn.matrixHeadline(for: .reconstruction) == nil)
        // The factors run beside the cells, as no cell of their own.
        #expect(uses.contains { $0.spec.risk == .factors && $0.use.headline == nil })
    }

    @Test func aBrokenDeclarationIsNamed() {
        let problems = CatalogValidation.problems(
            in: Catalog(Catalog.builtIn.entries + [.evaluation(ProbeAttack.self)]))
        let expected = [
            "attack probe k= has no doc line",
            "attack probe k= defaults to invalid 0",
            "attack probe declares no training cost",
            "attack probe's matrix headline probe.score is not a headline metric with a direction",
            "attack probe's matrix setting k=9 is invalid",
            "attack probe's matrix setting nosuch= is not a parameter",
            "metric probe.score has no doc line",
            "probe and mia both declare the matrix use of membership",
        ]
        #expect(Set(problems) == Set(expected), "\(problems)")
    }
}

/// A deliberately ill-declared attack for `CatalogValidationTests`.
private enum ProbeAttack: EvaluationPlugin {
    static let score = MetricID(
        "probe.score", risk: .membership, unit: .ratio, direction: .neutral, scope: .headline,
        doc: "")
    static let spec = PluginSpec(
        name: "probe", kind: .attack, summary: "s", risk: .membership, explanation: "e",
        parameters: [
            ParameterSpec("k", .integer, default: .number(0), range: 1...5, doc: "")
        ],
        reports: [score],
        matrix: MatrixUse(
            headline: score,
            settings: [
                ParameterSetting(name: "k", value: .number(9)),
                ParameterSetting(name: "nosuch", value: .number(1)),
            ]))

    static func evaluate(
        _ call: PluginCall, model: ModelUnderTest, scenario: Scenario, context: RunContext
    ) throws -> Evaluation {
        Evaluation(measurements: [])
    }
}
