/// A 128-bit FNV-1a hash that is the same on every run and machine (unlike `Hasher`).
///
/// Two independent 64-bit FNV-1a lanes with different offset bases; used for model-cache
/// keys and checkpoint checksums. Not cryptographic: it detects corruption, not tampering.
/// Reference: Fowler, Noll & Vo, "FNV hash" (IETF draft-eastlake-fnv).
public struct StableHash: Sendable {
    private var low: UInt64 = 0xCBF2_9CE4_8422_2325
    private var high: UInt64 = 0x6C62_272E_07BB_0142
    private static let prime: UInt64 = 0x0000_0100_0000_01B3

    /// An empty hash.
    public init() {}

    /// Mixes in raw bytes.
    public mutating func combine(bytes: UnsafeRawBufferPointer) {
        var l = low
        var h = high
        for byte in bytes {
            l = (l ^ UInt64(byte)) &* StableHash.prime
            h = (h ^ UInt64(byte ^ 0x5A)) &* StableHash.prime
        }
        low = l
        high = h
    }

    /// Mixes in a string's UTF-8 bytes and a terminator.
    public mutating func combine(_ text: String) {
        var copy = text
        copy.withUTF8 { combine(bytes: UnsafeRawBufferPointer($0)) }
        withUnsafeBytes(of: UInt8(0)) { combine(bytes: $0) }
    }

    /// Mixes in the bit patterns of floats.
    public mutating func combine(_ values: [Float]) {
        values.withUnsafeBytes { combine(bytes: $0) }
    }

    /// Mixes in integers.
    public mutating func combine(_ values: [Int]) {
        values.withUnsafeBytes { combine(bytes: $0) }
    }

    /// The 128-bit digest as 32 lowercase hex digits.
    public var hex: String {
        func pad(_ v: UInt64) -> String {
            let s = String(v, radix: 16)
            return String(repeating: "0", count: 16 - s.count) + s
        }
        return pad(low) + pad(high)
    }

    /// The hex digest of one string.
    public static func hex(of text: String) -> String {
        var hash = StableHash()
        hash.combine(text)
        return hash.hex
    }
}
