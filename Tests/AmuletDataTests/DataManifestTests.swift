import AmuletData
import AmuletTestSupport
import Foundation
import Testing

/// One declaration of the raw files, read by the Swift loaders and by `scripts/fetch-data`.
@Suite struct DataManifestTests {
    @Test func everyBuiltInFileHasOneEntryWithAPublishedDigest() {
        let entries = DataManifest.entries
        #expect(
            entries.filter(\.isFetchedByDefault).map(\.file) == [
                "adult.data", "adult.test", "german.data", "compas-scores-two-years.csv",
                "digits.csv.gz",
            ])
        for entry in entries {
            #expect(entry.sha256.count == 64 && entry.sha256.allSatisfy(\.isHexDigit))
            // Fashion-MNIST's publisher serves only plain HTTP; the digest still binds it.
            #expect(
                entry.upstream.hasPrefix("https://")
                    || entry.upstream.hasPrefix("http://fashion-mnist.s3-website."))
            #expect(entry.wheel.isEmpty || entry.wheel.contains("=="))
        }
        // The image sets' digests, as TensorFlow Datasets records them for the same files.
        #expect(
            DataFolder.publishedSHA256["mnist-train-images-idx3-ubyte.gz"]
                == "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609")
        #expect(
            DataFolder.publishedSHA256["cifar10-binary.tar.gz"]
                == "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd")
        // SST-2 ships only as GLUE's zip, whose SHA-256 Hugging Face's glue dataset records;
        // no digest of its members is published, so a load verifies the archive.
        #expect(
            DataFolder.publishedSHA256["SST-2.zip"]
                == "d67e16fb55739c1b32cdce9877596db1c127dc322d93c082281f64057c16deaa")
        #expect(DataFolder.publishedSHA256["SST-2/train.tsv"] == nil)
        #expect(
            DataManifest.entries.filter { $0.file == "SST-2.zip" }.map(\.unpacked?.file) == [
                "SST-2/train.tsv", "SST-2/dev.tsv",
            ])
        // scikit-learn's digits ship gzipped; the loader reads and verifies the unpacked CSV.
        #expect(
            DataFolder.publishedSHA256["digits.csv"]
                == "6ebb3d2fee246a4e99363262ddf8a00a3c41bee6014c373ed9d9216ba7f651b8")
        let tables: [any BuiltInDataset.Type] = [
            AdultDataset.self, COMPASDataset.self, GermanCreditDataset.self,
        ]
        for table in tables {
            for file in table.declaration.files {
                #expect(DataFolder.publishedSHA256[file] != nil, "\(file) is not in the manifest")
            }
        }
    }

    /// The script finds the files a load verifies by reading the same manifest: given a folder
    /// that holds them, it reports each one present and fetches nothing.
    @Test func fetchDataReadsTheManifestTheLoadersUse() throws {
        let source = TestSupport.dataFolderURL()
        let names = DataManifest.entries.filter(\.isFetchedByDefault).flatMap {
            [$0.file] + ($0.unpacked.map { [$0.file] } ?? [])
        }
        guard
            names.allSatisfy({
                FileManager.default.fileExists(atPath: source.appendingPathComponent($0).path)
            })
        else {
            Issue.record(
                "the data folder \(source.path) lacks a built-in file; run scripts/fetch-data")
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "amulet-manifest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in names {
            try FileManager.default.copyItem(
                at: source.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [
            TestSupport.packageRoot().appendingPathComponent("scripts/fetch-data").path
        ]
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["AMULET_DATA": folder.path], uniquingKeysWith: { _, new in new })
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(
            decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        for entry in DataManifest.entries.filter(\.isFetchedByDefault) {
            #expect(text.contains("fetch-data: \(entry.file) ok (already there)"), "\(text)")
        }
    }
}
