import AmuletRisks
import Testing

/// The SoK's §4.4 guideline over its Table 2, against conjectures worked out by hand from the
/// table's arrows (quoted in issue 22).
@Suite struct FactorConjectureTests {
    func conjecture(_ defense: FactorProfile, _ risk: Risk) throws -> FactorConjecture {
        FactorConjecture(defense: defense, risk: try #require(risk.factorProfile))
    }

    @Test func dpLowersMembershipByFourSharedFactorsOfFive() throws {
        // D2 ↓/↑ → ↓, D4 ↑/↓ → ↓, O2.1 ↓/↑ → ↓, O3 ↓/↓ → ↑, M1 ↓/↑ → ↓.
        let c = try conjecture(.differentialPrivacy, .membership)
        #expect(c.links.map(\.factor.rawValue) == ["D2", "D4", "O2.1", "O3", "M1"])
        #expect(c.links.map(\.implied) == [.falls, .falls, .falls, .rises, .falls])
        #expect(c.change == .falls && !c.settledByDominantFactors)
        #expect(c.reasoning.hasSuffix("4 of 5 say ↓"))
    }

    @Test func dpRaisesEvasionThroughCurvatureAndBoundaryDistance() throws {
        // D2 ↓/↑ → ↓, O1 ↓/↓ → ↑, O3 ↓/↓ → ↑: the SoK's own arrow for dp × evasion is ↑.
        let c = try conjecture(.differentialPrivacy, .evasion)
        #expect(c.change == .rises)
        #expect(c.reasoning.contains("O1 ↓/↓ → ↑"))
    }

    @Test func aTieGoesToTheDominantFactorsOrStaysOpen() throws {
        // Group fairness × membership: D4 ↑/↓ → ↓, O3 ↓/↓ → ↑; O3 is dominant: ↑.
        let settled = try conjecture(.groupFairness, .membership)
        #expect(settled.change == .rises && settled.settledByDominantFactors)
        // Adversarial training × poisoning: D2 ↓/↑ → ↓, M1 ↑/↑ → ↑, no O factor: open.
        let open = try conjecture(.adversarialTraining, .poisoning)
        #expect(open.change == .unexplored)
        // Outlier removal × ownership share nothing.
        let none = try conjecture(.outlierRemoval, .ownership)
        #expect(none.links.isEmpty && none.change == .unexplored)
        #expect(Risk.utility.factorProfile == nil)
    }

    @Test func everyTrainingDefenseWithASoKRowDeclaresItsFactors() {
        let defenses = Catalog.builtIn.allSpecs.filter { $0.kind == .defense }
        #expect(!defenses.isEmpty)
        for spec in defenses where !spec.interactions.isEmpty {
            #expect(spec.factors != nil, "\(spec.name) declares SoK arrows but no factors")
        }
    }
}
