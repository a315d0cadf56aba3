import AmuletTensor
import Foundation

/// The binary layout of one encoded-dataset cache entry, with a checksum over everything.
///
/// Layout (little-endian): magic `AMULETDS`, UInt32 version, UInt32 header length, a JSON
/// header (the cache key, the split's identity, and per part its name, shape, feature and
/// class names, sensitive attributes' names and groups, modality), then per part (train, then
/// test) the features as Float32, the labels as Int32 and each sensitive attribute as UInt8,
/// then the 8-byte `WordChecksum` of all preceding bytes. A file that is short, has another
/// magic, version or key, or fails the checksum is rejected, never trusted.
///
/// The features are stored bit for bit, so a loaded entry equals the encoding it memoises.
enum DatasetCacheFile {
    /// The format version written by this build.
    static let version: UInt32 = 1
    private static let magic = Array("AMULETDS".utf8)

    /// Why an entry was rejected.
    enum Error: Swift.Error, Equatable {
        /// Not an entry of this format or version, or it ends early.
        case malformed
        /// The stored checksum does not match the contents.
        case checksumMismatch
        /// The entry was stored under another key.
        case keyMismatch
    }

    private struct Part: Codable {
        var name: String
        var rows: Int
        var cols: Int
        var featureNames: [String]
        var classNames: [String]
        var sensitive: [[String]]
        var modality: Dataset.Modality
    }

    private struct Header: Codable {
        var key: String
        var identity: String
        var parts: [Part]
    }

    /// Serialises `split` under `key`.
    static func encode(_ split: DataSplit, key: String) throws -> Data {
        let parts = [split.train, split.test].map { d in
            Part(
                name: d.name, rows: d.features.rows, cols: d.features.cols,
                featureNames: d.featureNames, classNames: d.classNames,
                sensitive: d.sensitive.map { [$0.name, $0.positiveGroup, $0.negativeGroup] },
                modality: d.modality)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let headerData = try encoder.encode(
            Header(key: key, identity: split.identity, parts: parts))
        var data = Data(magic)
        append(&data, version)
        append(&data, UInt32(headerData.count))
        data.append(headerData)
        for d in [split.train, split.test] {
            d.features.storage.withUnsafeBytes { data.append(contentsOf: $0) }
            d.labels.map { Int32(truncatingIfNeeded: $0) }.withUnsafeBytes {
                data.append(contentsOf: $0)
            }
            for attribute in d.sensitive {
                data.append(contentsOf: attribute.values.map { UInt8(truncatingIfNeeded: $0) })
            }
        }
        let checksum = data.withUnsafeBytes { WordChecksum.of($0) }
        append(&data, checksum)
        return data
    }

    /// Reads the entry in `data`, verifying magic, version, sizes, checksum and `key`.
    static func decode(_ data: Data, key: String) throws(DatasetCacheFile.Error) -> DataSplit {
        let result: Result<DataSplit, DatasetCacheFile.Error> = data.withUnsafeBytes { bytes in
            do throws(DatasetCacheFile.Error) {
                return .success(try decode(bytes, key: key))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func decode(
        _ bytes: UnsafeRawBufferPointer, key: String
    ) throws(DatasetCacheFile.Error) -> DataSplit {
        guard bytes.count >= magic.count + 8 + 8, Array(bytes[0..<magic.count]) == magic else {
            throw .malformed
        }
        let body = UnsafeRawBufferPointer(rebasing: bytes[0..<(bytes.count - 8)])
        guard
            WordChecksum.of(body)
                == bytes.loadUnaligned(fromByteOffset: body.count, as: UInt64.self)
        else { throw .checksumMismatch }
        guard body.loadUnaligned(fromByteOffset: magic.count, as: UInt32.self) == version else {
            throw .malformed
        }
        let headerLength = Int(body.loadUnaligned(fromByteOffset: magic.count + 4, as: UInt32.self))
        var offset = magic.count + 8
        guard offset + headerLength <= body.count else { throw .malformed }
        let header: Header
        do {
            header = try JSONDecoder().decode(
                Header.self,
                from: Data(UnsafeRawBufferPointer(rebasing: body[offset..<(offset + headerLength)]))
            )
        } catch {
            throw .malformed
        }
        guard header.key == key else { throw .keyMismatch }
        offset += headerLength
        var datasets: [Dataset] = []
        for part in header.parts {
            guard part.rows >= 0, part.cols >= 0, part.sensitive.allSatisfy({ $0.count == 3 })
            else {
                throw .malformed
            }
            let floats = part.rows.multipliedReportingOverflow(by: part.cols)
            guard !floats.overflow else { throw .malformed }
            let needed = floats.partialValue * 4 + part.rows * 4 + part.rows * part.sensitive.count
            guard needed >= 0, offset + needed <= body.count else { throw .malformed }
            var features = [Float](repeating: 0, count: floats.partialValue)
            features.withUnsafeMutableBytes { target in
                target.copyMemory(
                    from: UnsafeRawBufferPointer(
                        rebasing: body[offset..<(offset + floats.partialValue * 4)]))
            }
            offset += floats.partialValue * 4
            var labels = [Int](repeating: 0, count: part.rows)
            for r in 0..<part.rows {
                labels[r] = Int(body.loadUnaligned(fromByteOffset: offset + 4 * r, as: Int32.self))
            }
            offset += part.rows * 4
            var sensitive: [SensitiveAttribute] = []
            for names in part.sensitive {
                let values = body[offset..<(offset + part.rows)].map { Int($0) }
                offset += part.rows
                sensitive.append(
                    SensitiveAttribute(
                        name: names[0], positiveGroup: names[1], negativeGroup: names[2],
                        values: values))
            }
            datasets.append(
                Dataset(
                    name: part.name,
                    features: Matrix(rows: part.rows, cols: part.cols, storage: features),
                    labels: labels, featureNames: part.featureNames, classNames: part.classNames,
                    sensitive: sensitive, modality: part.modality))
        }
        guard datasets.count == 2, offset == body.count else { throw .malformed }
        return DataSplit(train: datasets[0], test: datasets[1], identity: header.identity)
    }

    private static func append<T: FixedWidthInteger>(_ data: inout Data, _ value: T) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }
}
