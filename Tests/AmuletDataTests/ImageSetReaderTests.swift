import AmuletData
import AmuletTestSupport
import Foundation
import Testing

/// The readers behind `load mnist`, `load fmnist` and `load cifar10`: gzip, tar and CIFAR
/// records on files the tests write in each real format, good and bad.
@Suite struct ImageSetReaderTests {
    /// The description of the error `body` throws, or "" when it throws none.
    func thrown(_ body: () throws -> Any) -> String {
        do {
            _ = try body()
            return ""
        } catch { return "\(error)" }
    }

    @Test func gzipRoundTripsStoredBlocksAcrossTheBlockLimit() throws {
        // 70,000 bytes need two stored blocks (65,535 is a block's limit).
        let payload = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        #expect(try Gzip.decompress(FormatWriters.gzip(payload), file: "x.gz") == payload)
    }

    @Test func gzipRejectsWrongMagicAndTruncation() {
        let good = FormatWriters.gzip(Array(repeating: 7, count: 1000))
        do {
            let message = thrown {
                try Gzip.decompress([0x50, 0x4B] + good.dropFirst(2), file: "zip.gz")
            }
            #expect(message.contains("not a gzip file") && message.contains("zip.gz"), "\(message)")
        }
        do {
            let message = thrown { try Gzip.decompress(Array(good.prefix(500)), file: "cut.gz") }
            #expect(message.contains("truncated") && message.contains("cut.gz"), "\(message)")
        }
        // A flipped payload byte fails the CRC-32 of the trailer.
        var corrupt = good
        corrupt[100] ^= 0xFF
        do {
            let message = thrown { try Gzip.decompress(corrupt, file: "bad.gz") }
            #expect(message.contains("corrupt"), "\(message)")
        }
    }

    @Test func gzippedIDXDigitsReadBackAsWritten() throws {
        // Two 2×3 images and their labels, as MNIST's train files are laid out.
        let pixels: [UInt8] = [0, 51, 102, 153, 204, 255, 255, 0, 0, 0, 0, 255]
        let images = FormatWriters.gzip(
            FormatWriters.idx(magic: 0x0803, sizes: [2, 2, 3], values: pixels))
        let labels = FormatWriters.gzip(
            FormatWriters.idx(magic: 0x0801, sizes: [2], values: [7, 1]))
        let read = try IDXReader.images(try Gzip.decompress(images, file: "i.gz"), file: "i")
        #expect(read.count == 2 && read.height == 2 && read.width == 3)
        #expect(read.pixels[1] == 0.2 && read.pixels[5] == 1)
        #expect(
            try IDXReader.labels(try Gzip.decompress(labels, file: "l.gz"), file: "l") == [7, 1])
    }

    func cifarBatch(_ labels: [UInt8]) -> [UInt8] {
        labels.enumerated().flatMap { i, label in
            [label] + (0..<3072).map { UInt8(truncatingIfNeeded: $0 / 1024 * 100 + i) }
        }
    }

    @Test func cifarArchiveReadsEveryBatchInOrder() throws {
        var members: [(String, [UInt8])] = [
            ("cifar-10-batches-bin/batches.meta.txt", Array("airplane\n".utf8))
        ]
        for b in 1...5 {
            members.append(("cifar-10-batches-bin/data_batch_\(b).bin", cifarBatch([UInt8(b)])))
        }
        members.append(("cifar-10-batches-bin/test_batch.bin", cifarBatch([9, 0])))
        let archive = FormatWriters.gzip(FormatWriters.tar(members))
        let (pixels, labels) = try CIFAR10Dataset.read(archive: archive, file: "c.tar.gz")
        #expect(labels == [1, 2, 3, 4, 5, 9, 0])
        #expect(pixels.count == 7 * 3072)
        // Record 0: red plane 0, green 100, blue 200 (+ index 0), each / 255.
        #expect(
            pixels[0] == 0 && pixels[1024] == Float(100) / 255 && pixels[2048] == Float(200) / 255)
        // The test batch's second record (index 1 in its batch): red plane holds 1.
        #expect(pixels[6 * 3072] == Float(1) / 255)
    }

    @Test func cifarRejectsTruncatedRecordsBadLabelsAndMissingBatches() {
        var pixels: [Float] = []
        var labels: [Int] = []
        let batch = cifarBatch([3, 4])
        do {
            let message = thrown {
                try CIFAR10Dataset.records(
                    batch.dropLast(10), file: "b.bin", pixels: &pixels, labels: &labels)
            }
            #expect(message.contains("3073-byte records"), "\(message)")
        }
        var badLabel = batch
        badLabel[3073] = 12
        do {
            let message = thrown {
                try CIFAR10Dataset.records(
                    badLabel[...], file: "b.bin", pixels: &pixels, labels: &labels)
            }
            #expect(message.contains("label 12"), "\(message)")
        }
        let partial = FormatWriters.gzip(
            FormatWriters.tar([("cifar-10-batches-bin/data_batch_1.bin", batch)]))
        do {
            let message = thrown { try CIFAR10Dataset.read(archive: partial, file: "c.tar.gz") }
            #expect(message.contains("data_batch_2.bin"), "\(message)")
        }
    }

    @Test func tarRejectsAGarbledHeaderAndATruncatedMember() {
        let archive = FormatWriters.tar([("a.bin", Array(repeating: 1, count: 600))])
        var garbled = archive
        garbled[10] ^= 0x55
        do {
            let message = thrown { try TarReader.members(garbled, file: "t.tar") }
            #expect(message.contains("checksum"), "\(message)")
        }
        do {
            let message = thrown {
                try TarReader.members(Array(archive.prefix(800)), file: "t.tar")
            }
            #expect(message.contains("truncated"), "\(message)")
        }
        #expect(
            (try? TarReader.members(archive, file: "t.tar"))?.map(\.range) == [512..<1112])
    }

    @Test func builtInImageSetsNameTheirFilesAndTheFetchCommand() throws {
        let folder = try FormatWriters.temporaryFolder("empty-data")
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = DataFolder(url: folder)
        for set in [MNISTDataset.self, FashionMNISTDataset.self, CIFAR10Dataset.self]
            as [any BuiltInDataset.Type]
        {
            for file in set.declaration.files {
                #expect(DataFolder.publishedSHA256[file] != nil, "\(file) is not in the manifest")
            }
            do {
                let message = thrown { try set.load(folder: data, seed: 1, testFraction: 0.5) }
                #expect(message.contains("scripts/fetch-data"), "\(message)")
            }
        }
    }

    @Test func aBuiltInImageFileThatIsNotThePublishedOneIsDamaged() throws {
        let folder = try FormatWriters.temporaryFolder("fake-mnist")
        defer { try? FileManager.default.removeItem(at: folder) }
        for file in MNISTDataset.declaration.files {
            try FormatWriters.write(
                FormatWriters.gzip(FormatWriters.idx(magic: 0x0801, sizes: [1], values: [0])),
                to: folder.appendingPathComponent(file))
        }
        do {
            let message = thrown {
                try MNISTDataset.load(folder: DataFolder(url: folder), seed: 1, testFraction: 0.5)
            }
            #expect(message.contains("not the published"), "\(message)")
        }
    }
}
