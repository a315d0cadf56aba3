import AmuletTensor
import Foundation

/// A versioned binary file holding a trained model, with a checksum over everything before it.
///
/// Layout (little-endian): magic `AMULETCK`, UInt32 version, UInt32 header length, a JSON
/// header (architecture, widths, label, summary, counts, and the model-cache key the file was
/// stored under, if any), the parameters and the state as
/// Float32, then the 16-byte `StableHash` of all preceding bytes. A file that is short, has
/// another magic or version, or fails the checksum is rejected, never trusted.
public enum Checkpoint {
    /// The format version written by this build.
    public static let version: UInt32 = 1
    private static let magic = Array("AMULETCK".utf8)

    /// Why a checkpoint was rejected.
    public enum Error: Swift.Error, Sendable, Equatable {
        /// The file is not an Amulet checkpoint.
        case notACheckpoint
        /// Written by another format version.
        case unsupportedVersion(UInt32)
        /// The file ends early or its counts do not add up.
        case truncated
        /// The stored checksum does not match the contents.
        case checksumMismatch
        /// The header does not decode.
        case badHeader(String)
        /// The file was stored under another model-cache key (or none): it is not this entry.
        case keyMismatch(expected: String, found: String?)
    }

    private struct Header: Codable {
        var architecture: Architecture
        var inputWidth: Int
        var outputWidth: Int
        var label: String
        var summary: TrainingSummary
        var parameterCount: Int
        var stateCount: Int
        /// The cache key; optional so files written before keys were stored still decode.
        var cacheKey: String?
    }

    /// Serialises a trained model, recording `cacheKey` so a cache can verify the entry.
    public static func encode(_ model: TrainedModel, cacheKey: String? = nil) throws -> Data {
        let header = Header(
            architecture: model.architecture, inputWidth: model.network.inputWidth,
            outputWidth: model.network.outputWidth, label: model.label, summary: model.summary,
            parameterCount: model.network.parameters.count, stateCount: model.network.state.count,
            cacheKey: cacheKey)
        let headerData = try JSONEncoder().encode(header)
        var data = Data(magic)
        append(&data, version)
        append(&data, UInt32(headerData.count))
        data.append(headerData)
        model.network.parameters.withUnsafeBytes { data.append(contentsOf: $0) }
        model.network.state.withUnsafeBytes { data.append(contentsOf: $0) }
        var hash = StableHash()
        data.withUnsafeBytes { hash.combine(bytes: $0) }
        data.append(contentsOf: Array(hash.hex.utf8).prefix(32))
        return data
    }

    /// Reads a trained model, verifying magic, version, sizes and checksum.
    public static func decode(_ data: Data) throws(Checkpoint.Error) -> TrainedModel {
        try decodeEntry(data).model
    }

    /// Reads a model-cache entry and verifies that it was stored under `cacheKey`.
    ///
    /// The file name alone does not prove what a file holds (files can be renamed, copied or
    /// swapped); the key inside the checksummed body does.
    public static func decode(
        _ data: Data, cacheKey: String
    ) throws(Checkpoint.Error) -> TrainedModel {
        let entry = try decodeEntry(data)
        guard entry.cacheKey == cacheKey else {
            throw .keyMismatch(expected: cacheKey, found: entry.cacheKey)
        }
        return entry.model
    }

    /// Reads a trained model and the cache key recorded with it.
    private static func decodeEntry(
        _ data: Data
    ) throws(Checkpoint.Error) -> (model: TrainedModel, cacheKey: String?) {
        let bytes = [UInt8](data)
        guard bytes.count >= magic.count + 8 + 32 else { throw .truncated }
        guard Array(bytes[0..<magic.count]) == magic else { throw .notACheckpoint }
        let body = bytes[0..<(bytes.count - 32)]
        var hash = StableHash()
        body.withUnsafeBytes { hash.combine(bytes: $0) }
        guard Array(hash.hex.utf8) == Array(bytes[(bytes.count - 32)...]) else {
            throw .checksumMismatch
        }
        let fileVersion = readUInt32(bytes, at: magic.count)
        guard fileVersion == version else { throw .unsupportedVersion(fileVersion) }
        let headerLength = Int(readUInt32(bytes, at: magic.count + 4))
        let headerStart = magic.count + 8
        guard headerStart + headerLength <= body.count else { throw .truncated }
        let header: Header
        do {
            header = try JSONDecoder().decode(
                Header.self, from: Data(bytes[headerStart..<(headerStart + headerLength)]))
        } catch {
            throw .badHeader("\(error)")
        }
        let floatsStart = headerStart + headerLength
        let floatCount = header.parameterCount + header.stateCount
        guard header.parameterCount >= 0, header.stateCount >= 0,
            floatsStart + floatCount * 4 == body.count
        else { throw .truncated }
        var floats = [Float](repeating: 0, count: floatCount)
        floats.withUnsafeMutableBytes { target in
            bytes.withUnsafeBytes { source in
                target.copyMemory(
                    from: UnsafeRawBufferPointer(
                        rebasing: source[floatsStart..<(floatsStart + floatCount * 4)]))
            }
        }
        // Check the architecture's size before building it: a header must not make us allocate.
        if case .graph(let graph) = header.architecture,
            graph.inputWidth != header.inputWidth || graph.classes != header.outputWidth
        {
            throw .badHeader("the graph's widths do not match the header")
        }
        guard header.inputWidth > 0, header.outputWidth > 0,
            header.architecture.parameterCount(
                inputWidth: header.inputWidth, classes: header.outputWidth)
                == header.parameterCount
        else { throw .badHeader("parameter counts do not match the architecture") }
        var rng = SeededGenerator(seed: 0)
        var network = header.architecture.build(
            inputWidth: header.inputWidth, classes: header.outputWidth, rng: &rng)
        guard network.parameters.count == header.parameterCount,
            network.state.count == header.stateCount
        else { throw .badHeader("parameter counts do not match the architecture") }
        network.parameters = Array(floats[0..<header.parameterCount])
        network.state = Array(floats[header.parameterCount...])
        let model = TrainedModel(
            network: network, architecture: header.architecture, label: header.label,
            summary: header.summary)
        return (model, header.cacheKey)
    }

    private static func append(_ data: inout Data, _ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }

    private static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        var value: UInt32 = 0
        for k in 0..<4 { value |= UInt32(bytes[offset + k]) << (8 * k) }
        return value
    }
}
