import Foundation

/// Where raw dataset files live: `$AMULET_DATA`, else `./data` (what `scripts/fetch-data` fills).
///
/// Built-in raw files are checked against the SHA-256 of `DataManifest`, which
/// `scripts/fetch-data` reads too, so an empty, truncated or edited file is an error rather
/// than a silently smaller dataset; the digests are memoised in `digests`, shared by copies of
/// the folder.
public struct DataFolder: Sendable, Equatable {
    /// The folder.
    public var url: URL
    /// The memo of file digests (shared by copies; not part of equality).
    public let digests: FileDigests
    /// Where encoded datasets are memoised, or nil to encode on every load (not part of equality).
    public var cache: DatasetCache?
    /// The command that fetches missing files, named in errors.
    public static let fetchCommand = "scripts/fetch-data"

    /// The published SHA-256 of each built-in raw file the datasets read (`DataManifest`).
    public static var publishedSHA256: [String: String] { DataManifest.readableSHA256 }

    /// A data folder at `url` with a fresh digest memo.
    public init(url: URL) {
        self.init(url: url, digests: FileDigests())
    }

    /// A data folder at `url` sharing the digest memo `digests`, memoising encodings in `cache`.
    public init(url: URL, digests: FileDigests, cache: DatasetCache? = nil) {
        self.url = url
        self.digests = digests
        self.cache = cache
    }

    /// Folders are equal when they are the same place.
    public static func == (lhs: DataFolder, rhs: DataFolder) -> Bool { lhs.url == rhs.url }

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

    /// The text of built-in raw file `name` and its SHA-256, verified against the published one.
    ///
    /// - Throws: `DataError.missingFile` when absent, `DataError.damagedFile` when its digest
    ///   differs from `publishedSHA256[name]` (empty, truncated or edited).
    public func readVerified(_ name: String) throws(DataError) -> (text: String, sha256: String) {
        let (data, digest) = try readVerifiedData(name)
        return (String(decoding: data, as: UTF8.self), digest)
    }

    /// The bytes of built-in raw file `name` and its SHA-256, verified as in `readVerified`.
    public func readVerifiedData(_ name: String) throws(DataError) -> (data: Data, sha256: String) {
        let path = url.appendingPathComponent(name).path
        let before = FileDigests.state(of: path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .missingFile(path: path, fetchCommand: DataFolder.fetchCommand)
        }
        let digest = digests.sha256(of: data, path: path, before: before)
        if let expected = DataFolder.publishedSHA256[name], digest != expected {
            let reason =
                data.isEmpty
                ? "it is empty"
                : "its SHA-256 is \(digest.prefix(12))…, not the published "
                    + "\(expected.prefix(12))… (\(data.count) bytes; truncated or edited?)"
            throw .damagedFile(path: path, reason: reason, fetchCommand: DataFolder.fetchCommand)
        }
        return (data, digest)
    }

    /// The split of dataset `name` built from the verified raw `files` by `build` (given their
    /// texts and digests), memoised in `cache` under the files' SHA-256 and `parameters`.
    ///
    /// `parameters` must name everything besides the raw bytes that the encoding depends on
    /// (split seed, test fraction, loader options). Without a cache this is just `build`.
    public func memoisedSplit(
        _ name: String, files: [String], parameters: String,
        build: (_ texts: [String], _ digests: [String]) throws(DataError) -> DataSplit
    ) throws(DataError) -> DataSplit {
        var contents: [Data] = []
        var digests: [String] = []
        for file in files {
            let (data, digest) = try readVerifiedData(file)
            contents.append(data)
            digests.append(digest)
        }
        let texts = { contents.map { String(decoding: $0, as: UTF8.self) } }
        guard let cache else { return try build(texts(), digests) }
        let key = DatasetCache.key(dataset: name, sourceDigests: digests, parameters: parameters)
        return try cache.split(key: key) { () throws(DataError) in try build(texts(), digests) }
            .split
    }

    /// The split of the one-file dataset `name` (`file`), split with `seed` and `testFraction`
    /// and memoised like `memoisedSplit(_:files:parameters:build:)`.
    public func memoisedSplit(
        _ name: String, file: String, seed: UInt64, testFraction: Double,
        encode: (_ text: String, _ digest: String) throws(DataError) -> DataSplit
    ) throws(DataError) -> DataSplit {
        try memoisedSplit(
            name, files: [file], parameters: "seed=\(seed)|test=\(testFraction)"
        ) { texts, digests throws(DataError) in try encode(texts[0], digests[0]) }
    }
}
