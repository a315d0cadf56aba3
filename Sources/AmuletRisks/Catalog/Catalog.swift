import AmuletData

/// One entry of the catalog: a plug-in of one kind.
public enum CatalogEntry: Sendable {
    /// `load NAME`.
    case dataset(any DatasetPlugin.Type)
    /// `train NAME`.
    case model(any ModelPlugin.Type)
    /// `measure NAME` or `attack NAME`, by the spec's kind.
    case evaluation(any EvaluationPlugin.Type)
    /// `defend NAME`.
    case defense(any DefensePlugin.Type)

    /// The entry's declaration.
    public var spec: PluginSpec {
        switch self {
        case .dataset(let p): p.spec
        case .model(let p): p.spec
        case .evaluation(let p): p.spec
        case .defense(let p): p.spec
        }
    }
}

/// The one list of plug-ins: datasets, models, metrics, attacks and defenses.
///
/// Help, tab completion, argument validation, exports and "did you mean" all read it. Adding
/// an attack is one file plus one line in `builtIn`.
public struct Catalog: Sendable {
    /// Every entry, in listing order.
    public let entries: [CatalogEntry]

    /// A catalog of the given entries.
    public init(_ entries: [CatalogEntry]) {
        self.entries = entries
    }

    /// Every built-in plug-in.
    public static let builtIn = Catalog([
        .dataset(BuiltInDatasetPlugin<AdultDataset>.self),
        .dataset(BuiltInDatasetPlugin<COMPASDataset>.self),
        .dataset(BuiltInDatasetPlugin<GermanCreditDataset>.self), .dataset(DigitsPlugin.self),
        .dataset(SyntheticPlugin.self), .dataset(CSVPlugin.self), .dataset(IDXPlugin.self),
        .dataset(BuiltInDatasetPlugin<MNISTDataset>.self),
        .dataset(BuiltInDatasetPlugin<FashionMNISTDataset>.self),
        .dataset(BuiltInDatasetPlugin<CIFAR10Dataset>.self), .dataset(ImagesPlugin.self),
        .dataset(BuiltInDatasetPlugin<SST2Dataset>.self), .dataset(TextFilePlugin.self),
        .model(MLPPlugin.self), .model(LogisticRegressionPlugin.self), .model(CNNPlugin.self),
        .model(ONNXPlugin.self), .model(VGGPlugin.self), .model(ResNetPlugin.self),
        .model(FastTextPlugin.self), .model(TransformerPlugin.self),
        .evaluation(AccuracyMetric.self), .evaluation(FairnessMetric.self),
        .evaluation(PrivacyMetric.self), .evaluation(FactorsMetric.self),
        .evaluation(MembershipInferencePlugin.self),
        .evaluation(EvasionPlugin.self),
        .evaluation(BackdoorPlugin.self), .evaluation(LabelFlipPlugin.self),
        .evaluation(ModelExtractionPlugin.self), .evaluation(WatermarkMetric.self),
        .evaluation(FingerprintPlugin.self),
        .evaluation(AttributeInferencePlugin.self),
        .evaluation(DistributionInferencePlugin.self),
        .evaluation(ModelInversionPlugin.self),
        .defense(DPSGDPlugin.self),
        .defense(AdversarialTrainingPlugin.self),
        .defense(OutlierRemovalPlugin.self), .defense(OnionPlugin.self),
        .defense(WatermarkPlugin.self),
        .defense(AdversarialDebiasingPlugin.self),
        .defense(ReweighingPlugin.self),
    ])

    /// The specs of one kind, in catalog order.
    public func specs(_ kind: PluginKind) -> [PluginSpec] {
        entries.map(\.spec).filter { $0.kind == kind }
    }

    /// Every spec of every kind.
    public var allSpecs: [PluginSpec] { entries.map(\.spec) }

    /// The entry of `kind` named `name`: the one lookup every verb uses.
    public func entry(_ kind: PluginKind, _ name: String) -> CatalogEntry? {
        entries.first { $0.spec.kind == kind && $0.spec.name == name }
    }

    /// The spec named `name` of `kind`.
    public func spec(_ kind: PluginKind, _ name: String) -> PluginSpec? {
        entry(kind, name)?.spec
    }

    /// Every declared export with the spec that declares it, in catalog order.
    public var exports: [(export: ExportSpec, owner: PluginSpec)] {
        allSpecs.flatMap { spec in spec.exports.map { ($0, spec) } }
    }

    /// Every declared metric, in catalog order, each once.
    public var metrics: [MetricID] {
        var seen: Set<MetricID> = []
        return allSpecs.flatMap(\.reports).filter { seen.insert($0).inserted }
    }

    /// The evaluations the defense × risk matrix runs, in catalog order, with their use.
    public var matrixUses: [(spec: PluginSpec, use: MatrixUse)] {
        allSpecs.compactMap { spec in spec.matrix.map { (spec, $0) } }
    }

    /// The metric the matrix shows for `risk`: the one its matrix plug-in declares.
    public func matrixHeadline(for risk: Risk) -> MetricID? {
        matrixUse(for: risk)?.headline
    }

    /// The matrix use of `risk`'s matrix plug-in (the first that declares a headline).
    public func matrixUse(for risk: Risk) -> MatrixUse? {
        matrixUses.lazy.compactMap { $0.spec.risk == risk && $0.use.headline != nil ? $0.use : nil }
            .first
    }

    /// The plug-in that declares the export `name`.
    public func exportOwner(_ name: String) -> (
        export: ExportSpec, plugin: any EvaluationPlugin.Type
    )? {
        for entry in entries {
            guard case .evaluation(let plugin) = entry else { continue }
            if let export = plugin.spec.exports.first(where: { $0.name == name }) {
                return (export, plugin)
            }
        }
        return nil
    }
}
