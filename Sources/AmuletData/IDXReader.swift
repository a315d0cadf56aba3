/// Reads MNIST-format IDX files: a big-endian header, then unsigned bytes.
///
/// The header is two zero bytes, a type byte (0x08 = unsigned byte, the only type read here),
/// the number of dimensions, and one big-endian UInt32 size per dimension. Image files have
/// magic 0x00000803 (count × height × width, grey) or 0x00000804 (count × channels × height ×
/// width); label files have 0x00000801 (count). Every error names the file and the byte offset
/// at which it was found.
///
/// Reference: LeCun, Cortes & Burges, "The MNIST database of handwritten digits" (file format
/// section), http://yann.lecun.com/exdb/mnist/.
public enum IDXReader {
    /// Images read from an IDX file: their shape and pixels scaled to [0, 1].
    public struct Images: Sendable, Equatable {
        /// Number of images.
        public var count: Int
        /// Channels per image (1 for 3-dimensional files).
        public var channels: Int
        /// Rows of pixels.
        public var height: Int
        /// Columns of pixels.
        public var width: Int
        /// count·channels·height·width values, each byte / 255, image after image.
        public var pixels: [Float]
    }

    /// Magic of a 3-dimensional unsigned-byte file (grey images).
    public static let greyImagesMagic: UInt32 = 0x0000_0803
    /// Magic of a 4-dimensional unsigned-byte file (images with channels).
    public static let colourImagesMagic: UInt32 = 0x0000_0804
    /// Magic of a 1-dimensional unsigned-byte file (labels).
    public static let labelsMagic: UInt32 = 0x0000_0801

    /// Parses an image file's bytes; `file` names it in errors.
    public static func images(_ bytes: [UInt8], file: String) throws(DataError) -> Images {
        let magic = try word(bytes, at: 0, file: file, what: "the magic number")
        guard magic == greyImagesMagic || magic == colourImagesMagic else {
            throw .malformedBinary(
                file: file, offset: 0,
                reason: "magic number \(hex(magic)) is not an IDX image file's "
                    + "(\(hex(greyImagesMagic)) or \(hex(colourImagesMagic)))"
                    + (magic == labelsMagic ? "; this is a label file: give it as labels=" : ""))
        }
        let dimensions = magic == greyImagesMagic ? 3 : 4
        var sizes: [Int] = []
        for d in 0..<dimensions {
            sizes.append(
                Int(try word(bytes, at: 4 + 4 * d, file: file, what: "dimension \(d + 1)'s size")))
        }
        let (count, channels) = (sizes[0], dimensions == 4 ? sizes[1] : 1)
        let (height, width) = (sizes[dimensions - 2], sizes[dimensions - 1])
        guard count > 0, channels > 0, height > 0, width > 0 else {
            throw .malformedBinary(
                file: file, offset: 4, reason: "sizes \(sizes) include a zero: no images")
        }
        let header = 4 + 4 * dimensions
        var expected = 1
        for size in sizes {
            let (product, overflow) = expected.multipliedReportingOverflow(by: size)
            expected = overflow ? Int.max : product
        }
        let available = bytes.count - header
        guard available >= expected else {
            throw .malformedBinary(
                file: file, offset: bytes.count,
                reason: "truncated: the header promises \(count) images of "
                    + "\(channels)×\(height)×\(width) = \(expected) bytes, found \(available)")
        }
        guard available == expected else {
            throw .malformedBinary(
                file: file, offset: header + expected,
                reason: "\(available - expected) bytes after the last image")
        }
        var pixels = [Float](repeating: 0, count: expected)
        for i in 0..<expected { pixels[i] = Float(bytes[header + i]) / 255 }
        return Images(
            count: count, channels: channels, height: height, width: width, pixels: pixels)
    }

    /// Parses a label file's bytes; `file` names it in errors.
    public static func labels(_ bytes: [UInt8], file: String) throws(DataError) -> [Int] {
        let magic = try word(bytes, at: 0, file: file, what: "the magic number")
        guard magic == labelsMagic else {
            throw .malformedBinary(
                file: file, offset: 0,
                reason:
                    "magic number \(hex(magic)) is not an IDX label file's (\(hex(labelsMagic)))"
                    + (magic == greyImagesMagic || magic == colourImagesMagic
                        ? "; this is an image file: give it as images=" : ""))
        }
        let count = Int(try word(bytes, at: 4, file: file, what: "the label count"))
        let available = bytes.count - 8
        guard available >= count else {
            throw .malformedBinary(
                file: file, offset: bytes.count,
                reason: "truncated: the header promises \(count) labels, found \(available)")
        }
        guard available == count else {
            throw .malformedBinary(
                file: file, offset: 8 + count,
                reason: "\(available - count) bytes after the last label")
        }
        return bytes[8...].map { Int($0) }
    }

    /// The big-endian UInt32 at `offset`, or a located error when the file ends first.
    static func word(_ bytes: [UInt8], at offset: Int, file: String, what: String)
        throws(DataError) -> UInt32
    {
        guard bytes.count >= offset + 4 else {
            throw .malformedBinary(
                file: file, offset: bytes.count,
                reason: "the file ends (\(bytes.count) bytes) before \(what)")
        }
        return bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// `0x00000803`.
    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}
