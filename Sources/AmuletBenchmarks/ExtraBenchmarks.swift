import AmuletLang
import Foundation

/// Benchmarks beyond training: start-up to the first prompt and parsing a long script.
enum ExtraBenchmarks {
    /// Their names, in the order they run.
    static let names = [
        "products", "roofline", "scaling", "startup", "parse", "dp", "lira", "evasion",
        "knn_shapley",
        "distribution", "cnn", "conv", "resnet20", "load", "matrix", "onnx", "fuzz", "transformer",
    ]
    /// The ones that run only when named (`scripts/bench fuzz` takes many minutes).
    static let onlyWhenNamed: Set<String> = ["fuzz"]
    /// The ones whose result is a ratio to the sgemm peak (the peak is measured first).
    static let comparedWithSGEMM: Set<String> = [
        "roofline", "cnn", "conv", "resnet20", "transformer",
    ]

    /// Runs benchmark `name`; returns its JSON objects.
    static func run(_ name: String, runner: BenchmarkRunner, sgemmGFLOPS: Double) throws
        -> [[String: Any]]
    {
        switch name {
        case "roofline":
            return [try RooflineBenchmarks.epochs(runner: runner, sgemmGFLOPS: sgemmGFLOPS)]
        case "products": return [ProductBenchmarks.stepProducts()]
        case "scaling": return [try RooflineBenchmarks.scaling()]
        case "startup": return [try startup(runner: runner)]
        case "parse": return [parse()]
        case "dp": return [try PrivacyBenchmarks.dpOverhead(runner: runner)]
        case "lira": return [try PrivacyBenchmarks.liraParallel(runner: runner)]
        case "evasion": return [try EvasionBenchmarks.costs(runner: runner)]
        case "knn_shapley": return [try PoisoningBenchmarks.knnShapley(runner: runner)]
        case "distribution": return [try DistributionBenchmarks.attack(runner: runner)]
        case "cnn": return [try ImageBenchmarks.cnnEpoch(runner: runner, sgemmGFLOPS: sgemmGFLOPS)]
        case "conv": return [ConvolutionBenchmarks.layer(sgemmGFLOPS: sgemmGFLOPS)]
        case "resnet20": return [try ConvolutionBenchmarks.resNet20Epoch(sgemmGFLOPS: sgemmGFLOPS)]
        case "load": return [try LoadBenchmarks.adult(runner: runner)]
        case "matrix": return [try MatrixBenchmark.matrix(runner: runner)]
        case "onnx": return [try ONNXBenchmarks.residual(runner: runner)]
        case "fuzz": return [try FuzzBenchmark.run(runner: runner)]
        case "transformer":
            return [try TextBenchmarks.transformerEpoch(sgemmGFLOPS: sgemmGFLOPS)]
        default: return []
        }
    }

    /// Milliseconds from starting the release `amulet` in a pseudo-terminal to its first
    /// prompt (median of 5), measured by `Tests/EndToEnd/pty_session.py`.
    static func startup(runner: BenchmarkRunner) throws -> [String: Any] {
        let root = URL(fileURLWithPath: runner.currentDirectory)
        let binary = root.appendingPathComponent(".build/release/amulet").path
        let script = root.appendingPathComponent("Tests/EndToEnd/pty_session.py").path
        var times: [Double] = []
        for _ in 0..<5 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", script, binary, "first-prompt"]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                let ms = object["first_prompt_ms"] as? Double,
                object["first_prompt"] as? Bool == true
            else { throw BenchmarkError.failed("no prompt from \(binary)") }
            times.append(ms)
        }
        times.sort()
        return ["bench": "startup", "ms_to_first_prompt": times[times.count / 2], "target_ms": 150]
    }

    /// Milliseconds to tokenize and parse a generated 10,000-line script (best of 5).
    static func parse() -> [String: Any] {
        var lines: [String] = []
        let templates = [
            "load adult members=0.5", "train mlp capacity=m1 epochs=10 lr=1e-3",
            "defend dp eps=1 delta=1e-5", "attack mia shadows=16",
            "measure fairness attribute=race",
            "let eps = [0.5, 1, 2, 8]", "for e in $eps { defend dp eps=$e; measure accuracy }",
            "# a comment line", "repeat 3 { measure accuracy }",
            "show \"text with \\\"escapes\\\"\"",
        ]
        for i in 0..<10_000 { lines.append(templates[i % templates.count]) }
        let source = lines.joined(separator: "\n")
        var best = Double.infinity
        var statements = 0
        for _ in 0..<5 {
            let start = DispatchTime.now().uptimeNanoseconds
            let (program, _) = Parser.parse(source: source, file: "bench.amu")
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            statements = program.statements.count
        }
        var lexBest = Double.infinity
        for _ in 0..<5 {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = Lexer.tokenize(source, file: "bench.amu")
            lexBest = min(lexBest, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        return [
            "bench": "parse", "lines": 10_000, "statements": statements, "ms": best,
            "tokenize_ms": lexBest, "target_ms": 50,
        ]
    }
}

/// A benchmark that could not measure.
enum BenchmarkError: Error {
    /// What went wrong.
    case failed(String)
}
