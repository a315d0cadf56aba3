import AmuletData
import AmuletTestSupport
import Foundation
import Testing

/// `load images`: PNG and JPEG decoding, resampling, the CelebA, LFW and CSV attribute tables,
/// and bad images named or skipped, on files the tests write.
@Suite struct ImageFolderTests {
    func thrown(_ body: () throws -> Any) -> String {
        do {
            _ = try body()
            return ""
        } catch { return "\(error)" }
    }

    /// A 4×2 RGB PNG whose pixel (y, x) is (10·x, 100·y, 7), and a grey one of value v.
    func rgbPNG() -> [UInt8] {
        var samples: [UInt8] = []
        for y in 0..<2 {
            for x in 0..<4 { samples += [UInt8(10 * x), UInt8(100 * y), 7] }
        }
        return FormatWriters.png(width: 4, height: 2, channels: 3, samples: samples)
    }

    func greyPNG(_ value: UInt8, side: Int = 4) -> [UInt8] {
        FormatWriters.png(
            width: side, height: side, channels: 1,
            samples: [UInt8](repeating: value, count: side * side))
    }

    @Test func pngDecodesToTheWrittenSamples() throws {
        let image = try ImageDecoder.decode(rgbPNG(), channels: 3, file: "a.png")
        #expect(image.width == 4 && image.height == 2 && image.channels == 3)
        #expect(Array(image.samples.prefix(6)) == [0, 0, 7, 10, 0, 7])
        #expect(Array(image.samples.suffix(3)) == [30, 100, 7])
        // Grey from RGB through libpng's conversion: a grey PNG read as RGB repeats the value.
        let grey = try ImageDecoder.decode(greyPNG(90), channels: 3, file: "g.png")
        #expect(grey.samples.allSatisfy { $0 == 90 })
    }

    @Test func jpegDecodesNearTheEncodedColour() throws {
        let grey = try ImageDecoder.decode(FormatWriters.greyJPEG, channels: 1, file: "g.jpg")
        #expect(grey.width == 16 && grey.height == 16 && grey.channels == 1)
        #expect(grey.samples.allSatisfy { abs(Int($0) - 200) <= 2 })
        let colour = try ImageDecoder.decode(FormatWriters.colourJPEG, channels: 3, file: "c.jpg")
        #expect(colour.channels == 3)
        for pixel in stride(from: 0, to: colour.samples.count, by: 3) {
            #expect(abs(Int(colour.samples[pixel]) - 200) <= 3)
            #expect(abs(Int(colour.samples[pixel + 1]) - 100) <= 3)
            #expect(abs(Int(colour.samples[pixel + 2]) - 50) <= 3)
        }
    }

    @Test func truncatedAndForeignFilesAreNamedErrors() {
        let png = rgbPNG()
        var message = thrown {
            try ImageDecoder.decode(Array(png.prefix(png.count - 20)), channels: 3, file: "cut.png")
        }
        #expect(message.contains("cut.png") && message.contains("PNG"), "\(message)")
        message = thrown {
            try ImageDecoder.decode(
                Array(FormatWriters.colourJPEG.prefix(400)), channels: 3, file: "cut.jpg")
        }
        #expect(message.contains("cut.jpg") && message.contains("JPEG"), "\(message)")
        message = thrown {
            try ImageDecoder.decode(Array("GIF89a....".utf8), channels: 3, file: "x.gif")
        }
        #expect(message.contains("not a PNG or JPEG"), "\(message)")
    }

    @Test func shrinkingAveragesAndKeepingTheSizeCopies() throws {
        // A 4×4 grey checkerboard of 0 and 255 halved is 127.5 everywhere (area average).
        var samples: [UInt8] = []
        for y in 0..<4 { for x in 0..<4 { samples.append((x + y) % 2 == 0 ? 0 : 255) } }
        let board = ImageDecoder.Image(width: 4, height: 4, channels: 1, samples: samples)
        let half = ImageResizer.resize(board, height: 2, width: 2)
        #expect(half.allSatisfy { abs($0 - 0.5) < 0.01 }, "\(half)")
        let same = ImageResizer.resize(board, height: 4, width: 4)
        #expect(same == samples.map { Float($0) / 255 })
        // Channel-major: an RGB pixel's green sample lands in the second plane.
        let rgb = ImageDecoder.Image(width: 1, height: 1, channels: 3, samples: [255, 51, 0])
        #expect(ImageResizer.resize(rgb, height: 1, width: 1) == [1, 0.2, 0])
    }

