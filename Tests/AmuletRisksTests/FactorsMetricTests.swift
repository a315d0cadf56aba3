import AmuletData
import AmuletLearn
import AmuletRisks
import AmuletTestSupport
import Testing

/// `measure factors` against computations by definition on tiny samples.
@Suite struct FactorsMetricTests {
    /// Mann–Whitney by counting every (member, non-member) pair.
    func pairCountAUC(_ members: [Double], _ others: [Double]) -> Double {
        var wins = 0.0
        for m in members {
            for o in others { wins += m < o ? 1 : (m == o ? 0.5 : 0) }
        }
        return wins / Double(members.count * others.count)
    }

    @Test func lossAUCIsTheShareOfPairsWhereTheMemberHasTheLowerLoss() {
        let members = [0.1, 0.4, 0.2, 0.9, 0.4]
        let others = [0.5, 0.4, 1.2, 0.3]
        let auc = FactorStatistics.lossAUC(memberLosses: members, nonMemberLosses: others)
        // 20 pairs, by hand: 13 wins and two ties (0.4 against 0.4) count 14, so 0.7.
        expectClose(auc, pairCountAUC(members, others), tolerance: 1e-12)
        expectClose(auc, 0.7, tolerance: 1e-12)
    }

    @Test func ksDistanceIsTheLargestGapBetweenEmpiricalCDFs() throws {
        // F_a jumps at 1, 2, 3 (thirds), F_b at 2.5, 4 (halves): the gap is largest at t = 2,
        // where F_a = 2/3 and F_b = 0.
        let d = try #require(FactorStatistics.ksDistance([1, 2, 3], [2.5, 4]))
        expectClose(d, 2.0 / 3, tolerance: 1e-12)
        #expect(FactorStatistics.ksDistance([], [1]) == nil)
        expectClose(try #require(FactorStatistics.ksDistance([1, 2], [1, 2])), 0, tolerance: 0)
        // Two attributes: the first separates the scores completely, the second not at all.
        let scores = [0.1, 0.2, 0.8, 0.9]
        let largest = FactorStatistics.largestGroupKSDistance(
            scores: scores, groups: [[0, 0, 1, 1], [0, 1, 0, 1]])
        expectClose(try #require(largest), 1, tolerance: 0)
    }

    @Test func measureFactorsReportsRowsParametersAndObservables() throws {
        let data = try SyntheticDataset.make(
            rows: 400, features: 3, separation: 2, correlation: 0.5, seed: 7)
        var scenario = Scenario(
            datasetName: "synthetic", datasetParameters: ParameterValues(), data: data,
            memberFraction: 0.5, seed: 7)
        let recipe = Recipe(
            architecture: .logisticRegression, optimizer: .adam(learningRate: 0.05, weightDecay: 0),
            epochs: 3, batchSize: 32, seed: 1)
        scenario.setModel(
            name: "logreg", recipe: recipe, label: "logreg", parameters: ParameterValues())
        let result = try Experiment(
            catalog: .builtIn, workbench: Workbench(cache: nil), seed: 1, threads: 1
        ).evaluate(FactorsMetric.self, call: PluginCall(), scenario: scenario)
        let values = Dictionary(
            uniqueKeysWithValues: result.roles[0].measurements.map { ($0.displayName, $0.value) })
        #expect(values["factors.d1_training_rows"] == Double(scenario.memberIndices.count))
        // Logistic regression on 3 features and 2 classes: a 2×3 weight matrix and 2 biases.
        #expect(values["factors.m1_parameters"] == 8)
        let auc = try #require(values["factors.o21_loss_auc"] ?? nil)
        #expect(auc > 0.3 && auc < 0.7, "a 3-epoch logistic regression barely overfits: \(auc)")
        #expect(values.keys.contains("factors.o22_group_ks"))
        // O1: cross-entropy is convex in a linear model's parameters, so tr(H) > 0.
        let trace = try #require(values["factors.o1_hessian_trace"] ?? nil)
        #expect(trace > 0)
        let distance = try #require(values["factors.o3_boundary_distance"] ?? nil)
        #expect(distance > 0 && distance < 10, "\(distance)")
        // D2 from the four default shadows: a share.
        let memorized = try #require(values["factors.d2_memorized_share"] ?? nil)
        #expect(memorized >= 0 && memorized <= 1)
    }

    @Test func factorsWithoutShadowsSkipD2AndSayWhy() throws {
        let data = try SyntheticDataset.make(
            rows: 200, features: 3, separation: 2, correlation: 0.5, seed: 3)
        var scenario = Scenario(
            datasetName: "synthetic", datasetParameters: ParameterValues(), data: data,
            memberFraction: 0.5, seed: 3)
        let recipe = Recipe(
            architecture: .logisticRegression, optimizer: .adam(learningRate: 0.05, weightDecay: 0),
            epochs: 2, batchSize: 32, seed: 1)
        scenario.setModel(
            name: "logreg", recipe: recipe, label: "logreg", parameters: ParameterValues())
        let call = PluginCall(
            given: ParameterValues([
                "shadows": .number(0), "power": .number(30), "probes": .number(400),
            ]))
        let result = try Experiment(
            catalog: .builtIn, workbench: Workbench(cache: nil), seed: 1, threads: 1
        ).evaluate(FactorsMetric.self, call: call, scenario: scenario)
        let d2 = try #require(
            result.roles[0].measurements.first { $0.metric == FactorsMetric.memorizedShare })
        #expect(d2.value == nil)
        #expect(d2.note?.contains("shadows=0") == true)
        // The top eigenvalue is at most the trace (the Hessian of a convex loss is PSD) and
        // at least a share of it: the trace sums 8 non-negative eigenvalues.
        let values = Dictionary(
            uniqueKeysWithValues: result.roles[0].measurements.map { ($0.displayName, $0.value) })
        let trace = try #require(values["factors.o1_hessian_trace"] ?? nil)
        let top = try #require(values["factors.o1_top_eigenvalue"] ?? nil)
        #expect(top > 0 && top <= trace * 1.1 && top >= trace / 8, "\(top) of \(trace)")
        #expect(Catalog.builtIn.measuredFactors.count == 7)
    }
}
