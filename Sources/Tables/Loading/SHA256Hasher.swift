import CCrypto

/// Incremental SHA-256 over OpenSSL's SHA256 functions (see the CCrypto shim for why not EVP).
///
/// A class so that the context is freed exactly once; it is used by one
/// thread at a time (the loader hands it from chunk to chunk in order).
public final class SHA256Hasher: @unchecked Sendable {
    private let context = UnsafeMutablePointer<mlx_sha256_context>.allocate(capacity: 1)

    /// A hasher with nothing consumed yet.
    public init() {
        mlx_sha256_start(context)
    }

    deinit { context.deallocate() }

    /// Feeds `bytes` into the digest.
    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        mlx_sha256_update(context, base, bytes.count)
    }

    /// The 32-byte digest of everything fed so far; the hasher is spent afterwards.
    public func finish() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        digest.withUnsafeMutableBufferPointer { mlx_sha256_finish(context, $0.baseAddress) }
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
        var count = UInt64(text.utf8.count)
        withUnsafeBytes(of: &count) { update($0) }
        // In place: digests hash several strings per recorded cell.
        var text = text
        text.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// The digest of everything fed so far as 64 lowercase hex digits; the hasher is spent afterwards.
    public func finishHex() -> String { Fingerprint.hex(finish()) }
}
