/// Finds the first byte that is not part of well-formed UTF-8.
///
/// Runs of ASCII are skipped 32 and then eight bytes at a time, which is
/// nearly all of a typical data file; other bytes are checked against the
/// Unicode standard's table of well-formed sequences (no overlongs,
/// surrogates or values above U+10FFFF).
public enum UTF8Validator {
    /// The offset of the first invalid byte in `bytes[range]`, or nil when it is valid.
    /// A sequence cut by the end of the range counts as invalid at its first byte.
    public static func firstInvalid(in bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int? {
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            if i + 32 <= end, isASCII32(bytes, at: i) {
                i += 32
                continue
            }
            if i + 8 <= end, bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            let lead = bytes[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            guard let length = sequenceLength(bytes, at: i, end: end) else { return i }
            i += length
        }
        return nil
    }

    /// What an error at the invalid `byte` says, after its place: the same for data and scripts.
    public static func message(invalid byte: UInt8) -> String {
        let hex = String(byte, radix: 16, uppercase: true)
        return "invalid UTF-8: byte 0x\(hex.count == 1 ? "0" + hex : hex) is not part of a valid character"
    }

    /// Whether the 32 bytes at `i` are all ASCII: four words tested at once.
    @inline(__always)
    private static func isASCII32(_ bytes: UnsafeRawBufferPointer, at i: Int) -> Bool {
        let words = (0..<4).reduce(UInt64(0)) { $0 | bytes.loadUnaligned(fromByteOffset: i + 8 * $1, as: UInt64.self) }
        return words & 0x8080_8080_8080_8080 == 0
    }

    /// The length of the well-formed sequence starting at `i`, or nil.
    private static func sequenceLength(_ bytes: UnsafeRawBufferPointer, at i: Int, end: Int) -> Int? {
        let lead = bytes[i]
        let length: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return nil
        }
        guard i + length <= end else { return nil }
        let second = bytes[i + 1]
        guard second >= low, second <= high else { return nil }
        for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return nil }
        return length
    }
}
