import AmuletData
import AmuletLearn
import AmuletRisks
import AmuletTensor
import Foundation

/// Outlier removal's cost: exact KNN-Shapley over one sgemm of the same distance matrix.
enum PoisoningBenchmarks {
    /// KNN-Shapley of adult's members against the trusted members (target ≤ 3× the sgemm).
    static func knnShapley(runner: BenchmarkRunner) throws -> [String: Any] {
        let scenario = try PrivacyBenchmarks.adultScenario(runner: runner, batch: 256, epochs: 1)
        let members = scenario.members
        let trusted = scenario.data.train.subset(scenario.trustedMemberIndices)
        _ = KNNShapley.squaredDistances(trusted.features, members.features)
        let distances = PrivacyBenchmarks.seconds {
            _ = KNNShapley.squaredDistances(trusted.features, members.features)
        }
        var values: [Double] = []
        let shapley = try PrivacyBenchmarks.seconds {
            values = try KNNShapley.values(
                trainFeatures: members.features, trainLabels: members.labels,
                validationFeatures: trusted.features, validationLabels: trusted.labels,
                neighbours: 5)
        }
        return [
            "bench": "knn_shapley", "dataset": "adult", "members": members.count,
            "validation_rows": trusted.count, "distance_sgemm_seconds": distances,
            "knn_shapley_seconds": shapley, "shapley_over_sgemm": shapley / distances,
            "target_ratio": 3, "values_sum": values.reduce(0, +),
        ]
    }
}
