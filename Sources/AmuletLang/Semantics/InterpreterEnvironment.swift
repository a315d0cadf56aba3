import AmuletNotebook
import AmuletRisks
import Foundation

/// What an interpreter uses but does not own: the catalog, the workbench, the file system root.
public struct InterpreterEnvironment: Sendable {
    /// The plug-ins commands bind to.
    public var catalog: Catalog
    /// Trains and remembers models; carries progress and cancellation.
    public var workbench: Workbench
    /// Relative paths in `import`, `save`, `export` and `report` resolve against this folder.
    public var currentDirectory: String

    /// The standard library's folder (holding `prelude.amu`), where `import` looks last.
    public var stdlibDirectory: String?
    /// The part this process plays in a sharded run, or nil for a whole run.
    public var sharding: ShardRole?
    /// This machine's training speed for plans' time estimates (measured once per process;
    /// a test replaces it to see what a plan does when the probe fails).
    public var trainingThroughput: @Sendable () -> Result<Double, TrainingThroughput.Failure> = {
        TrainingThroughput.measured
    }
    /// The program's version, for a report's header; nil when the host did not say.
    public var toolVersion: String?
    /// How the program was started (`amulet run lesson.amu --seed 3`), for a report's header;
    /// nil in the REPL or when the host did not say.
    public var commandLine: String?

    /// An environment.
    public init(
        catalog: Catalog = .builtIn, workbench: Workbench, currentDirectory: String,
        stdlibDirectory: String? = nil
    ) {
        self.catalog = catalog
        self.workbench = workbench
        self.currentDirectory = currentDirectory
        self.stdlibDirectory = stdlibDirectory
    }

    /// An absolute path for `path`.
    public func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/") {
            let home = ProcessInfo.processInfo.environment["HOME"] ?? "/"
            return home + path.dropFirst(1)
        }
        return URL(fileURLWithPath: currentDirectory).appendingPathComponent(path).path
    }
}

/// Per-cell working state: outputs so far, sources seen, the import chain.
struct CellContext {
    var cell: Int
    var outputs: [Output] = []
    /// The verbs the cell ran, to tell a report whether it computed anything.
    var verbs: Set<Verb> = []
    /// The ROC curves the cell's attacks drew, for the report's charts.
    var curves: [CellCurve] = []
    /// The images the cell's evaluations produced, for the report.
    var images: [CellImages] = []
    /// In a share of a sharded run, what the running work unit's evaluations left behind for
    /// `export`, in order, until the share records it.
    var artifacts: [RunArtifacts] = []
    var sources: [String: String] = [:]
    var importStack: [String] = []
    /// The ledger as each running import found it, innermost last, so a `compare` the
    /// imported file runs compares only what it measured (`Interpreter.comparedLedger`).
    var importLedgers: [Ledger] = []
    /// The outcome of every `assert` the cell ran, in order.
    var assertions: [AssertionOutcome] = []
    /// How many statement lists (cell, loop bodies, def bodies, imports) are running nested.
    var depth = 0
    /// How many `for` and `repeat` loops are running nested: inside one, results are
    /// gathered and shown as one table when the outermost loop ends.
    var loopDepth = 0
    /// The identities of the ledger rows recorded inside the running loops.
    var loopRows: Set<String> = []
    /// Where each `tune` put its table and chart record: run again with the same variables
    /// (under `repeat`), it replaces them with ones that pool every repetition.
    var tuneSlots: [TuneSlot.Key: TuneSlot] = [:]
    /// What the cell's `tune` statements measured, for the report's Pareto-front charts.
    var tunes: [CellTune] = []
}
