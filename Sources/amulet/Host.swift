import AmuletData
import AmuletLang
import AmuletLearn
import AmuletNotebook
import AmuletRisks
import AmuletTensor
import Foundation
import Glibc

/// Builds the interpreter for this process: settings, data folder, model cache, prelude.
struct Host {
    /// The process environment.
    var environment = ProcessInfo.processInfo.environment
    /// The working directory relative paths resolve against.
    var currentDirectory = FileManager.default.currentDirectoryPath

    /// An interpreter with the given options and the prelude loaded.
    func makeInterpreter(
        format: OutputFormat, seed: UInt64?, dataFolder: String?, useCache: Bool,
        cacheFolder: String? = nil, loadPrelude: Bool, progress: ProgressReporter?
    ) -> (interpreter: Interpreter, preludeProblems: CellResult?) {
        var folder =
            dataFolder.map { DataFolder(url: URL(fileURLWithPath: $0)) }
            ?? DataFolder.fromEnvironment(environment, currentDirectory: currentDirectory)
        let cacheDirectory =
            cacheFolder.map {
                URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: currentDirectory + "/"))
                    .standardizedFileURL
            }
            ?? ModelCache.defaultDirectory(environment: environment)
        if useCache { folder.cache = DatasetCache(directory: cacheDirectory) }
        var settings = Settings(dataFolder: folder)
        settings.format = format
        if let seed { settings.seed = seed }
        settings.threads = min(AffinityCPUs.count(), 64)
        let cache = useCache ? ModelCache(directory: cacheDirectory) : nil
        let workbench = Workbench(cache: cache, progress: progress, cancellation: interruptToken)
        var interpreter = Interpreter(
            session: Session(settings: settings),
            environment: InterpreterEnvironment(
                workbench: workbench, currentDirectory: currentDirectory,
                stdlibDirectory: stdlibFile("prelude.amu").map {
                    URL(fileURLWithPath: $0).deletingLastPathComponent().path
                }))
        interpreter.environment.toolVersion =
            "amulet \(ProgramInfo.release) (build \(ProgramVersion.current.prefix(12)))"
        // A report's header says how to rerun it; the REPL has no command line to repeat.
        let arguments = CommandLine.arguments
        if arguments.count > 1 {
            interpreter.environment.commandLine = (["amulet"] + arguments.dropFirst()).joined(
                separator: " ")
        }
        var problems: CellResult? = nil
        if loadPrelude, let prelude = stdlibFile("prelude.amu"),
            let data = FileManager.default.contents(atPath: prelude)
        {
            let result = interpreter.run(String(decoding: data, as: UTF8.self), file: prelude)
            if !result.succeeded { problems = result }
            interpreter.session.adoptPrelude()
        }
        return (interpreter, problems)
    }

    /// A file of the standard library: `$AMULET_STDLIB/NAME`, else `stdlib/NAME` found by
    /// walking up from the executable (the repository layout), else from the working directory.
    func stdlibFile(_ name: String) -> String? {
        if let explicit = environment["AMULET_STDLIB"], !explicit.isEmpty {
            return explicit + "/" + name
        }
        var url = URL(fileURLWithPath: executablePath()).deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = url.appendingPathComponent("stdlib").appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate.path }
            url = url.deletingLastPathComponent()
        }
        let local = currentDirectory + "/stdlib/" + name
        return FileManager.default.fileExists(atPath: local) ? local : nil
    }

    func executablePath() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if count > 0 {
            return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return CommandLine.arguments.first ?? "."
    }
}
