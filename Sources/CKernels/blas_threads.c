#include <dlfcn.h>

#include "ckernels.h"

int mlx_stop_idle_blas_threads(void) {
    // OpenBLAS's own fork handler: it ends the worker threads, and the next
    // call that wants them starts them again. Looked up rather than linked, as
    // it is not part of OpenBLAS's declared interface: a build without it
    // (an OpenMP one, another BLAS) leaves its threads as they are.
    int (*shutdown)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "blas_thread_shutdown_");
    if (shutdown == 0) return -1;
    return shutdown();
}
