// OpenSSL's libcrypto, for SHA-256 fingerprints of loaded files: its digest
// uses the CPU's SHA extensions where present (about 2 GB/s here).
#include <openssl/crypto.h>
#include <openssl/evp.h>

// Initialises libcrypto without its exit-time cleanup. mlx may exit while a
// background thread (the run recorder's, the git probe's) is hashing; the
// cleanup would free state that thread is using, and the process crashed on
// its way out. Without it, the memory simply goes with the process.
static inline int mlx_crypto_initialise(void) {
    return OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, NULL);
}
