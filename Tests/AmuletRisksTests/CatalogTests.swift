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

    @Test func validationRejectsWrongTypesAndRanges() throws {
        let epochs = try #require(Catalog.builtIn.spec(.model, "mlp")?.parameter("epochs"))
        #expect((try? epochs.validate(.number(-1)).get()) == nil)
        #expect((try? epochs.validate(.number(2.5)).get()) == nil)
        #expect((try? epochs.validate(.text("ten")).get()) == nil)
        #expect((try? epochs.validate(.number(20)).get()) == .number(20))
        let method = try #require(Catalog.builtIn.spec(.attack, "mia")?.parameter("method"))
        #expect((try? method.validate(.text("lira2")).get()) == nil)
    }
}
