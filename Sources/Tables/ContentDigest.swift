/// SHA-256 digests of content (models, outputs), as lowercase hex, for
/// content addressing and run records.
public enum ContentDigest {
    /// The SHA-256 of `bytes` in lowercase hex.
    public static func sha256(_ bytes: [UInt8]) -> String {
        let digest = bytes.withUnsafeBytes { SHA256Hasher.digest($0) }
        return digest.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
