import AmuletRisks
import AmuletTensor

/// An ROC curve a cell's attack produced, kept with the cell so its report can draw it.
public struct CellCurve: Sendable, Equatable, Codable {
    /// The model's scenario label, such as `mlp-m1 epochs=3 + dp(eps=1)`.
    public var label: String
    /// The part the model played.
    public var role: ModelRole
    /// The curve.
    public var curve: ROCCurve

    /// A curve of one model.
    public init(label: String, role: ModelRole, curve: ROCCurve) {
        self.label = label
        self.role = role
        self.curve = curve
    }

    /// The ROC curves among an experiment's artifacts, labelled by each role's scenario.
    public static func curves(of result: ExperimentResult) -> [CellCurve] {
        var curves: [CellCurve] = []
        for (role, artifacts) in result.artifacts.byRole {
            let label = result.roles.first { $0.role == role }?.label ?? role.rawValue
            for name in artifacts.keys.sorted() {
                if case .roc(let curve) = artifacts[name] {
                    curves.append(CellCurve(label: label, role: role, curve: curve))
                }
            }
        }
        return curves
    }
}
