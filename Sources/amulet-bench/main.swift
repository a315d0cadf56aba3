// The project's benchmark: one JSON object per line, ratios measured within one run.
import AmuletBenchmarks
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
let exitCode = BenchmarkRunner(
    selected: arguments, environment: ProcessInfo.processInfo.environment,
    currentDirectory: FileManager.default.currentDirectoryPath
).run { line in
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
exit(exitCode)
