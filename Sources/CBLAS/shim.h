#ifndef MLX_CBLAS_SHIM_H
#define MLX_CBLAS_SHIM_H

// OpenBLAS's CBLAS interface plus the reference LAPACKE wrapper (Debian's
// OpenBLAS is built without LAPACKE; its calls go through liblapack.so.3).
#include <cblas.h>
#include <lapacke.h>

// `lapack_int` is a macro, which Swift cannot name; give it a type name.
typedef lapack_int mlx_lapack_int;

#endif
