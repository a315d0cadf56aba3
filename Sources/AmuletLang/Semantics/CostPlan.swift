import AmuletLearn
import AmuletRisks
import Foundation

/// What a cell will train before it trains anything: each distinct model, where it will come
/// from, and an estimate of the time the new ones take.
///
/// Built by walking the cell (`Interpreter.plan`) and asking each plug-in for its declared
/// cost (`PluginSpec.cost`); a model named twice (the baseline every attack evaluates) counts
/// once. The time is an estimate: multiply-accumulates of the models to train divided by the
/// throughput this machine measured (`TrainingThroughput`).
public struct CostPlan: Sendable {
    /// Where a planned model will come from.
    public enum Source: String, Sendable {
        /// Trained by this cell.
        case train
        /// Read from the on-disk model cache.
        case cache
        /// Already held by this session.
        case memory
    }

    /// One distinct model of the plan.
    public struct Entry: Sendable {
        /// The training.
        public var training: ModelTraining
        /// Where it comes from.
        public var source: Source
        /// Its multiply-accumulates (0 unless it is trained).
        public var work: Double
    }

    /// The distinct models, in the order the cell first needs them.
    public private(set) var entries: [Entry] = []
    /// Statements the walk could not plan (an `import`), by verb, for the plan's caveat.
    public var unplanned: [String] = []
    private var seen: Set<String> = []

    /// An empty plan.
    public init() {}

    /// Adds `trainings` on `scenario`, looking each key up in `workbench`; repeats are ignored.
    mutating func add(_ trainings: [ModelTraining], scenario: Scenario, workbench: Workbench) {
        let width = scenario.data.train.features.cols
        let classes = scenario.data.train.classCount
        for training in trainings {
            if let key = training.key, !seen.insert(key).inserted { continue }
            let source: Source
            if let key = training.key, workbench.memory.model(key) != nil {
                source = .memory
            } else if let key = training.key, let cache = workbench.cache,
                FileManager.default.fileExists(
                    atPath: cache.directory.appendingPathComponent(key + ".amuletmodel").path)
            {
                source = .cache
            } else {
                source = .train
            }
            let work =
                source == .train
                ? training.multiplyAccumulates(inputWidth: width, classes: classes) : 0
            entries.append(Entry(training: training, source: source, work: work))
        }
    }

    /// Models this cell trains.
    public var toTrain: Int { entries.filter { $0.source == .train }.count }
    /// Models read from the cache.
    public var fromCache: Int { entries.filter { $0.source == .cache }.count }
    /// Models already in memory.
    public var inMemory: Int { entries.filter { $0.source == .memory }.count }
    /// Multiply-accumulates of the models to train.
    public var work: Double { entries.reduce(0) { $0 + $1.work } }

    /// Estimated seconds to train the new models at `throughput` multiply-accumulates a second.
    public func estimatedSeconds(throughput: Double) -> Double {
        throughput > 0 ? work / throughput : 0
    }

    /// The plan in one paragraph: counts by purpose, sources and the estimate.
    public func summary(throughput: Double?) -> String {
        var purposes: [(String, Int)] = []
        for entry in entries where entry.source == .train {
            if let i = purposes.firstIndex(where: { $0.0 == entry.training.purpose }) {
                purposes[i].1 += 1
            } else {
                purposes.append((entry.training.purpose, 1))
            }
        }
        let detail = purposes.map { Format.count($0.1, $0.0) }.joined(separator: ", ")
        var text =
            "plan: \(Format.count(toTrain, "model")) to train"
            + (detail.isEmpty ? "" : " (\(detail))")
            + ", \(fromCache) from the cache, \(inMemory) in memory"
        if toTrain > 0, let throughput {
            text +=
                "; estimated \(CostPlan.duration(estimatedSeconds(throughput: throughput))) "
                + "(an estimate from this machine's measured training speed)"
        }
        if !unplanned.isEmpty {
            text += "; not planned: " + unplanned.joined(separator: ", ")
        }
        return text
    }

    /// A duration such as `40 s`, `3 min 20 s` or `1 h 5 min`.
    static func duration(_ seconds: Double) -> String {
        let s = max(0, Int(seconds.rounded()))
        if s < 60 { return seconds < 1 ? "under 1 s" : "\(s) s" }
        if s < 3600 { return "\(s / 60) min \(s % 60) s" }
        return "\(s / 3600) h \((s % 3600) / 60) min"
    }
}
