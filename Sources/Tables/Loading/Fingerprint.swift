/// What identifies a loaded file for runs and replay: the SHA-256 of its bytes,
/// its size, and the shape and schema of the table read from it.
///
/// The digest is computed over exactly the bytes that were parsed, in the same
/// pass, so the fingerprint describes the data used even if the file changes later.
public struct Fingerprint: Codable, Equatable, Hashable, Sendable {
    /// SHA-256 of the file's bytes, 64 lowercase hex digits.
    public var sha256: String
    /// The file's size in bytes.
    public var byteCount: Int
    /// Number of data rows read.
    public var rowCount: Int
    /// Column names and types, in order.
    public var schema: [SchemaField]

    /// A fingerprint from its parts.
    public init(sha256: String, byteCount: Int, rowCount: Int, schema: [SchemaField]) {
        self.sha256 = sha256
        self.byteCount = byteCount
        self.rowCount = rowCount
        self.schema = schema
    }

    /// The provenance tag for rows of this source: the digest's first four bytes,
    /// big-endian, with 0 (reserved for "made in memory") mapped to 1.
    public var rowTag: UInt32 {
        let tag = UInt32(sha256.prefix(8), radix: 16) ?? 1
        return tag == 0 ? 1 : tag
    }

    /// Lowercase hex of `bytes`.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
