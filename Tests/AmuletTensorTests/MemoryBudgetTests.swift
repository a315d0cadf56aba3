import AmuletTensor
import Testing

@Suite struct MemoryBudgetTests {
    @Test func productAndSumSaturateInsteadOfTrapping() {
        #expect(MemoryBudget.product(100_000, 100_000, 4) == 40_000_000_000)
        #expect(MemoryBudget.product(Int.max, 2) == Int.max)
        #expect(MemoryBudget.product(1 << 40, 1 << 40) == Int.max)
        #expect(MemoryBudget.sum(Int.max, 1) == Int.max)
        #expect(MemoryBudget.sum(3, -5, 4) == 7)
    }

    @Test func refusalReadsInDecimalGigabytesAndNamesTheParameter() {
        let error = ResourceError.insufficientMemory(
            neededBytes: 400_000_000_000, availableBytes: 23_400_000_000, parameter: "rows")
        #expect(error.description == "needs 400.0 GB; this machine has 23.4 GB; lower rows")
        let unnamed = ResourceError.insufficientMemory(
            neededBytes: 1_250_000_000, availableBytes: 999_999_999, parameter: nil)
        #expect(unnamed.description == "needs 1.3 GB; this machine has 1.0 GB")
    }

    @Test func checkPassesWithinAndThrowsBeyondTheBudget() throws {
        let budget = MemoryBudget(availableBytes: 1000)
        try budget.check(neededBytes: 1000, parameter: nil)
        #expect(
            throws: ResourceError.insufficientMemory(
                neededBytes: 1001, availableBytes: 1000, parameter: "batch")
        ) { try budget.check(neededBytes: 1001, parameter: "batch") }
    }

    @Test func physicalMemoryIsReadFromTheSystem() {
        // Any machine that builds this has more than 256 MB and less than 1 EB.
        let bytes = MemoryBudget.physical().availableBytes
        #expect(bytes > 256_000_000 && bytes < 1_000_000_000_000_000_000)
    }
}
