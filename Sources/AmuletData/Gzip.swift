import CZlib

/// Decompresses gzip files (RFC 1952) held in memory, through zlib.
///
/// The published MNIST, Fashion-MNIST and CIFAR-10 files are gzip-compressed; reading them as
/// published means the SHA-256 a load verifies is the one their publishers list. A truncated
/// or corrupt stream is an error naming the file and the compressed byte where it stopped,
/// never a shorter result.
///
/// Reference: Deutsch, "GZIP file format specification version 4.3", RFC 1952 (1996).
public enum Gzip {
    /// The two bytes every gzip member starts with.
    public static let magic: [UInt8] = [0x1f, 0x8b]

    /// The decompressed bytes of `bytes`; `file` names it in errors.
    public static func decompress(_ bytes: [UInt8], file: String) throws(DataError) -> [UInt8] {
        guard bytes.count >= 18, bytes[0] == magic[0], bytes[1] == magic[1] else {
            throw .malformedBinary(
                file: file, offset: 0,
                reason: bytes.count < 18
                    ? "\(bytes.count) bytes is too short for a gzip file"
                    : "not a gzip file (it does not start with 1f 8b)")
        }
        // The trailer's last four bytes are the size mod 2³², a good first guess.
        let n = bytes.count
        let hinted =
            Int(bytes[n - 4]) | Int(bytes[n - 3]) << 8 | Int(bytes[n - 2]) << 16
            | Int(bytes[n - 1]) << 24
        var output = [UInt8](repeating: 0, count: max(hinted, 1024))
        var produced = 0
        var stream = z_stream()
        guard amulet_inflate_init_gzip(&stream) == Z_OK else {
            throw .malformedBinary(file: file, offset: 0, reason: "zlib could not start")
        }
        defer { _ = inflateEnd(&stream) }
        var status = Z_OK
        var consumed = 0
        bytes.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = UInt32(input.count)
            while status == Z_OK {
                if produced == output.count {
                    output.append(contentsOf: repeatElement(0, count: output.count))
                }
                output.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress.map { $0 + produced }
                    stream.avail_out = UInt32(min(out.count - produced, Int(UInt32.max)))
                    let before = Int(stream.avail_out)
                    status = inflate(&stream, Z_NO_FLUSH)
                    produced += before - Int(stream.avail_out)
                }
                if status == Z_BUF_ERROR && stream.avail_in > 0 { status = Z_OK }
            }
            consumed = input.count - Int(stream.avail_in)
        }
        guard status == Z_STREAM_END else {
            let reason =
                status == Z_BUF_ERROR
                ? "truncated: the compressed data ends before the stream does"
                : "corrupt compressed data (zlib: "
                    + (stream.msg.map { String(cString: $0) } ?? "error \(status)") + ")"
            throw .malformedBinary(file: file, offset: consumed, reason: reason)
        }
        output.removeLast(output.count - produced)
        return output
    }
}
