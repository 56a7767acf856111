#include "ckernels.h"

// Keep a*b+c as a separate multiply and add on every target, so results are
// bit-identical to the Swift kernels and across machines.
#pragma STDC FP_CONTRACT OFF
#include <stdint.h>

#if defined(__x86_64__)
#include <emmintrin.h>

// Non-temporal stores only pay off once the output no longer fits in cache.
static const size_t streaming_threshold = 1 << 20;

void mlx_multiply_add(const double *a, const double *b, const double *c, double *out, size_t n) {
    size_t i = 0;
    if (n < streaming_threshold) {
        for (; i < n; i++) out[i] = c[i] + a[i] * b[i];
        return;
    }
    // Align the destination to 16 bytes, as _mm_stream_pd requires.
    while (i < n && ((uintptr_t)(out + i) & 15) != 0) {
        out[i] = c[i] + a[i] * b[i];
        i++;
    }
    for (; i + 8 <= n; i += 8) {
        for (size_t k = 0; k < 8; k += 2) {
            __m128d va = _mm_loadu_pd(a + i + k), vb = _mm_loadu_pd(b + i + k), vc = _mm_loadu_pd(c + i + k);
            _mm_stream_pd(out + i + k, _mm_add_pd(vc, _mm_mul_pd(va, vb)));
        }
    }
    _mm_sfence();
    for (; i < n; i++) out[i] = c[i] + a[i] * b[i];
}

#else

void mlx_multiply_add(const double *a, const double *b, const double *c, double *out, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = c[i] + a[i] * b[i];
}

#endif