    @Test func folderPerClassGivesClassesInNameOrder() throws {
        let root = try FormatWriters.temporaryFolder("images-classes")
        defer { try? FileManager.default.removeItem(at: root) }
        for i in 0..<4 {
            try FormatWriters.write(greyPNG(10), to: root.appendingPathComponent("dark/\(i).png"))
            try FormatWriters.write(greyPNG(240), to: root.appendingPathComponent("light/\(i).PNG"))
        }
        try FormatWriters.write(
            Array("notes".utf8), to: root.appendingPathComponent("light/README"))
        let split = try ImageFolderDataset.load(
            ImageFolderOptions(directory: root.path, channels: 1), seed: 3, testFraction: 0.5)
        #expect(split.train.classNames == ["dark", "light"])
        #expect(split.train.count + split.test.count == 8)
        #expect(split.train.features.cols == 16)
        for i in 0..<split.train.count {
            let expected: Float = split.train.labels[i] == 0 ? Float(10) / 255 : Float(240) / 255
            #expect(split.train.features[i, 0] == expected)
        }
        #expect(split.notes.isEmpty)
    }

    @Test func mixedSizesFailNamingTheImageOrAreSkippedAndCounted() throws {
        let root = try FormatWriters.temporaryFolder("images-bad")
        defer { try? FileManager.default.removeItem(at: root) }
        for i in 0..<3 {
            try FormatWriters.write(greyPNG(10), to: root.appendingPathComponent("a/\(i).png"))
            try FormatWriters.write(greyPNG(200), to: root.appendingPathComponent("b/\(i).png"))
        }
        try FormatWriters.write(greyPNG(10, side: 6), to: root.appendingPathComponent("a/big.png"))
        let png = greyPNG(10)
        try FormatWriters.write(
            Array(png.prefix(png.count - 16)), to: root.appendingPathComponent("b/cut.png"))
        let message = thrown {
            try ImageFolderDataset.load(
                ImageFolderOptions(directory: root.path, channels: 1), seed: 3, testFraction: 0.5)
        }
        #expect(message.contains("a/big.png") && message.contains("size="), "\(message)")
        let skipping = try ImageFolderDataset.load(
            ImageFolderOptions(directory: root.path, channels: 1, bad: .skip), seed: 3,
            testFraction: 0.5)
        #expect(skipping.train.count + skipping.test.count == 6)
        #expect(skipping.notes.count == 1)
        #expect(skipping.notes.first?.contains("skipped 2 of 8") == true, "\(skipping.notes)")
        // With size=, the odd-sized image is resampled and kept; the truncated one still fails.
        let resized = try ImageFolderDataset.load(
            ImageFolderOptions(
                directory: root.path, size: (4, 4), channels: 1, bad: .skip), seed: 3,
            testFraction: 0.5)
        #expect(resized.train.count + resized.test.count == 7)
    }

