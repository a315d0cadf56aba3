import AmuletLearn

/// What one role's model gave in one experiment: its identity, measurements and health.
public struct RoleResult: Sendable {
    /// Baseline, defended or current.
    public var role: ModelRole
    /// The scenario label, such as `mlp-m1 epochs=3 + dp(eps=1)`.
    public var label: String
    /// The dataset identity without the split seed (`Scenario.datasetKey`).
    public var datasetKey: String
    /// The dataset as the user wrote it, such as `adult test=0.3`.
    public var datasetLabel: String
    /// The full recipe without its seed (`Recipe.identityIgnoringSeed`).
    public var recipeKey: String
    /// The measurements, flagged where the model is degenerate.
    public var measurements: [Measurement]
    /// Whether the model is near-constant (nil when no model was involved).
    public var health: ModelHealth?
    /// What training reported, when a model was trained or recalled.
    public var summary: TrainingSummary?
    /// Whether the model came from the cache.
    public var fromCache: Bool
    /// Seconds spent on this role (training and evaluation).
    public var seconds: Double
    /// The names of the defenses in its recipe, in order (empty for a baseline).
    public var defenses: [String]
    /// What the dataset's rows are (`tabular`, `image`, `text`; empty without data).
    public var modality: String

    /// A role result.
    public init(
        role: ModelRole, label: String, datasetKey: String, datasetLabel: String,
        recipeKey: String, measurements: [Measurement], health: ModelHealth? = nil,
        summary: TrainingSummary? = nil, fromCache: Bool = false, seconds: Double = 0,
        defenses: [String] = [], modality: String = ""
    ) {
        self.modality = modality
        self.role = role
        self.label = label
        self.datasetKey = datasetKey
        self.datasetLabel = datasetLabel
        self.recipeKey = recipeKey
        self.measurements = measurements
        self.health = health
        self.summary = summary
        self.fromCache = fromCache
        self.seconds = seconds
        self.defenses = defenses
    }
}

/// Everything one `measure` or `attack` produced: per-role results, artifacts and notes.
public struct ExperimentResult: Sendable {
    /// One result per evaluated model, baseline first.
    public var roles: [RoleResult]
    /// Artifacts by role and export name.
    public var artifacts: RunArtifacts
    /// Remarks for the reader (settings a defense applied, training notes).
    public var notes: [String]
    /// Warnings the reader must not miss (degenerate models).
    public var warnings: [String]

    /// A result.
    public init(
        roles: [RoleResult], artifacts: RunArtifacts, notes: [String] = [], warnings: [String] = []
    ) {
        self.roles = roles
        self.artifacts = artifacts
        self.notes = notes
        self.warnings = warnings
    }
}

/// The artifacts of the latest runs of a scenario, by role and export name.
///
/// Codable so a share of a sharded run can carry what its commands left behind to the merge,
/// whose `export` then writes what a single run writes.
public struct RunArtifacts: Sendable, Equatable, Codable {
    /// The scenario label they belong to.
    public var scenarioLabel: String
    /// Artifacts of each role, in role order.
    public var byRole: [(role: ModelRole, artifacts: [String: Artifact])]

    /// Artifacts of one scenario.
    public init(
        scenarioLabel: String, byRole: [(role: ModelRole, artifacts: [String: Artifact])] = []
    ) {
        self.scenarioLabel = scenarioLabel
        self.byRole = byRole
    }

    /// These artifacts updated with `newer`: the same scenario keeps older exports that the
    /// newer run did not produce; another scenario replaces everything.
    public func merging(_ newer: RunArtifacts) -> RunArtifacts {
        guard newer.scenarioLabel == scenarioLabel else { return newer }
        var merged = self
        for (role, artifacts) in newer.byRole {
            if let index = merged.byRole.firstIndex(where: { $0.role == role }) {
                merged.byRole[index].artifacts.merge(artifacts) { _, new in new }
            } else {
                merged.byRole.append((role, artifacts))
            }
        }
        return merged
    }

    /// One role's artifacts, as encoded: the role and its artifacts by export name.
    private struct RoleArtifacts: Codable {
        var role: ModelRole
        var artifacts: [String: Artifact]
    }

    private enum CodingKeys: String, CodingKey {
        case scenarioLabel, byRole
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        scenarioLabel = try container.decode(String.self, forKey: .scenarioLabel)
        byRole = try container.decode([RoleArtifacts].self, forKey: .byRole).map {
            ($0.role, $0.artifacts)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(scenarioLabel, forKey: .scenarioLabel)
        try container.encode(
            byRole.map { RoleArtifacts(role: $0.role, artifacts: $0.artifacts) }, forKey: .byRole)
    }

    public static func == (lhs: RunArtifacts, rhs: RunArtifacts) -> Bool {
        lhs.scenarioLabel == rhs.scenarioLabel
            && lhs.byRole.map(\.role) == rhs.byRole.map(\.role)
            && lhs.byRole.map(\.artifacts) == rhs.byRole.map(\.artifacts)
    }

    /// The artifact `name` of each role that has it.
    public func artifacts(named name: String) -> [(role: ModelRole, artifact: Artifact)] {
        byRole.compactMap { entry in entry.artifacts[name].map { (entry.role, $0) } }
    }
}
