/// What a catalog entry is.
public enum PluginKind: String, Sendable, CaseIterable {
    /// A dataset (`load NAME`).
    case dataset
    /// A model architecture (`train NAME`).
    case model
    /// A metric (`measure NAME`).
    case metric
    /// An attack (`attack NAME`).
    case attack
    /// A training defense (`defend NAME`).
    case defense

    /// The verb that uses this kind.
    public var verb: String {
        switch self {
        case .dataset: return "load"
        case .model: return "train"
        case .metric: return "measure"
        case .attack: return "attack"
        case .defense: return "defend"
        }
    }
}

/// A catalog entry's declaration: name, summary, risk, explanation and parameters.
///
/// Help, tab completion, argument validation and "did you mean" all read this one value.
public struct PluginSpec: Sendable {
    /// The word used in scripts (`adult`, `mlp`, `accuracy`).
    public var name: String
    /// What kind of entry.
    public var kind: PluginKind
    /// One line for help listings.
    public var summary: String
    /// The risk it belongs to.
    public var risk: Risk
    /// A paragraph for `explain`.
    public var explanation: String
    /// The declared parameters.
    public var parameters: [ParameterSpec]
    /// The paper or source it follows.
    public var reference: String?
    /// The metrics it reports (metrics and attacks; defenses for what training reports).
    public var reports: [MetricID]
    /// The artifacts it can export with `export NAME FILE.csv`.
    public var exports: [ExportSpec]
    /// For a defense: how the SoK expects each risk to move when it is effective.
    public var interactions: [RiskInteraction]
    /// For a defense: its row of the SoK's Table 2 (effectiveness against each factor), from
    /// which `FactorConjecture` conjectures the interactions nobody measured; nil when the SoK
    /// has none.
    public var factors: FactorProfile?
    /// For an evaluation or a defense: the models one call trains (nil: not declared, which
    /// the catalog's conformance tests reject for those kinds).
    public var cost: PluginCost?
    /// For an evaluation: how it measures its risk in the defense × risk matrix.
    ///
    /// Nil: it is not part of the matrix. At most one plug-in per risk declares one.
    public var matrix: MatrixUse?

    /// A plug-in spec.
    public init(
        name: String, kind: PluginKind, summary: String, risk: Risk, explanation: String,
        parameters: [ParameterSpec] = [], reports: [MetricID] = [], exports: [ExportSpec] = [],
        interactions: [RiskInteraction] = [], factors: FactorProfile? = nil,
        cost: PluginCost? = nil, matrix: MatrixUse? = nil, reference: String? = nil
    ) {
        self.name = name
        self.kind = kind
        self.summary = summary
        self.risk = risk
        self.explanation = explanation
        self.parameters = parameters
        self.reports = reports
        self.exports = exports
        self.interactions = interactions
        self.factors = factors
        self.cost = cost
        self.matrix = matrix
        self.reference = reference
    }

    /// The parameter called `name`.
    public func parameter(_ name: String) -> ParameterSpec? {
        parameters.first { $0.name == name }
    }

    /// The usage line, such as `train mlp [epochs=10] [lr=0.001]`, without the deprecated
    /// aliases (help lists those in `deprecationLine`).
    public var synopsis: String {
        ([kind.verb, name]
            + currentParameters.map { p in
                p.isRequired ? "\(p.name)=…" : "[\(p.name)=\(p.defaultValue?.description ?? "…")]"
            }).joined(separator: " ")
    }
}
