/// A bounds-checked reader of the protobuf wire format over a byte buffer.
///
/// Every read checks the remaining length first, so a truncated message, a varint longer than
/// ten bytes or a length that points past the end is a typed error, never a trap, and no
/// declared length makes it allocate more than the bytes it was given.
///
/// Reference: "Protocol Buffers: Encoding", protobuf.dev/programming-guides/encoding.
struct ProtobufReader {
    /// The wire types of protobuf fields.
    enum WireType: UInt8 {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
        case fixed32 = 5
    }

    /// One field's key: its number and wire type.
    struct Key {
        var field: Int
        var wireType: WireType
    }

    private let bytes: [UInt8]
    /// Index of the next byte to read.
    private(set) var position: Int
    private let end: Int
    /// File name, for errors.
    let file: String

    /// A reader over `bytes[range]`.
    init(bytes: [UInt8], range: Range<Int>, file: String) {
        self.bytes = bytes
        self.position = range.lowerBound
        self.end = range.upperBound
        self.file = file
    }

    /// Whether every byte has been read.
    var isAtEnd: Bool { position >= end }

    func error(_ reason: String) -> ONNXError {
        .malformed(file: file, offset: position, reason: reason)
    }

    /// A base-128 varint of at most ten bytes.
    mutating func varint() throws(ONNXError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw error("truncated varint") }
            let byte = bytes[position]
            position += 1
            guard shift < 64 else { throw error("varint longer than ten bytes") }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    /// The next field key.
    mutating func key() throws(ONNXError) -> Key {
        let raw = try varint()
        guard let type = WireType(rawValue: UInt8(raw & 7)) else {
            throw error("unknown wire type \(raw & 7)")
        }
        let field = raw >> 3
        guard field >= 1, field <= 536_870_911 else { throw error("bad field number \(field)") }
        return Key(field: Int(field), wireType: type)
    }

    /// A varint read as a signed 64-bit integer (two's complement, as int64 fields are).
    mutating func int64() throws(ONNXError) -> Int64 {
        Int64(bitPattern: try varint())
    }

    /// Four little-endian bytes.
    mutating func fixed32() throws(ONNXError) -> UInt32 {
        guard end - position >= 4 else { throw error("truncated fixed32") }
        var value: UInt32 = 0
        for k in 0..<4 { value |= UInt32(bytes[position + k]) << (8 * k) }
        position += 4
        return value
    }

    /// Eight little-endian bytes.
    mutating func fixed64() throws(ONNXError) -> UInt64 {
        guard end - position >= 8 else { throw error("truncated fixed64") }
        var value: UInt64 = 0
        for k in 0..<8 { value |= UInt64(bytes[position + k]) << (8 * k) }
        position += 8
        return value
    }

    /// The byte range of a length-delimited field, checked against the buffer.
    mutating func lengthDelimited() throws(ONNXError) -> Range<Int> {
        let length = try varint()
        guard length <= UInt64(end - position) else {
            throw error("declared length \(length) exceeds the \(end - position) bytes left")
        }
        let start = position
        position += Int(length)
        return start..<position
    }

    /// A nested reader over a length-delimited field.
    mutating func message() throws(ONNXError) -> ProtobufReader {
        ProtobufReader(bytes: bytes, range: try lengthDelimited(), file: file)
    }

    /// A length-delimited field as UTF-8 text (invalid sequences are repaired).
    mutating func string() throws(ONNXError) -> String {
        String(decoding: bytes[try lengthDelimited()], as: UTF8.self)
    }

    /// A length-delimited field's bytes.
    mutating func rawBytes() throws(ONNXError) -> ArraySlice<UInt8> {
        bytes[try lengthDelimited()]
    }

    /// Skips a field of `wireType`.
    mutating func skip(_ wireType: WireType) throws(ONNXError) {
        switch wireType {
        case .varint: _ = try varint()
        case .fixed64: _ = try fixed64()
        case .fixed32: _ = try fixed32()
        case .lengthDelimited: _ = try lengthDelimited()
        }
    }

    /// Appends a repeated int64 field, packed or not.
    mutating func appendInt64s(_ key: Key, to values: inout [Int64]) throws(ONNXError) {
        if key.wireType == .lengthDelimited {
            var packed = try message()
            while !packed.isAtEnd { values.append(try packed.int64()) }
        } else if key.wireType == .varint {
            values.append(try int64())
        } else {
            throw error("int64 field \(key.field) with wire type \(key.wireType)")
        }
    }

    /// Appends a repeated float field, packed or not.
    mutating func appendFloats(_ key: Key, to values: inout [Float]) throws(ONNXError) {
        if key.wireType == .lengthDelimited {
            let range = try lengthDelimited()
            guard range.count % 4 == 0 else { throw error("packed floats not a multiple of 4") }
            values.reserveCapacity(values.count + range.count / 4)
            var sub = ProtobufReader(bytes: bytes, range: range, file: file)
            while !sub.isAtEnd { values.append(Float(bitPattern: try sub.fixed32())) }
        } else if key.wireType == .fixed32 {
            values.append(Float(bitPattern: try fixed32()))
        } else {
            throw error("float field \(key.field) with wire type \(key.wireType)")
        }
    }

    /// Appends a repeated double field, packed or not.
    mutating func appendDoubles(_ key: Key, to values: inout [Double]) throws(ONNXError) {
        if key.wireType == .lengthDelimited {
            let range = try lengthDelimited()
            guard range.count % 8 == 0 else { throw error("packed doubles not a multiple of 8") }
            var sub = ProtobufReader(bytes: bytes, range: range, file: file)
            while !sub.isAtEnd { values.append(Double(bitPattern: try sub.fixed64())) }
        } else if key.wireType == .fixed64 {
            values.append(Double(bitPattern: try fixed64()))
        } else {
            throw error("double field \(key.field) with wire type \(key.wireType)")
        }
    }

    /// Requires `key` to have `wireType`.
    func expect(_ key: Key, _ wireType: WireType) throws(ONNXError) {
        guard key.wireType == wireType else {
            throw error("field \(key.field) has wire type \(key.wireType), expected \(wireType)")
        }
    }
}
