import CCrypto

/// Incremental SHA-256 over OpenSSL's EVP interface.
///
/// A class so that the OpenSSL context is freed exactly once; it is used by
/// one thread at a time (the loader hands it from chunk to chunk in order).
public final class SHA256Hasher: @unchecked Sendable {
    private let context: OpaquePointer

    /// libcrypto set up once, before its first use, without an exit-time cleanup (see the shim).
    private static let initialised = mlx_crypto_initialise() == 1

    /// A hasher with nothing consumed yet.
    public init() {
        // Allocation failure here means the process is out of memory; there is no useful recovery.
        guard Self.initialised, let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            fatalError("OpenSSL could not initialise SHA-256")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Feeds `bytes` into the digest.
    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        _ = EVP_DigestUpdate(context, base, bytes.count)
    }

    /// The 32-byte digest of everything fed so far; the hasher is spent afterwards.
    public func finish() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        _ = digest.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, &length) }
        return digest
    }

    /// The digest of `bytes` in one call.
    public static func digest(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        let hasher = SHA256Hasher()
        hasher.update(bytes)
        return hasher.finish()
    }

    /// Feeds the bytes of `values` (native byte order) into the digest.
    public func update<T>(_ values: [T]) {
        values.withUnsafeBytes { update($0) }
    }

    /// Feeds a string's UTF-8 bytes, preceded by their count so that
    /// consecutive strings cannot run into each other.
    public func update(_ text: String) {
        let bytes = Array(text.utf8)
        update([UInt64(bytes.count)])
        bytes.withUnsafeBytes { update($0) }
    }

    /// The digest of everything fed so far as 64 lowercase hex digits; the hasher is spent afterwards.
    public func finishHex() -> String { Fingerprint.hex(finish()) }
}
