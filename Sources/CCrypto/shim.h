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
