/// Writes 8-bit grey-scale or RGB pixels as a PNG file, with no image library.
///
/// The image data is a zlib stream of stored (uncompressed) deflate blocks, each row
/// prefixed with filter type 0: valid PNG any viewer reads, at the size of the raw pixels
/// (an 8×8 digit is under 200 bytes). Chunks carry their CRC-32 (ISO 3309, polynomial
/// 0xEDB88320) and the stream its Adler-32 (RFC 1950).
///
/// Reference: W3C, "Portable Network Graphics (PNG) Specification (Third Edition)", 2025;
/// RFC 1950 (zlib) and RFC 1951 §3.2.4 (stored blocks).
public enum PNGEncoder {
    /// A PNG of `pixels`, row by row, `channels` (1 grey or 3 RGB) bytes each.
    /// - Returns: nil when the sizes disagree or are zero.
    public static func encode(width: Int, height: Int, channels: Int, pixels: [UInt8]) -> [UInt8]? {
        guard width > 0, height > 0, channels == 1 || channels == 3,
            pixels.count == width * height * channels
        else { return nil }
        var raw: [UInt8] = []
        raw.reserveCapacity((width * channels + 1) * height)
        let stride = width * channels
        for row in 0..<height {
            raw.append(0)
            raw += pixels[(row * stride)..<((row + 1) * stride)]
        }
        var header: [UInt8] = []
        header += bigEndian(UInt32(width))
        header += bigEndian(UInt32(height))
        header += [8, channels == 1 ? 0 : 2, 0, 0, 0]
        var file: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        file += chunk("IHDR", header)
        file += chunk("IDAT", zlibStored(raw))
        file += chunk("IEND", [])
        return file
    }

    /// Grey levels 0…255 from values in [0, 1], clamped; NaN is black.
    public static func grey(_ values: [Float]) -> [UInt8] {
        values.map { value in
            guard value.isFinite else { return 0 }
            return UInt8((min(1, max(0, value)) * 255).rounded())
        }
    }

    /// A chunk: length, type, data, CRC-32 of type and data.
    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        return bigEndian(UInt32(data.count)) + typeBytes + data + bigEndian(crc32(typeBytes + data))
    }

    /// A zlib stream of stored blocks (at most 65,535 bytes each) and its Adler-32.
    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let length = min(65_535, data.count - offset)
            let final: UInt8 = offset + length >= data.count ? 1 : 0
            out.append(final)
            out += [UInt8(length & 0xFF), UInt8(length >> 8)]
            out += [UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            out += data[offset..<(offset + length)]
            offset += length
        } while offset < data.count
        return out + bigEndian(adler32(data))
    }

    /// CRC-32 (ISO 3309) as PNG uses it.
    public static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// Adler-32 (RFC 1950).
    public static func adler32(_ data: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return b << 16 | a
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [
            UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF),
            UInt8(value & 0xFF),
        ]
    }
}
