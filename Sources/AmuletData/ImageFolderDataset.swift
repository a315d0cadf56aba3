import AmuletTensor
import Foundation

/// `load images dir=…`: PNG and JPEG files from a folder per class, or from a folder and an
/// attribute table (CelebA's and LFW's layouts, or a CSV), resampled and normalised as asked.
///
/// Each image is decoded (`ImageDecoder`), resampled to `size` (`ImageResizer`) and written
/// channel-major into one row. The class comes from the sub-folder's name (sorted), or from
/// the table's `labelColumn`: a column of non-negative whole numbers is the class, any other
/// (CelebA's ±1, LFW's scores) is split at 0 into "not X" and "X". Sensitive attributes are
/// table columns split the same way (CelebA's `Male`; LFW's `Male`, `White`, `Black`, `Asian`).
/// An image that cannot be read, decoded, or (without `size`) has another size than the first
/// is an error naming it, or is skipped and counted (`bad=skip`); a load never half-succeeds
/// silently, and a load that keeps no image fails. The identity holds the SHA-256 of every
/// file read, in order, so the model cache tells two versions of a folder apart.
public enum ImageFolderDataset {
    /// One image to read: its path, class and sensitive values.
    struct Item {
        var path: String
        var label: Int
        var groups: [Int]
    }

    /// Reads the folder and splits it with `seed` (stratified); `isCancelled` is polled
    /// between images.
    public static func load(
        _ options: ImageFolderOptions, seed: UInt64, testFraction: Double,
        isCancelled: () -> Bool = { false }
    ) throws(DataError) -> DataSplit {
        guard options.channels == 1 || options.channels == 3 else {
            throw .invalidParameter("channels must be 1 (grey) or 3 (RGB), not \(options.channels)")
        }
        let (items, classNames, sensitiveNames) =
            try options.attributes == nil ? classFolders(options) : attributeRows(options)
        var pixels: [Float] = []
        var labels: [Int] = []
        var groups = [[Int]](repeating: [], count: sensitiveNames.count)
        var skipped: [String] = []
        var size = options.size
        var digest = SHA256()
        for (index, item) in items.enumerated() {
            if index % 64 == 0 && isCancelled() { throw .interrupted }
            let shown = relative(item.path, to: options.directory)
            do throws(DataError) {
                guard let data = FileManager.default.contents(atPath: item.path) else {
                    throw .malformedBinary(file: shown, offset: 0, reason: "cannot be read")
                }
                let bytes = [UInt8](data)
                let image = try ImageDecoder.decode(bytes, channels: options.channels, file: shown)
                if size == nil { size = (image.height, image.width) }
                guard let target = size else { continue }
                let (height, width) = (target.height, target.width)
                if options.size == nil && (image.height, image.width) != (height, width) {
                    throw .malformedBinary(
                        file: shown, offset: 0,
                        reason: "it is \(image.width)×\(image.height) where the first image is "
                            + "\(width)×\(height); give size= to resample every image")
                }
                pixels.append(
                    contentsOf: ImageResizer.resize(image, height: height, width: width))
                bytes.withUnsafeBytes { digest.combine(bytes: $0) }
                labels.append(item.label)
                for g in groups.indices { groups[g].append(item.groups[g]) }
            } catch {
                guard options.bad == .skip else { throw error }
                if case .malformedBinary(_, _, let reason) = error {
                    skipped.append("\(shown): \(reason)")
                } else {
                    skipped.append("\(shown): \(error)")
                }
            }
        }
        guard let target = size, !labels.isEmpty else {
            throw .invalidParameter(
                "no image of \(options.directory) could be used"
                    + (skipped.first.map { "; the first skipped: \($0)" } ?? ""))
        }
        let (height, width) = (target.height, target.width)
        normalise(
            &pixels, options.normalization, channels: options.channels, plane: height * width)
        let sensitive = sensitiveNames.enumerated().map { g, name in
            SensitiveAttribute(
                name: name, positiveGroup: name, negativeGroup: "not \(name)", values: groups[g])
        }
        let all = Dataset(
            name: "images",
            features: Matrix(
                rows: labels.count, cols: options.channels * height * width, storage: pixels),
            labels: labels,
            featureNames: ImageSetSplit.featureNames(
                channels: options.channels, height: height, width: width),
            classNames: classNames, sensitive: sensitive,
            modality: .image(channels: options.channels, height: height, width: width))
        var rng = SeededGenerator(seed: seed)
        let (train, test) = Splitter.stratified(
            labels: labels, secondFraction: testFraction, rng: &rng)
        var split = DataSplit(
            train: all.subset(train), test: all.subset(test),
            identity: "images|\(options.identity)|sha256=\(digest.finalizedHex())"
                + "|rows=\(labels.count)|test=\(testFraction)|seed=\(seed)")
        if !skipped.isEmpty {
            split.notes.append(
                "skipped \(skipped.count) of \(items.count) images (bad=skip); the first: "
                    + skipped.prefix(3).joined(separator: "; "))
        }
        return split
    }

