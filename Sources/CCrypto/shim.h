// OpenSSL's libcrypto, for SHA-256 fingerprints of loaded files: its digest
// uses the CPU's SHA extensions where present (about 2 GB/s here).
#include <openssl/evp.h>
