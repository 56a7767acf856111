import Tables

/// Random names for journals and temporary files, in the layout of a
/// version-4 UUID. From the system's generator (`getrandom`, no file):
/// Foundation's `UUID()` opens and reads /dev/urandom for each one, and a
/// recorded run used to make two before its first cell.
enum RandomToken {
    /// 16 random bytes as 8-4-4-4-12 lowercase hex digits, with the version and variant bits of a UUID.
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        // Two words: each draw from the generator is a system call.
        var bytes = [generator.next() as UInt64, generator.next()].withUnsafeBytes { Array($0) }
        bytes[6] = bytes[6] & 0x0F | 0x40  // version 4
        bytes[8] = bytes[8] & 0x3F | 0x80  // variant 10xx
        // Dashes put in by hand: `joined` is not specialized for this, and its first call
        // in a process searched every conformance record for an associated type.
        var text = [UInt8]()
        text.reserveCapacity(36)
        for (offset, digit) in Fingerprint.hex(bytes).utf8.enumerated() {
            if offset == 8 || offset == 12 || offset == 16 || offset == 20 { text.append(UInt8(ascii: "-")) }
            text.append(digit)
        }
        return String(decoding: text, as: UTF8.self)
    }
}
