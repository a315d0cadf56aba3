/// The one list of plug-ins: datasets, models, metrics, attacks and defenses.
///
/// Help, tab completion, argument validation and "did you mean" all read it. Adding an attack
/// is one file plus one line here.
public struct Catalog: Sendable {
    /// Datasets for `load`.
    public var datasets: [any DatasetPlugin.Type]
    /// Models for `train`.
    public var models: [any ModelPlugin.Type]
    /// Metrics for `measure`.
    public var metrics: [any MetricPlugin.Type]
    /// Attacks for `attack`.
    public var attacks: [any AttackPlugin.Type]
    /// Defenses for `defend`.
    public var defenses: [any DefensePlugin.Type]

    /// A catalog of the given plug-ins.
    public init(
        datasets: [any DatasetPlugin.Type], models: [any ModelPlugin.Type],
        metrics: [any MetricPlugin.Type], attacks: [any AttackPlugin.Type],
        defenses: [any DefensePlugin.Type]
    ) {
        self.datasets = datasets
        self.models = models
        self.metrics = metrics
        self.attacks = attacks
        self.defenses = defenses
    }

    /// Every built-in plug-in.
    public static let builtIn = Catalog(
        datasets: [
            AdultPlugin.self, COMPASPlugin.self, GermanCreditPlugin.self, DigitsPlugin.self,
            SyntheticPlugin.self, CSVPlugin.self,
        ],
        models: [MLPPlugin.self, LogisticRegressionPlugin.self],
        metrics: [AccuracyMetric.self] + BuiltInPlugins.metrics,
        attacks: BuiltInPlugins.attacks,
        defenses: BuiltInPlugins.defenses)

    /// The specs of one kind, in catalog order.
    public func specs(_ kind: PluginKind) -> [PluginSpec] {
        switch kind {
        case .dataset: return datasets.map { $0.spec }
        case .model: return models.map { $0.spec }
        case .metric: return metrics.map { $0.spec }
        case .attack: return attacks.map { $0.spec }
        case .defense: return defenses.map { $0.spec }
        }
    }

    /// Every spec of every kind.
    public var allSpecs: [PluginSpec] { PluginKind.allCases.flatMap { specs($0) } }

    /// The spec named `name` of `kind`.
    public func spec(_ kind: PluginKind, _ name: String) -> PluginSpec? {
        specs(kind).first { $0.name == name }
    }

    /// The dataset plug-in named `name`.
    public func dataset(_ name: String) -> (any DatasetPlugin.Type)? {
        datasets.first { $0.spec.name == name }
    }

    /// The model plug-in named `name`.
    public func model(_ name: String) -> (any ModelPlugin.Type)? {
        models.first { $0.spec.name == name }
    }

    /// The metric plug-in named `name`.
    public func metric(_ name: String) -> (any MetricPlugin.Type)? {
        metrics.first { $0.spec.name == name }
    }

    /// The attack plug-in named `name`.
    public func attack(_ name: String) -> (any AttackPlugin.Type)? {
        attacks.first { $0.spec.name == name }
    }

    /// The defense plug-in named `name`.
    public func defense(_ name: String) -> (any DefensePlugin.Type)? {
        defenses.first { $0.spec.name == name }
    }
}
