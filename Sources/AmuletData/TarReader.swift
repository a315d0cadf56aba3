/// Lists the regular files of a tar archive (POSIX ustar, as GNU tar writes CIFAR-10's).
///
/// An archive is a sequence of 512-byte headers, each followed by its file's bytes padded to a
/// multiple of 512, and ends with zero blocks. A header holds the name (bytes 0–99, with a
/// ustar prefix at 345–499), the size in octal ASCII (124–135) and the type (156: '0' or NUL
/// for a regular file). Every error names the archive and the byte offset of the bad header.
///
/// Reference: IEEE Std 1003.1 (POSIX), "pax — ustar Interchange Format".
public enum TarReader {
    /// One regular file of an archive: its path and where its bytes are.
    public struct Member: Sendable, Equatable {
        /// The path inside the archive.
        public var name: String
        /// The range of its bytes in the archive.
        public var range: Range<Int>
    }

    /// The regular files of `bytes`, in order; `file` names the archive in errors.
    public static func members(_ bytes: [UInt8], file: String) throws(DataError) -> [Member] {
        var members: [Member] = []
        var offset = 0
        while offset + 512 <= bytes.count {
            let header = bytes[offset..<(offset + 512)]
            if header.allSatisfy({ $0 == 0 }) { return members }
            guard let size = octal(bytes[(offset + 124)..<(offset + 136)]) else {
                throw .malformedBinary(
                    file: file, offset: offset + 124, reason: "the tar header's size is not octal")
            }
            let checksum = octal(bytes[(offset + 148)..<(offset + 156)])
            var sum = 0
            for (i, byte) in header.enumerated() {
                sum += (148..<156).contains(i) ? 32 : Int(byte)
            }
            guard checksum == sum else {
                throw .malformedBinary(
                    file: file, offset: offset,
                    reason: "not a tar header (its checksum does not match): not a tar archive, "
                        + "or a damaged one")
            }
            let start = offset + 512
            guard start + size <= bytes.count else {
                throw .malformedBinary(
                    file: file, offset: bytes.count,
                    reason: "truncated: the archive ends inside its member at \(offset)")
            }
            let type = bytes[offset + 156]
            if type == UInt8(ascii: "0") || type == 0 {
                let prefix = text(bytes[(offset + 345)..<(offset + 500)])
                let name = text(bytes[offset..<(offset + 100)])
                members.append(
                    Member(
                        name: prefix.isEmpty ? name : prefix + "/" + name,
                        range: start..<(start + size)))
            }
            offset = start + (size + 511) / 512 * 512
        }
        if offset < bytes.count {
            throw .malformedBinary(
                file: file, offset: offset,
                reason: "truncated: \(bytes.count - offset) bytes of a 512-byte tar header")
        }
        return members
    }

    /// A NUL- or space-terminated octal number, or nil.
    static func octal(_ field: ArraySlice<UInt8>) -> Int? {
        var value = 0
        var digits = 0
        for byte in field {
            if byte == 0 || byte == UInt8(ascii: " ") {
                if digits > 0 { break } else { continue }
            }
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "7") else { return nil }
            value = value * 8 + Int(byte - UInt8(ascii: "0"))
            digits += 1
            if value > Int(UInt32.max) * 1024 { return nil }
        }
        return digits > 0 ? value : nil
    }

    /// The text up to the first NUL.
    static func text(_ field: ArraySlice<UInt8>) -> String {
        String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
    }
}
