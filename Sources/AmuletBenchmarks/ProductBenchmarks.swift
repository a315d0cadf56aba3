import AmuletTensor
import Foundation

/// The products of an m1 training step, whole on one thread against cut in two halves.
///
/// For each batch size, the three kinds of product of each dense layer (forward X·W, weight
/// gradient Xᵀ·δ, input gradient δ·Wᵀ) of m1 on adult's 104 inputs; the time of a pass over all
/// of them, best of many, and the split's speed-up. This is where `BLASThreads.splitThreshold`
/// comes from.
enum ProductBenchmarks {
    static func stepProducts() -> [String: Any] {
        let widths = [104, 128, 256, 128, 2]
        var result: [String: Any] = ["bench": "products", "model": "mlp-m1"]
        for batch in [64, 128, 256] {
            // (m, n, k, transposeA, transposeB) row-major, as Dense issues them.
            var shapes: [(Int, Int, Int, Bool, Bool)] = []
            for (input, output) in zip(widths, widths.dropFirst()) {
                shapes.append((batch, output, input, false, false))
                shapes.append((input, output, batch, true, false))
                shapes.append((batch, input, output, false, true))
            }
            var rng = SeededGenerator(seed: 1)
            let operands = shapes.map { shape -> (Matrix, Matrix) in
                let (m, n, k, ta, tb) = shape
                var a = Matrix(rows: ta ? k : m, cols: ta ? m : k)
                var b = Matrix(rows: tb ? n : k, cols: tb ? k : n)
                for i in a.storage.indices { a.storage[i] = rng.uniformFloat() }
                for i in b.storage.indices { b.storage[i] = rng.uniformFloat() }
                return (a, b)
            }
            var outputs = shapes.map { Matrix(rows: $0.0, cols: $0.1) }
            func pass() {
                for index in shapes.indices {
                    Matrix.gemm(
                        operands[index].0, transposeA: shapes[index].3, operands[index].1,
                        transposeB: shapes[index].4, into: &outputs[index])
                }
            }
            func best() -> Double {
                pass()
                var fastest = Double.infinity
                for _ in 0..<20 {
                    let start = DispatchTime.now().uptimeNanoseconds
                    for _ in 0..<20 { pass() }
                    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / 20
                    fastest = min(fastest, seconds)
                }
                return fastest
            }
            let whole = BLASThreads.withSerialProducts { best() }
            let split = best()
            result["b\(batch)_one_thread_us"] = whole * 1e6
            result["b\(batch)_split_us"] = split * 1e6
            result["b\(batch)_split_speedup"] = whole / split
        }
        return result
    }
}