    @Test func celebATableGivesTheLabelAndMaleAsSensitive() throws {
        let root = try FormatWriters.temporaryFolder("images-celeba")
        defer { try? FileManager.default.removeItem(at: root) }
        var table = "6\n5_o_Clock_Shadow Male Smiling \n"
        for i in 1...6 {
            let name = String(format: "%06d.png", i)
            try FormatWriters.write(
                greyPNG(UInt8(40 * i)), to: root.appendingPathComponent("img/\(name)"))
            table += "\(name) -1  \(i % 2 == 0 ? 1 : -1)  \(i <= 3 ? 1 : -1)\n"
        }
        let file = root.appendingPathComponent("list_attr_celeba.txt")
        try Data(table.utf8).write(to: file)
        let split = try ImageFolderDataset.load(
            ImageFolderOptions(
                directory: root.appendingPathComponent("img").path, attributes: file.path,
                labelColumn: "Smiling", sensitiveColumns: ["Male"], channels: 3),
            seed: 1, testFraction: 0.5)
        let all = split.train.count + split.test.count
        #expect(all == 6)
        #expect(split.train.classNames == ["not Smiling", "Smiling"])
        #expect(split.train.sensitive.map(\.name) == ["Male"])
        // Smiling exactly for images 1–3 (grey 40, 80, 120); Male for even ones.
        for (dataset, i) in (0..<split.train.count).map({ (split.train, $0) })
            + (0..<split.test.count).map({ (split.test, $0) })
        {
            let image = Int((dataset.features[i, 0] * 255).rounded()) / 40
            #expect(dataset.labels[i] == (image <= 3 ? 1 : 0))
            #expect(dataset.sensitive[0].values[i] == (image % 2 == 0 ? 1 : 0))
        }
    }

    @Test func lfwTableNamesImagesByPersonAndNumber() throws {
        let text = """
            # LFW attributes file, version 1.1
            #\tperson\timagenum\tMale\tWhite\tSmiling
            Aaron Eckhart\t1\t1.56\t0.3\t-0.2
            Aaron Eckhart\t12\t1.2\t0.1\t0.9
            Abba Eban\t1\t-0.7\t-1.5\t0.4

            """
        let table = try AttributeTable.parse(text, file: "lfw_attributes.txt")
        #expect(table.layout == .lfw)
        #expect(table.columns == ["Male", "White", "Smiling"])
        #expect(
            table.files == [
                "Aaron_Eckhart/Aaron_Eckhart_0001.jpg", "Aaron_Eckhart/Aaron_Eckhart_0012.jpg",
                "Abba_Eban/Abba_Eban_0001.jpg",
            ])
        #expect(table.values[2] == [-0.7, -1.5, 0.4])
    }

    @Test func badTablesAreNamedWithTheirLine() {
        var message = thrown {
            try AttributeTable.parse("3\nMale Smiling\na.png 1 -1\nb.png 1\n", file: "t.txt")
        }
        #expect(message.contains("t.txt") && message.contains("4"), "\(message)")
        message = thrown {
            try AttributeTable.parse("2\nMale\na.png 1\n", file: "t.txt")
        }
        #expect(message.contains("promises 2 rows"), "\(message)")
        message = thrown {
            try AttributeTable.parse("file,Male\na.png,yes\n", file: "t.csv")
        }
        #expect(message.contains("'yes'"), "\(message)")
    }

    @Test func csvTableWithWholeNumbersKeepsThemAsClasses() throws {
        let root = try FormatWriters.temporaryFolder("images-csv")
        defer { try? FileManager.default.removeItem(at: root) }
        var csv = "path,digit,left\n"
        for i in 0..<9 {
            try FormatWriters.write(
                greyPNG(UInt8(20 * i)), to: root.appendingPathComponent("\(i).png"))
            csv += "\(i).png,\(i % 3),\(i < 4 ? 1 : 0)\n"
        }
        let file = root.appendingPathComponent("labels.csv")
        try Data(csv.utf8).write(to: file)
        let split = try ImageFolderDataset.load(
            ImageFolderOptions(
                directory: root.path, attributes: file.path, labelColumn: "digit",
                sensitiveColumns: ["left"], channels: 1, normalization: .symmetric),
            seed: 2, testFraction: 0.34)
        #expect(split.train.classNames == ["0", "1", "2"])
        #expect(split.train.features.storage.allSatisfy { $0 >= -1 && $0 <= 1 })
        let message = thrown {
            try ImageFolderDataset.load(
                ImageFolderOptions(
                    directory: root.path, attributes: file.path, labelColumn: "Digit"),
                seed: 2, testFraction: 0.34)
        }
        #expect(message.contains("Digit") && message.contains("digit"), "\(message)")
    }
}
