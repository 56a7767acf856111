#ifndef MLX_CKERNELS_H
#define MLX_CKERNELS_H

#include <stddef.h>

/// out[i] = a[i] * b[i] + c[i]. Large outputs are written with non-temporal
/// stores, which skip reading the destination into cache first.
void mlx_multiply_add(const double *a, const double *b, const double *c, double *out, size_t n);

#endif
