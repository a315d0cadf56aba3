import Foundation

/// Where raw dataset files live: `$AMULET_DATA`, else `./data` (what `scripts/fetch-data` fills).
public struct DataFolder: Sendable, Equatable {
    /// The folder.
    public var url: URL
    /// The command that fetches missing files, named in errors.
    public static let fetchCommand = "scripts/fetch-data"

    /// A data folder at `url`.
    public init(url: URL) {
        self.url = url
    }

    /// The default folder from the environment.
    public static func fromEnvironment(_ environment: [String: String], currentDirectory: String)
        -> DataFolder
    {
        if let explicit = environment["AMULET_DATA"], !explicit.isEmpty {
            return DataFolder(url: URL(fileURLWithPath: explicit))
        }
        return DataFolder(
            url: URL(fileURLWithPath: currentDirectory).appendingPathComponent("data"))
    }

    /// The text of raw file `name`, or `DataError.missingFile` naming the fetch command.
    public func read(_ name: String) throws(DataError) -> String {
        let file = url.appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw .missingFile(path: file.path, fetchCommand: DataFolder.fetchCommand)
        }
        return String(decoding: data, as: UTF8.self)
    }
}
