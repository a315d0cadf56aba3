/// Plug-ins of the risk folders, listed here so `Catalog.builtIn` stays one readable list.
enum BuiltInPlugins {
    /// Metrics beyond accuracy.
    static let metrics: [any MetricPlugin.Type] = [FairnessMetric.self, PrivacyMetric.self]
    /// Attacks.
    static let attacks: [any AttackPlugin.Type] = [MembershipInferencePlugin.self]
    /// Training defenses.
    static let defenses: [any DefensePlugin.Type] = [DPSGDPlugin.self]
}
