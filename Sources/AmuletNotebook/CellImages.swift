import AmuletRisks

/// Images a cell's evaluation produced, kept with the cell so its report can draw them.
public struct CellImages: Sendable, Equatable, Codable {
    /// The model's scenario label.
    public var label: String
    /// The part the model played.
    public var role: ModelRole
    /// The images.
    public var grid: ImageGrid
    /// The export that writes them (`export NAME FILE.png`), nil when unknown.
    public var export: String?

    /// The images of one model.
    public init(label: String, role: ModelRole, grid: ImageGrid, export: String? = nil) {
        self.label = label
        self.role = role
        self.grid = grid
        self.export = export
    }

    /// One line for the terminal, which cannot draw them: what the images are and what shows
    /// them, such as `images: clean and triggered of 6 examples (defended): report FILE.html or
    /// export backdoor FILE.png shows them`.
    ///
    /// `export` writes the last model's images (the defended one's), so the baseline's line
    /// names only the report.
    public var terminalLine: String {
        let who = role == .current ? "" : " (\(role.rawValue))"
        let count = grid.items.count
        let exported = role == .baseline ? nil : export
        return "images: \(grid.title) of \(count) example\(count == 1 ? "" : "s")\(who): "
            + "report FILE.html" + (exported.map { " or export \($0) FILE.png" } ?? "")
            + " shows them"
    }

    /// The image artifacts of an experiment, labelled by each role's scenario.
    public static func images(of result: ExperimentResult) -> [CellImages] {
        var images: [CellImages] = []
        for (role, artifacts) in result.artifacts.byRole {
            let label = result.roles.first { $0.role == role }?.label ?? role.rawValue
            for name in artifacts.keys.sorted() {
                if case .images(let grid) = artifacts[name] {
                    images.append(
                        CellImages(label: label, role: role, grid: grid, export: name))
                }
            }
        }
        return images
    }
}
