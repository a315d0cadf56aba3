/// What a report says about how it was made: tool version, date, seed, data and command line.
///
/// The interpreter knows the session (seed, the datasets' content hashes); the program knows
/// how it was started (its version and command line) and fills those fields; the REPL leaves
/// the command line empty. A reader can rerun the session only with all of them.
public struct ReportMetadata: Sendable, Equatable {
    /// One dataset the session read, named with its content hash.
    public struct DatasetHash: Sendable, Equatable {
        /// The dataset's name, such as `adult`.
        public var name: String
        /// SHA-256 of its files, comma-separated when several.
        public var sha256: String

        /// A dataset entry.
        public init(name: String, sha256: String) {
            self.name = name
            self.sha256 = sha256
        }
    }

    /// The tool's version, nil when the caller did not say.
    public var toolVersion: String?
    /// When the report was written, ISO 8601 in UTC.
    public var date: String
    /// The session's seed.
    public var seed: UInt64
    /// The datasets read, in first-read order.
    public var datasets: [DatasetHash]
    /// The program's command line, nil in the REPL.
    public var commandLine: String?

    /// Metadata.
    public init(
        toolVersion: String?, date: String, seed: UInt64, datasets: [DatasetHash] = [],
        commandLine: String? = nil
    ) {
        self.toolVersion = toolVersion
        self.date = date
        self.seed = seed
        self.datasets = datasets
        self.commandLine = commandLine
    }

    /// The datasets named by a session's dependencies: each `data IDENTITY` whose identity
    /// reads `name|sha256=…|…`; other dependencies (imports) are left out.
    public static func datasets(fromDependencies dependencies: [String]) -> [DatasetHash] {
        dependencies.compactMap { dependency in
            guard dependency.hasPrefix("data ") else { return nil }
            let fields = dependency.dropFirst("data ".count).split(separator: "|")
            guard let name = fields.first,
                let hash = fields.first(where: { $0.hasPrefix("sha256=") })
            else { return nil }
            return DatasetHash(name: String(name), sha256: String(hash.dropFirst("sha256=".count)))
        }
    }

    /// The fields as (name, value) lines, in reading order.
    public var lines: [(name: String, value: String)] {
        var lines: [(name: String, value: String)] = [
            ("version", toolVersion ?? "not given by the program"), ("date", date),
            ("seed", "\(seed)"),
        ]
        lines.append(
            (
                "data",
                datasets.isEmpty
                    ? "none read"
                    : datasets.map { "\($0.name) sha256 \($0.sha256)" }.joined(
                        separator: "; ")
            ))
        lines.append(("command", commandLine ?? "interactive session (REPL)"))
        return lines
    }
}
