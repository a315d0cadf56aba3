/// Benchmarks added by later features (language start-up and parsing, DP-SGD, LiRA).
enum ExtraBenchmarks {
    /// Their names, in the order they run.
    static let names: [String] = []

    /// Runs benchmark `name`; returns its JSON objects.
    static func run(_ name: String, runner: BenchmarkRunner, sgemmGFLOPS: Double) throws
        -> [[String: Any]]
    {
        []
    }
}
