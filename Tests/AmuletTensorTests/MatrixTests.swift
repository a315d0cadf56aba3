import AmuletTensor
import AmuletTestSupport
import Testing

@Suite struct MatrixTests {
    /// Reference product computed with three plain loops in Double.
    func naiveProduct(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
        let n = b[0].count
        return a.map { row in
            (0..<n).map { j in row.indices.reduce(0.0) { $0 + row[$1] * b[$1][j] } }
        }
    }

    func toDouble(_ m: Matrix) -> [[Double]] {
        (0..<m.rows).map { r in (0..<m.cols).map { Double(m[r, $0]) } }
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func gemmMatchesNaiveProductForEveryTransposeCombination(transposeA: Bool, transposeB: Bool) {
        var rng = SeededGenerator(seed: 7)
        let a = TestSupport.randomMatrix(
            rows: transposeA ? 5 : 3, cols: transposeA ? 3 : 5, rng: &rng)
        let b = TestSupport.randomMatrix(
            rows: transposeB ? 4 : 5, cols: transposeB ? 5 : 4, rng: &rng)
        let product = Matrix.multiply(a, transposeA: transposeA, b, transposeB: transposeB)
        let expected = naiveProduct(
            toDouble(transposeA ? a.transposed : a), toDouble(transposeB ? b.transposed : b))
        #expect(product.rows == 3 && product.cols == 4)
        for r in 0..<3 {
            for c in 0..<4 {
                #expect(abs(Double(product[r, c]) - expected[r][c]) < 1e-4)
            }
        }
    }

    @Test func gemmAccumulatesWithBeta() {
        let a = Matrix([[1, 2], [3, 4]])
        let identity = Matrix([[1, 0], [0, 1]])
        var c = Matrix([[10, 10], [10, 10]])
        Matrix.gemm(a, identity, alpha: 2, beta: 1, into: &c)
        #expect(c == Matrix([[12, 14], [16, 18]]))
    }

    @Test func checkedMultiplyRejectsMismatchedShapes() {
        let a = Matrix(rows: 2, cols: 3)
        let b = Matrix(rows: 2, cols: 3)
        #expect(throws: MatrixError.self) { try a.checkedMultiply(b) }
    }

    @Test func gemvMatchesHandComputedValues() {
        let a = Matrix([[1, 2, 3], [4, 5, 6]])
        var y: [Float] = []
        Matrix.gemv(a, [1, 0, -1], into: &y)
        #expect(y == [-2, -2])
        Matrix.gemv(a, transpose: true, [1, 1], into: &y)
        #expect(y == [5, 7, 9])
    }

    @Test func broadcastingAndReductionsGiveHandComputedValues() {
        var m = Matrix([[1, 2], [3, 4], [5, 6]])
        #expect(m.columnSums() == [9, 12])
        #expect(m.rowSums() == [3, 7, 11])
        #expect(m.columnMeans() == [3, 4])
        #expect(m.rowSquaredNorms() == [5, 25, 61])
        m.addToEachRow([10, 20])
        #expect(m == Matrix([[11, 22], [13, 24], [15, 26]]))
        m.scaleRows(by: [1, 0, 2])
        #expect(m == Matrix([[11, 22], [0, 0], [30, 52]]))
        m.addToEachColumn([1, 2, 3])
        #expect(m.row(1) == [2, 2])
        #expect(Matrix([[0, 5, 5], [9, 1, 2]]).argmaxRows() == [1, 0])
    }

    @Test func gatherAndScatterRowsAreInverse() {
        let m = Matrix([[1, 1], [2, 2], [3, 3]])
        let gathered = m.gatherRows([2, 0])
        #expect(gathered == Matrix([[3, 3], [1, 1]]))
        var target = Matrix(rows: 3, cols: 2)
        target.scatterAddRows(gathered, at: [2, 0])
        #expect(target == Matrix([[1, 1], [0, 0], [3, 3]]))
        #expect(Matrix.vstack([gathered, m.rowSlice(1, 2)]).rows == 3)
    }

    @Test func softmaxRowsSumToOneAndSurviveHugeLogits() {
        let p = Matrix([[1000, 1001, 1002], [0, 0, 0]]).softmaxRows()
        for r in 0..<2 {
            #expect(abs(p.row(r).reduce(0, +) - 1) < 1e-6)
        }
        // softmax(0,1,2) = e^k / (1 + e + e²): 0.09003, 0.24473, 0.66524.
        #expect(abs(p[0, 2] - 0.66524) < 1e-4)
        #expect(abs(p[1, 0] - 1.0 / 3) < 1e-6)
    }
}