    /// Items of a folder per class: the sub-folders, sorted, are the classes.
    static func classFolders(_ options: ImageFolderOptions) throws(DataError) -> (
        [Item], [String], [String]
    ) {
        let manager = FileManager.default
        guard let entries = try? manager.contentsOfDirectory(atPath: options.directory) else {
            throw .invalidParameter("cannot read the folder '\(options.directory)'")
        }
        let classes = entries.filter { !$0.hasPrefix(".") && isDirectory(options.directory, $0) }
            .sorted()
        guard classes.count >= 2 else {
            throw .invalidParameter(
                "'\(options.directory)' has \(classes.count) class folder(s); give one "
                    + "sub-folder of images per class, or attributes= a table with label=")
        }
        var items: [Item] = []
        for (label, name) in classes.enumerated() {
            let folder = options.directory + "/" + name
            let files = ((try? manager.contentsOfDirectory(atPath: folder)) ?? [])
                .filter { isImageName($0) }.sorted()
            items += files.map { Item(path: folder + "/" + $0, label: label, groups: []) }
        }
        return (items, classes, [])
    }

    /// Items of an attribute table: label and sensitive columns split as the type explains.
    static func attributeRows(_ options: ImageFolderOptions) throws(DataError) -> (
        [Item], [String], [String]
    ) {
        guard let path = options.attributes else { return ([], [], []) }
        let name = URL(fileURLWithPath: path).lastPathComponent
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .invalidParameter("cannot read '\(path)': no such file or not readable")
        }
        let table = try AttributeTable.parse(String(decoding: data, as: UTF8.self), file: name)
        guard let labelColumn = options.labelColumn else {
            throw .invalidParameter(
                "with attributes=, give label= one of its columns: "
                    + table.columns.prefix(12).joined(separator: ", "))
        }
        let labelIndex = try table.column(labelColumn, file: name)
        var sensitiveIndices: [Int] = []
        for column in options.sensitiveColumns {
            sensitiveIndices.append(try table.column(column, file: name))
        }
        let column = table.values.map { $0[labelIndex] }
        let isClassNumber = column.allSatisfy { $0 >= 0 && $0 == $0.rounded() && $0 < 10_000 }
        let labels = column.map { isClassNumber ? Int($0) : ($0 > 0 ? 1 : 0) }
        let classNames =
            isClassNumber
            ? (0...(labels.max() ?? 0)).map(String.init) : ["not \(labelColumn)", labelColumn]
        let items = table.files.indices.map { row in
            Item(
                path: options.directory + "/" + table.files[row], label: labels[row],
                groups: sensitiveIndices.map { table.values[row][$0] > 0 ? 1 : 0 })
        }
        return (items, classNames, options.sensitiveColumns)
    }

    /// Scales pixels in place: unit leaves [0, 1]; symmetric maps to [−1, 1]; standard
    /// subtracts each channel's mean and divides by its standard deviation.
    static func normalise(
        _ pixels: inout [Float], _ normalization: ImageFolderOptions.Normalization, channels: Int,
        plane: Int
    ) {
        switch normalization {
        case .unit: return
        case .symmetric:
            for i in pixels.indices { pixels[i] = 2 * pixels[i] - 1 }
        case .standard:
            // Rows are channel-major, so a channel is every plane-sized run at its offset.
            for c in 0..<channels {
                var sum: Double = 0
                var squares: Double = 0
                var count = 0
                for start in stride(from: c * plane, to: pixels.count, by: channels * plane) {
                    for v in pixels[start..<(start + plane)] {
                        sum += Double(v)
                        squares += Double(v) * Double(v)
                    }
                    count += plane
                }
                let mean = sum / Double(max(count, 1))
                let std = max((squares / Double(max(count, 1)) - mean * mean).squareRoot(), 1e-6)
                for start in stride(from: c * plane, to: pixels.count, by: channels * plane) {
                    for i in start..<(start + plane) {
                        pixels[i] = Float((Double(pixels[i]) - mean) / std)
                    }
                }
            }
        }
    }

    static func isImageName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return !name.hasPrefix(".")
            && [".png", ".jpg", ".jpeg"].contains { lower.hasSuffix($0) }
    }

    static func isDirectory(_ parent: String, _ name: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: parent + "/" + name, isDirectory: &flag)
            && flag.boolValue
    }

    static func relative(_ path: String, to directory: String) -> String {
        path.hasPrefix(directory + "/") ? String(path.dropFirst(directory.count + 1)) : path
    }
}
