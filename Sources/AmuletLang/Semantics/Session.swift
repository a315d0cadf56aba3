import AmuletData
import AmuletNotebook
import AmuletRisks
import AmuletTensor
import Foundation

/// Settings changed with `set`: seed, threads, output format and data folder.
public struct Settings: Sendable, Equatable {
    /// The seed every random choice derives from.
    public var seed: UInt64 = 0
    /// Models trained at once by parallel work (shadow and population models): by default
    /// the CPUs this process may use (`AffinityCPUs`), which Slurm and cgroups set.
    public var threads: Int = SplitWorker.machine.cpus
    /// How tables are printed.
    public var format: OutputFormat = .table
    /// Where raw dataset files live.
    public var dataFolder: DataFolder
    /// Whether the program prints each cell's wall-clock time (`set timer=on`).
    public var timer = false
    /// Whether cells only print their plan: the models they would train, from the cache or
    /// not, and the estimated time; nothing is trained or measured (`set dryrun=on`,
    /// `amulet FILE --dry-run`).
    public var dryRun = false
    /// Set by `amulet FILE --dry-run`: every cell is only planned, whatever `set dryrun=` says.
    public var dryRunOnly = false

    /// Settings with the given data folder.
    public init(dataFolder: DataFolder) {
        self.dataFolder = dataFolder
    }
}

/// A def: a named block and its source text.
public struct Definition: Sendable, Equatable {
    /// The statements of the block.
    public var body: [Statement]
    /// The source of the whole `def`, for `show defs`.
    public var source: String
}

/// Everything a notebook session holds; a value, so a failed cell restores the copy it started from.
public struct Session: Sendable {
    /// Seed, threads, format, data folder.
    public var settings: Settings
    /// The loaded data, recipe and defenses, once `load` ran.
    public var scenario: Scenario?
    /// Values bound with `let` (and `for` loop variables).
    public var variables = Bindings<Value>()
    /// Blocks defined with `def`.
    public var definitions = Bindings<Definition>()
    /// Number of the next cell.
    public var nextCell = 1
    /// Every measured number, for `compare` and `export`.
    public var ledger = Ledger()
    /// The cells that succeeded, for `save` and `report`.
    public var cells: [CellRecord] = []
    /// The repetition index inside `repeat`, or nil.
    public var repetition: Int?
    /// What the latest attacks and metrics of the scenario left behind, for `export`.
    public var artifacts: RunArtifacts?
    /// Numbers the work units of the run, so the shards of a sharded run agree on them.
    public var units = WorkUnitCounter()
    /// In a sharded run, what each expensive command this shard owned produced.
    public var workRecords: [ShardFragment.KeyedRecord] = []
    /// In a sharded run, how many models this share trained ahead for units other shares own.
    public var pretrainedModels = 0
    /// What the session read besides its cells, in first-read order.
    ///
    /// `import PATH sha256=…` per imported file and `data IDENTITY` per loaded dataset (its
    /// identity holds its files' content hashes). A share's fragment carries it, so a merge can refuse shares
    /// that read different content.
    public var dependencies: [String] = []

    /// Records `dependency` unless already recorded.
    mutating func recordDependency(_ dependency: String) {
        if !dependencies.contains(dependency) { dependencies.append(dependency) }
    }

    /// Every cell that succeeded since the session started, resets included, for `save`.
    public var history: [CellRecord] = []
    /// The settings the session started with (before any `set`), for `save`.
    public var startSettings: Settings
    /// The defs every session starts with (the prelude's); `reset` keeps them.
    public var preludeDefinitions = Bindings<Definition>()

    /// A fresh session.
    public init(settings: Settings) {
        self.settings = settings
        self.startSettings = settings
    }

    /// A session after `reset`: settings, cell numbering, history and the prelude's defs
    /// kept, everything else cleared.
    public func afterReset() -> Session {
        var fresh = Session(settings: settings)
        fresh.nextCell = nextCell
        fresh.history = history
        fresh.startSettings = startSettings
        fresh.preludeDefinitions = preludeDefinitions
        fresh.definitions = preludeDefinitions
        // A sharded run keeps numbering its units and keeps what it recorded across a reset.
        fresh.units = units
        fresh.workRecords = workRecords
        fresh.pretrainedModels = pretrainedModels
        fresh.dependencies = dependencies
        return fresh
    }

    /// Makes the current defs the prelude and forgets the cells that defined them, so the
    /// session starts at cell 1 and `reset` and `save` treat the prelude as given.
    public mutating func adoptPrelude() {
        preludeDefinitions = definitions
        cells.removeAll()
        history.removeAll()
        nextCell = 1
    }
}
