import AmuletTensor
import Testing

/// Digests from Python's `hashlib.sha256` (and FIPS 180-4's "abc" example).
@Suite struct SHA256Tests {
    func digest(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { SHA256.hex(of: $0) }
    }

    @Test func emptyAndAbcMatchThePublishedDigests() {
        #expect(digest([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            digest(Array("abc".utf8))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func thousandBytesFedInUnevenPiecesMatchHashlib() {
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        var hash = SHA256()
        var start = 0
        for size in [1, 63, 64, 65, 200, 607] {
            bytes[start..<(start + size)].withUnsafeBytes { hash.combine(bytes: $0) }
            start += size
        }
        let expected = "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"
        #expect(hash.finalizedHex() == expected)
        #expect(digest(bytes) == expected)
    }
}
