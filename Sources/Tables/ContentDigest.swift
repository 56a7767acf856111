import Foundation

/// SHA-256 digests of content (models, outputs), as lowercase hex, for
/// content addressing and run records.
public enum ContentDigest {
    /// The SHA-256 of `bytes` in lowercase hex.
    public static func sha256(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { Fingerprint.hex(SHA256Hasher.digest($0)) }
    }

    /// The SHA-256 of `data` in lowercase hex.
    public static func sha256(_ data: Data) -> String {
        data.withUnsafeBytes { Fingerprint.hex(SHA256Hasher.digest($0)) }
    }
}
