// OpenSSL's libcrypto, for SHA-256 fingerprints of loaded files and the run
// store's digests: its digest uses the CPU's SHA extensions where present
// (about 2 GB/s here).
//
// Through the SHA256_* functions rather than EVP: EVP's first digest in a
// process loads OpenSSL's configuration and its default provider (0.4-0.7 ms,
// paid by every `mlx run`), while these call the same assembly directly and
// keep no global state, so nothing needs initialising or cleaning up at exit
// (a background thread may still be hashing while the process exits). They
// are deprecated in OpenSSL 3 in favour of EVP, not removed.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

typedef SHA256_CTX mlx_sha256_context;

static inline void mlx_sha256_start(mlx_sha256_context *context) { SHA256_Init(context); }

static inline void mlx_sha256_update(mlx_sha256_context *context, const void *bytes, size_t count) {
    SHA256_Update(context, bytes, count);
}

/// Writes the 32-byte digest to `digest`.
static inline void mlx_sha256_finish(mlx_sha256_context *context, unsigned char *digest) { SHA256_Final(digest, context); }

/// Writes the 20-byte SHA-1 of `header` followed by `bytes` to `digest`: git's
/// object ids, the one place SHA-1 is still needed (is a tracked file's content
/// the blob its index entry names?).
static inline void mlx_sha1_two_parts(const void *header, size_t header_count, const void *bytes, size_t count, unsigned char *digest) {
    SHA_CTX context;
    SHA1_Init(&context);
    SHA1_Update(&context, header, header_count);
    SHA1_Update(&context, bytes, count);
    SHA1_Final(digest, &context);
}
