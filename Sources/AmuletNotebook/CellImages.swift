import AmuletRisks

/// Images a cell's evaluation produced, kept with the cell so its report can draw them.
public struct CellImages: Sendable, Equatable, Codable {
    /// The model's scenario label.
    public var label: String
    /// The part the model played.
    public var role: ModelRole
    /// The images.
    public var grid: ImageGrid

    /// The images of one model.
    public init(label: String, role: ModelRole, grid: ImageGrid) {
        self.label = label
        self.role = role
        self.grid = grid
    }

    /// The image artifacts of an experiment, labelled by each role's scenario.
    public static func images(of result: ExperimentResult) -> [CellImages] {
        var images: [CellImages] = []
        for (role, artifacts) in result.artifacts.byRole {
            let label = result.roles.first { $0.role == role }?.label ?? role.rawValue
            for name in artifacts.keys.sorted() {
                if case .images(let grid) = artifacts[name] {
                    images.append(CellImages(label: label, role: role, grid: grid))
                }
            }
        }
        return images
    }
}
