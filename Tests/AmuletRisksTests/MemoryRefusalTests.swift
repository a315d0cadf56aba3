import AmuletData
import AmuletTensor
import Foundation
import Testing

@testable import AmuletRisks

/// Requests that cannot fit in memory are refused by the plug-ins, naming the parameter.
@Suite struct MemoryRefusalTests {
    @Test func syntheticEstimateCountsTheMatrixTwiceAndBlamesRows() {
        let estimate = SyntheticDataset.memoryEstimate(rows: 5_000_000, features: 10_000)
        // 5·10⁶ × 10⁴ floats × 4 bytes × 2 copies = 400 GB, plus 48 bytes a row.
        #expect(estimate.bytes == 400_000_000_000 + 240_000_000)
        #expect(estimate.parameter == "rows")
        #expect(
            SyntheticDataset.memoryEstimate(rows: 2000, features: 10_000).parameter == "features")
    }

    @Test(.enabled(if: MemoryBudget.physical().availableBytes < 400_000_000_000))
    func oversizedSyntheticLoadIsRefusedBeforeGenerating() {
        let values = ParameterValues([
            "rows": .number(5_000_000), "features": .number(10_000), "separation": .number(2),
            "correlation": .number(0.5), "test": .number(0.5), "members": .number(0.5),
        ])
        let context = DataContext(
            folder: DataFolder(url: FileManager.default.temporaryDirectory), seed: 0)
        do {
            _ = try SyntheticPlugin.load(PluginCall(given: values), context: context)
            Issue.record("expected a memory refusal")
        } catch let error as ResourceError {
            guard case .insufficientMemory(_, _, let parameter) = error else { return }
            #expect(parameter == "rows")
            #expect(error.description.hasPrefix("needs 400.2 GB; this machine has "))
        } catch {
            Issue.record("wrong error \(error)")
        }
    }

    @Test func shadowWorkersShrinkToWhatFitsTogether() {
        let budget = MemoryBudget(availableBytes: 10_000_000_000)
        #expect(
            ModelPopulation.parallelWorkers(
                requested: 8, perModelBytes: 3_000_000_000, budget: budget) == 3)
        #expect(
            ModelPopulation.parallelWorkers(requested: 2, perModelBytes: 1000, budget: budget) == 2)
        #expect(
            ModelPopulation.parallelWorkers(requested: 8, perModelBytes: Int.max, budget: budget)
                == 1)
    }
}
