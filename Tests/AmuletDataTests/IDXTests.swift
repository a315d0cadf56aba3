import AmuletData
import AmuletTensor
import Foundation
import Testing

/// IDX files written here byte by byte: shapes, scaling, and located errors for bad files.
@Suite struct IDXTests {
    /// A big-endian header: magic then sizes.
    static func header(_ magic: UInt32, _ sizes: [UInt32]) -> [UInt8] {
        ([magic] + sizes).flatMap { word in (0..<4).map { UInt8((word >> (24 - 8 * $0)) & 0xFF) } }
    }

    /// `count` images of height×width, image i's pixel p = (i·10 + p) mod 256.
    static func imageFile(count: Int, height: Int, width: Int) -> [UInt8] {
        header(0x803, [UInt32(count), UInt32(height), UInt32(width)])
            + (0..<(count * height * width)).map { i in
                UInt8((i / (height * width) * 10 + i % (height * width)) % 256)
            }
    }

    static func labelFile(_ labels: [UInt8]) -> [UInt8] {
        header(0x801, [UInt32(labels.count)]) + labels
    }

    /// Writes `files` to a fresh temporary folder and runs `body` with their paths.
    func withFiles<T>(_ files: [String: [UInt8]], _ body: ([String: String]) throws -> T) throws
        -> T
    {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "amulet-idx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String: String] = [:]
        for (name, bytes) in files {
            let url = folder.appendingPathComponent(name)
            try Data(bytes).write(to: url)
            paths[name] = url.path
        }
        return try body(paths)
    }

    /// The error `body` throws, as (file, offset, reason).
    func located(_ body: () throws(DataError) -> Void) -> (String, Int, String)? {
        do {
            try body()
        } catch {
            if case .malformedBinary(let file, let offset, let reason) = error {
                return (file, offset, reason)
            }
            Issue.record("wrong error \(error)")
        }
        return nil
    }

    @Test func readsShapeLabelsAndScaledPixels() throws {
        let labels: [UInt8] = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]
        let split = try withFiles([
            "img": Self.imageFile(count: 12, height: 3, width: 2), "lab": Self.labelFile(labels),
        ]) { paths in
            try IDXDataset.load(images: paths["img"] ?? "", labels: paths["lab"] ?? "", seed: 1)
        }
        #expect(split.train.count + split.test.count == 12)
        #expect(split.train.modality == .image(channels: 1, height: 3, width: 2))
        #expect(split.train.features.cols == 6 && split.train.classCount == 3)
        // Image i's pixels are (10i + p)/255 and its label is i mod 3: check every row.
        for data in [split.train, split.test] {
            for r in 0..<data.count {
                let i = Int((data.features[r, 0] * 255).rounded()) / 10
                #expect(data.labels[r] == i % 3)
                for p in 0..<6 { #expect(data.features[r, p] == Float(10 * i + p) / 255) }
            }
        }
    }

    @Test func readsChannelsFromFourDimensionalFiles() throws {
        let bytes = Self.header(0x804, [2, 3, 2, 2]) + (0..<24).map { UInt8($0 * 10) }
        let images = try IDXReader.images(bytes, file: "rgb")
        #expect(images.count == 2 && images.channels == 3 && images.height == 2)
        #expect(images.pixels[23] == Float(230) / 255)
    }

    @Test func wrongMagicIsLocatedAtByteZeroAndNamesTheOtherKind() {
        let error = located { () throws(DataError) in
            _ = try IDXReader.images(Self.labelFile([1, 2]), file: "swapped")
        }
        #expect(error?.0 == "swapped" && error?.1 == 0)
        #expect(error?.2.contains("0x00000801") == true && error?.2.contains("labels=") == true)
        let other = located { () throws(DataError) in
            _ = try IDXReader.labels(Self.imageFile(count: 1, height: 2, width: 2), file: "x")
        }
        #expect(other?.1 == 0 && other?.2.contains("images=") == true)
    }

    @Test func truncatedFilesAreLocatedAtTheirEnd() {
        var bytes = Self.imageFile(count: 4, height: 2, width: 2)
        bytes.removeLast(3)
        let error = located { () throws(DataError) in
            _ = try IDXReader.images(bytes, file: "short")
        }
        #expect(error?.1 == bytes.count)
        #expect(error?.2.contains("16 bytes, found 13") == true)
        // A header cut inside a size word.
        let cut = located { () throws(DataError) in
            _ = try IDXReader.images(Array(bytes.prefix(10)), file: "cut")
        }
        #expect(cut?.1 == 10 && cut?.2.contains("dimension 2") == true)
        let labels = located { () throws(DataError) in
            _ = try IDXReader.labels(Array(Self.labelFile([1, 2, 3]).dropLast()), file: "l")
        }
        #expect(labels?.1 == 10 && labels?.2.contains("3 labels, found 2") == true)
    }

    @Test func trailingBytesAndCountMismatchAreErrors() throws {
        let extra = located { () throws(DataError) in
            _ = try IDXReader.labels(Self.labelFile([1, 2]) + [9], file: "long")
        }
        #expect(extra?.1 == 10 && extra?.2.contains("1 bytes after") == true)
        let mismatch = try withFiles([
            "img": Self.imageFile(count: 3, height: 2, width: 2), "lab": Self.labelFile([0, 1]),
        ]) { paths in
            located { () throws(DataError) in
                _ = try IDXDataset.load(
                    images: paths["img"] ?? "", labels: paths["lab"] ?? "", seed: 1)
            }
        }
        #expect(mismatch?.0 == "lab" && mismatch?.2.contains("2 labels for the 3 images") == true)
    }

    @Test func groupFilesAndLabelGroupsBecomeSensitiveAttributes() throws {
        let labels: [UInt8] = [0, 1, 2, 3, 0, 1, 2, 3]
        let groups: [UInt8] = [1, 0, 1, 0, 0, 1, 1, 0]
        let split = try withFiles([
            "img": Self.imageFile(count: 8, height: 2, width: 2), "lab": Self.labelFile(labels),
            "male.idx": Self.labelFile(groups),
        ]) { paths in
            try IDXDataset.load(
                images: paths["img"] ?? "", labels: paths["lab"] ?? "",
                groups: paths["male.idx"], seed: 3)
        }.withLabelGroup([0, 1])
        for data in [split.train, split.test] {
            #expect(data.sensitive.map(\.name) == ["male", "group"])
            for r in 0..<data.count {
                let i = Int((data.features[r, 0] * 255).rounded()) / 10
                #expect(data.sensitive[0].values[r] == Int(groups[i]))
                #expect(data.sensitive[1].values[r] == (data.labels[r] < 2 ? 1 : 0))
            }
        }
        #expect(split.identity.contains("|group=0,1"))
        let bad = try withFiles([
            "img": Self.imageFile(count: 2, height: 2, width: 2), "lab": Self.labelFile([0, 1]),
            "g": Self.labelFile([0, 2]),
        ]) { paths in
            located { () throws(DataError) in
                _ = try IDXDataset.load(
                    images: paths["img"] ?? "", labels: paths["lab"] ?? "", groups: paths["g"],
                    seed: 1)
            }
        }
        #expect(bad?.0 == "g" && bad?.1 == 9)
    }
}
