import AmuletTensor
import AmuletTestSupport
import Testing

@testable import AmuletLearn

/// The reader survives mutated files: every mutation gives a result or an `ONNXError`,
/// never a trap or a hang; truncations inside the graph and huge declared sizes are errors.
@Suite struct ONNXFuzzTests {
    /// Byte offsets where top-level fields start, and the end of the graph field.
    func topLevelLayout(_ bytes: [UInt8]) throws -> (starts: [Int], graphEnd: Int) {
        var reader = ProtobufReader(bytes: bytes, range: 0..<bytes.count, file: "fixture")
        var starts: [Int] = []
        var graphEnd = 0
        while !reader.isAtEnd {
            starts.append(reader.position)
            let key = try reader.key()
            try reader.skip(key.wireType)
            if key.field == 7 { graphEnd = reader.position }
        }
        return (starts, graphEnd)
    }

    @Test func fiveThousandMutatedFilesEachGiveAnErrorOrAModel() throws {
        let names = ["mlp_bn", "residual", "cnn", "logreg"]
        let originals = try names.map { try ONNXFixtures.bytes($0) }
        var rng = SeededGenerator(seed: 2024)
        var errors = 0
        var mustFail = 0
        var failedWhenRequired = 0
        let runs = 5000
        for run in 0..<runs {
            let original = originals[run % originals.count]
            let (starts, graphEnd) = try topLevelLayout(original)
            var bytes = original
            var required = false
            switch run % 4 {
            case 0:  // Truncation inside the graph field: always an error.
                bytes = Array(original.prefix(Int(rng.next() % UInt64(graphEnd))))
                required = true
            case 1:  // A few flipped bytes anywhere.
                for _ in 0...(rng.next() % 4) {
                    let at = Int(rng.next() % UInt64(bytes.count))
                    bytes[at] ^= UInt8(truncatingIfNeeded: rng.next() | 1)
                }
            case 2:  // A huge declared length at a top-level field: always an error.
                let at = starts[Int(rng.next() % UInt64(starts.count))]
                bytes.insert(contentsOf: [0x3A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], at: at)
                required = true
            default:  // A random byte run written over the middle of the file.
                let at = Int(rng.next() % UInt64(bytes.count))
                for k in at..<min(bytes.count, at + 1 + Int(rng.next() % 16)) {
                    bytes[k] = UInt8(truncatingIfNeeded: rng.next())
                }
            }
            do {
                _ = try ONNXImporter.importModel(bytes: bytes, name: "mutant-\(run).onnx")
            } catch {
                errors += 1
                if required { failedWhenRequired += 1 }
                #expect(error.description.contains("mutant-\(run).onnx"))
            }
            if required { mustFail += 1 }
        }
        #expect(
            failedWhenRequired == mustFail,
            "\(mustFail - failedWhenRequired) required errors missing")
        #expect(errors >= runs / 2, "only \(errors) of \(runs) mutants were rejected")
    }

    @Test func hugeTensorDimsAreRejectedWithoutAllocating() throws {
        var model = try ONNXModelProto.decode(ONNXFixtures.bytes("logreg"), file: "logreg")
        var tensor = ONNXTensorProto(name: "big", dims: [1 << 20, 1 << 20], floats: [1, 2])
        tensor.dims = [Int64(1) << 40, Int64(1) << 40]
        model.graph.initializers.append(tensor)
        #expect(throws: ONNXError.self) {
            try ONNXImporter.importModel(bytes: model.encoded(), name: "big.onnx")
        }
    }
}
