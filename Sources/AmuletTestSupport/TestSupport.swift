import AmuletTensor
import Foundation
import Numerics

/// Helpers shared by the test targets: closeness checks, finite differences, data location.
public enum TestSupport {
    /// Whether `actual` is within `relativeTolerance` (or `absoluteTolerance`) of `expected`.
    public static func isClose(
        _ actual: Double, _ expected: Double, relativeTolerance: Double = 1e-3,
        absoluteTolerance: Double = 1e-6
    ) -> Bool {
        actual.isApproximatelyEqual(
            to: expected, absoluteTolerance: absoluteTolerance, relativeTolerance: relativeTolerance
        )
    }

    /// The largest relative error between two gradient vectors, with a floor on the scale.
    ///
    /// |a − b| / max(|a|, |b|, floor), maximised over elements: the measure cs231n and llm.c's
    /// `check_tensor` use to compare analytic and numeric gradients.
    public static func maxRelativeError(_ a: [Float], _ b: [Float], floor: Float = 1e-2) -> Float {
        precondition(a.count == b.count)
        var worst: Float = 0
        for i in a.indices {
            let scale = max(abs(a[i]), abs(b[i]), floor)
            worst = max(worst, abs(a[i] - b[i]) / scale)
        }
        return worst
    }

    /// Central finite differences (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h of `f` at `x`, in Double.
    public static func numericGradient(
        of f: ([Float]) -> Double, at x: [Float], step: Float = 1e-2
    ) -> [Float] {
        var gradient = [Float](repeating: 0, count: x.count)
        var probe = x
        for i in x.indices {
            let original = probe[i]
            probe[i] = original + step
            let plus = f(probe)
            probe[i] = original - step
            let minus = f(probe)
            probe[i] = original
            gradient[i] = Float((plus - minus) / (2 * Double(step)))
        }
        return gradient
    }

    /// The package's root folder (two levels above the calling test file's folder).
    public static func packageRoot(file: String = #filePath) -> URL {
        URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// The data folder: `$AMULET_DATA`, else `<package>/data`.
    public static func dataFolderURL(file: String = #filePath) -> URL {
        if let explicit = ProcessInfo.processInfo.environment["AMULET_DATA"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit)
        }
        return packageRoot(file: file).appendingPathComponent("data")
    }

    /// A random matrix with entries N(0, scale²) from a seeded generator.
    public static func randomMatrix(
        rows: Int, cols: Int, scale: Float = 1, rng: inout SeededGenerator
    ) -> Matrix {
        var m = Matrix(rows: rows, cols: cols)
        for i in m.storage.indices { m.storage[i] = rng.normal(mean: 0, std: scale) }
        return m
    }

    /// A new empty folder under the system's temporary folder; the caller removes it.
    public static func temporaryFolder(prefix: String = "amulet-test") throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
