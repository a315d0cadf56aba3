import AmuletData
import AmuletTensor
import AmuletTestSupport
import Foundation
import Testing

/// The encoded-dataset memo returns exactly what encoding returns, and rebuilds damaged entries.
@Suite struct DatasetCacheTests {
    /// A fresh temporary folder.
    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "amulet-dataset-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The entry files in `folder`.
    func entries(_ folder: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "amuletdata" }
    }

    /// Every field of two splits is equal, features bit for bit.
    func expectIdentical(
        _ a: DataSplit, _ b: DataSplit, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(a.identity == b.identity, sourceLocation: sourceLocation)
        for (x, y) in [(a.train, b.train), (a.test, b.test)] {
            #expect(x.features.shape == y.features.shape, sourceLocation: sourceLocation)
            #expect(
                x.features.storage.map(\.bitPattern) == y.features.storage.map(\.bitPattern),
                sourceLocation: sourceLocation)
            #expect(x.labels == y.labels, sourceLocation: sourceLocation)
            #expect(x.sensitive == y.sensitive, sourceLocation: sourceLocation)
            #expect(x.featureNames == y.featureNames, sourceLocation: sourceLocation)
            #expect(x.classNames == y.classNames, sourceLocation: sourceLocation)
            #expect(x.modality == y.modality, sourceLocation: sourceLocation)
            #expect(x.name == y.name, sourceLocation: sourceLocation)
        }
    }

    @Test func adultFromTheCacheIsBitIdenticalAndACorruptEntryIsRebuilt() throws {
        let data = TestSupport.dataFolderURL()
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let uncached = try AdultDataset.load(folder: DataFolder(url: data), seed: 3)
        let cached = DataFolder(
            url: data, digests: FileDigests(), cache: DatasetCache(directory: folder))
        let cold = try AdultDataset.load(folder: cached, seed: 3)
        let files = try entries(folder)
        #expect(files.count == 1)
        let warm = try AdultDataset.load(folder: cached, seed: 3)
        expectIdentical(uncached, cold)
        expectIdentical(uncached, warm)
        #expect(uncached.train.features.cols == 94)
        #expect(uncached.train.count + uncached.test.count == 48_842)

        // Flip one bit in the middle of the features: detected, removed, rebuilt identical.
        let entry = try #require(files.first)
        var bytes = try Data(contentsOf: entry)
        let original = bytes
        bytes[bytes.count / 2] ^= 0x10
        try bytes.write(to: entry)
        let key = entry.deletingPathExtension().lastPathComponent
        #expect(DatasetCache(directory: folder).load(key) == nil)
        #expect(!FileManager.default.fileExists(atPath: entry.path))
        try bytes.write(to: entry)
        let rebuilt = try AdultDataset.load(folder: cached, seed: 3)
        expectIdentical(uncached, rebuilt)
        #expect(try Data(contentsOf: entry) == original)
        #expect(try entries(folder).count == 1)
    }

    /// COMPAS, German credit and digits go through the same memo: one entry each, read back
    /// bit for bit, with the published row counts.
    @Test(arguments: ["compas", "german", "digits"])
    func everyBundledDatasetIsMemoisedBitIdentically(_ name: String) throws {
        let data = TestSupport.dataFolderURL()
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cached = DataFolder(
            url: data, digests: FileDigests(), cache: DatasetCache(directory: folder))
        func load(_ folder: DataFolder) throws -> DataSplit {
            switch name {
            case "compas": try COMPASDataset.load(folder: folder, seed: 3)
            case "german": try GermanCreditDataset.load(folder: folder, seed: 3)
            default: try DigitsDataset.load(folder: folder, seed: 3)
            }
        }
        let uncached = try load(DataFolder(url: data))
        let cold = try load(cached)
        #expect(try entries(folder).count == 1)
        let warm = try load(cached)
        expectIdentical(uncached, cold)
        expectIdentical(uncached, warm)
        let rows = ["compas": 6_172, "german": 1_000, "digits": 1_797][name]
        #expect(uncached.train.count + uncached.test.count == rows)
    }

    @Test func entriesRoundTripImagesAndRejectTruncationAndAnotherKey() throws {
        var rng = SeededGenerator(seed: 9)
        let features = TestSupport.randomMatrix(rows: 7, cols: 4, rng: &rng)
        let group = SensitiveAttribute(
            name: "group", positiveGroup: "low", negativeGroup: "high",
            values: [1, 0, 1, 1, 0, 0, 1])
        let all = Dataset(
            name: "tiny", features: features, labels: [0, 1, 2, 0, 1, 2, 0],
            featureNames: ["a", "b", "c", "d"], classNames: ["x", "y", "z"], sensitive: [group],
            modality: .image(channels: 1, height: 2, width: 2))
        let split = DataSplit(
            train: all.subset([0, 2, 4, 6]), test: all.subset([1, 3, 5]), identity: "tiny|seed=9")
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = DatasetCache(directory: folder)
        let key = DatasetCache.key(dataset: "tiny", sourceDigests: ["00"], parameters: "seed=9")
        try cache.store(split, key: key)
        let loaded = try #require(cache.load(key))
        expectIdentical(split, loaded)

        // A file renamed to another key is not that key's entry.
        let otherKey = DatasetCache.key(
            dataset: "tiny", sourceDigests: ["00"], parameters: "seed=8")
        #expect(otherKey != key)
        let entry = folder.appendingPathComponent(key + ".amuletdata")
        let renamed = folder.appendingPathComponent(otherKey + ".amuletdata")
        try FileManager.default.copyItem(at: entry, to: renamed)
        #expect(cache.load(otherKey) == nil)

        // A truncated entry is rejected.
        let bytes = try Data(contentsOf: entry)
        try bytes.prefix(bytes.count - 3).write(to: entry)
        #expect(cache.load(key) == nil)

        var built = 0
        let result = try cache.split(key: key) { () throws(DataError) in
            built += 1
            return split
        }
        #expect(built == 1 && !result.fromCache)
        #expect(try cache.split(key: key) { () throws(DataError) in split }.fromCache)
    }

    @Test func checksumChangesWithEveryBitOfABuffer() {
        // Independent check: flipping any single bit of a 37-byte buffer changes the checksum.
        var bytes = (0..<37).map { UInt8(truncatingIfNeeded: $0 &* 29 &+ 7) }
        let base = bytes.withUnsafeBytes { WordChecksum.of($0) }
        var unchanged = 0
        for i in bytes.indices {
            for bit in 0..<8 {
                bytes[i] ^= UInt8(1 << bit)
                if bytes.withUnsafeBytes({ WordChecksum.of($0) }) == base { unchanged += 1 }
                bytes[i] ^= UInt8(1 << bit)
            }
        }
        #expect(unchanged == 0)
    }
}
