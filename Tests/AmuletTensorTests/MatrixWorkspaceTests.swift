import AmuletTensor
import Testing

/// Reused buffers (`resize`, `gatherRows(_:into:)`) and products on both sides of the split
/// threshold.
@Suite(.serialized) struct MatrixWorkspaceTests {
    @Test func resizeShrinksAndGrowsWithTheRightShape() {
        var m = Matrix([[1, 2, 3], [4, 5, 6]])
        m.resize(rows: 1, cols: 2)
        #expect(m.shape == Shape(rows: 1, cols: 2))
        #expect(m.storage == [1, 2])
        m.resize(rows: 3, cols: 3)
        #expect(m.shape == Shape(rows: 3, cols: 3))
        #expect(m.storage.count == 9)
    }

    @Test func gatherIntoAWorkspaceMatchesTheAllocatingGather() {
        let source = Matrix([[1, 2], [3, 4], [5, 6], [7, 8]])
        var workspace = Matrix(rows: 0, cols: 0)
        source.gatherRows([3, 0, 2], into: &workspace)
        let firstBatch = workspace
        #expect(workspace == Matrix([[7, 8], [1, 2], [5, 6]]))
        source.gatherRows([1], into: &workspace)
        #expect(workspace == Matrix([[3, 4]]))
        // A batch handed out before is a value: the reuse did not write into it.
        #expect(firstBatch == Matrix([[7, 8], [1, 2], [5, 6]]))
        #expect(source.gatherRows([2, 2]) == Matrix([[5, 6], [5, 6]]))
    }

    @Test func smallAndLargeProductsAgreeWithHandValuesAndKeepTheThreadCount() {
        let threads = BLASThreads.current
        // A small product (below the threshold) worked by hand.
        let a = Matrix([[1, 2], [3, 4]])
        let b = Matrix([[5, 6], [7, 8]])
        #expect(Matrix.multiply(a, b) == Matrix([[19, 22], [43, 50]]))
        #expect(BLASThreads.current == threads)
        // A large product of ones: every element is the inner dimension.
        let size = 384
        let ones = Matrix(rows: size, cols: size, repeating: 1)
        let product = Matrix.multiply(ones, ones)
        #expect(size * size * size >= BLASThreads.splitThreshold)
        #expect(product.storage.allSatisfy { $0 == Float(size) })
        #expect(BLASThreads.current == threads)
    }
}
