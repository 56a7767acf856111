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
        let hex = Array(Fingerprint.hex(bytes).utf8)
        let groups = [hex[0..<8], hex[8..<12], hex[12..<16], hex[16..<20], hex[20..<32]]
        return groups.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "-")
    }
}
