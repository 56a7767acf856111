/// Random names for journals and temporary files, in the layout of a
/// version-4 UUID. From the system's generator (`getrandom`, no file):
/// Foundation's `UUID()` opens and reads /dev/urandom for each one, and a
/// recorded run used to make two before its first cell.
enum RandomToken {
    /// 32 random lowercase hex digits as 8-4-4-4-12, with the version and variant digits of a UUID.
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = (generator.next() & ~0xF000) | 0x4000  // version 4
        let low = (generator.next() & ~(0xC << 60)) | (0x8 << 60)  // variant 10xx
        let hexDigits = Array("0123456789abcdef".utf8)
        var bytes = [UInt8]()
        bytes.reserveCapacity(36)
        for i in 0..<32 {
            if i == 8 || i == 12 || i == 16 || i == 20 { bytes.append(UInt8(ascii: "-")) }
            let word = i < 16 ? high : low
            bytes.append(hexDigits[Int(truncatingIfNeeded: word >> UInt64(60 - 4 * (i % 16))) & 0xF])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
