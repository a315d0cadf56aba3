/// A fast 64-bit checksum of a byte buffer, read eight bytes at a time in four lanes.
///
/// Each lane is h = rotl((h ⊕ w)·p, 31) over 64-bit words w (xxHash's round with its prime p),
/// so the four lanes' multiplies
/// overlap and the loop runs at several GB/s; lanes and the trailing bytes are folded at the
/// end with the length. It detects corruption (a flipped bit changes one word, and the odd
/// multiplier spreads it), not tampering. A byte-wise hash such as `StableHash` reads an
/// 18 MB encoded dataset in tens of milliseconds, which a warm `load` cannot afford.
/// Reference: Collet, "xxHash: extremely fast non-cryptographic hash" (XXH64 round), 2014.
public enum WordChecksum {
    private static let prime: UInt64 = 0x9E37_79B1_85EB_CA87

    /// The checksum of `bytes`.
    public static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var lanes: (UInt64, UInt64, UInt64, UInt64) = (
            0xCBF2_9CE4_8422_2325, 0x6C62_272E_07BB_0142, 0x9E37_79B9_7F4A_7C15,
            0xD6E8_FEB8_6659_FD93
        )
        let words = bytes.count / 8
        var i = 0
        while i + 4 <= words {
            let base = i * 8
            lanes.0 = mix(lanes.0, bytes.loadUnaligned(fromByteOffset: base, as: UInt64.self))
            lanes.1 = mix(lanes.1, bytes.loadUnaligned(fromByteOffset: base + 8, as: UInt64.self))
            lanes.2 = mix(lanes.2, bytes.loadUnaligned(fromByteOffset: base + 16, as: UInt64.self))
            lanes.3 = mix(lanes.3, bytes.loadUnaligned(fromByteOffset: base + 24, as: UInt64.self))
            i += 4
        }
        var h = lanes.0
        for lane in [lanes.1, lanes.2, lanes.3] { h = mix(h, lane) }
        while i < words {
            h = mix(h, bytes.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))
            i += 1
        }
        for b in bytes[(words * 8)...] { h = mix(h, UInt64(b)) }
        h = mix(h, UInt64(bytes.count))
        return h ^ (h >> 29)
    }

    /// One step: multiply (spreads low bits upward), then rotate (brings high bits down).
    @inline(__always)
    private static func mix(_ h: UInt64, _ word: UInt64) -> UInt64 {
        let product = (h ^ word) &* prime
        return (product << 31) | (product >> 33)
    }
}
