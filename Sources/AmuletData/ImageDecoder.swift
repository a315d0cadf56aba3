import CImageCodecs

/// Decodes PNG and JPEG files through Debian's libpng and libjpeg-turbo.
///
/// The format is told by the file's first bytes, not its name: PNG starts 89 50 4E 47 0D 0A
/// 1A 0A, JPEG FF D8 FF. A file of another format, a truncated file or corrupt data is a
/// `DataError.malformedBinary` naming the file and what the library said; a JPEG decoded with
/// a corrupt-data warning is an error too, so a damaged image never half-loads.
public enum ImageDecoder {
    /// A decoded image: 8-bit samples, row-major, `channels` interleaved per pixel.
    public struct Image: Sendable, Equatable {
        /// Columns of pixels.
        public var width: Int
        /// Rows of pixels.
        public var height: Int
        /// 1 (grey) or 3 (RGB).
        public var channels: Int
        /// height·width·channels samples.
        public var samples: [UInt8]

        /// An image of `samples`, row-major with `channels` interleaved per pixel.
        public init(width: Int, height: Int, channels: Int, samples: [UInt8]) {
            self.width = width
            self.height = height
            self.channels = channels
            self.samples = samples
        }
    }

    /// The encoded formats read.
    public enum Format: String, Sendable {
        /// Portable Network Graphics.
        case png
        /// JPEG (JFIF/Exif).
        case jpeg
    }

    /// The format of `bytes` by its signature, or nil.
    public static func format(of bytes: [UInt8]) -> Format? {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        return nil
    }

    /// Decodes `bytes` into `channels` (1: grey, 3: RGB) channels; `file` names it in errors.
    public static func decode(_ bytes: [UInt8], channels: Int, file: String) throws(DataError)
        -> Image
    {
        guard let format = format(of: bytes) else {
            throw .malformedBinary(
                file: file, offset: 0,
                reason: bytes.isEmpty ? "the file is empty" : "not a PNG or JPEG file")
        }
        var decoded = amulet_decoded_image()
        let status = bytes.withUnsafeBufferPointer { data -> Int32 in
            switch format {
            case .png:
                return amulet_decode_png(data.baseAddress, data.count, Int32(channels), &decoded)
            case .jpeg:
                return amulet_decode_jpeg(data.baseAddress, data.count, Int32(channels), &decoded)
            }
        }
        defer { amulet_free_image(&decoded) }
        guard status == 0, let pixels = decoded.pixels, decoded.width > 0, decoded.height > 0
        else {
            let message = withUnsafeBytes(of: decoded.message) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            throw .malformedBinary(
                file: file, offset: 0,
                reason: "cannot decode this \(format.rawValue.uppercased()): "
                    + (message.isEmpty ? "unknown error" : message))
        }
        let (width, height) = (Int(decoded.width), Int(decoded.height))
        let count = width * height * Int(decoded.channels)
        return Image(
            width: width, height: height, channels: Int(decoded.channels),
            samples: Array(UnsafeBufferPointer(start: pixels, count: count)))
    }
}
