import AmuletRisks

/// The one mapping between the grammar's verbs and the Catalog's kinds of plug-in.
///
/// Both directions are exhaustive switches, so a new kind or verb fails to compile until it
/// is mapped; parser, dispatch, help and completion all go through here instead of comparing
/// a kind's word with a verb's.
extension Verb {
    /// The verb that uses plug-ins of `kind`: `load` for a dataset, `defend` for a defense.
    public init(_ kind: PluginKind) {
        switch kind {
        case .dataset: self = .load
        case .model: self = .train
        case .metric: self = .measure
        case .attack: self = .attack
        case .defense: self = .defend
        }
    }

    /// The kind of plug-in this verb names, or nil for a verb that takes none.
    public var pluginKind: PluginKind? {
        switch self {
        case .load: .dataset
        case .train: .model
        case .measure: .metric
        case .attack: .attack
        case .defend: .defense
        case .undefend, .compare, .show, .set, .help, .explain, .report, .export, .save,
            .import, .reset:
            nil
        }
    }
}
