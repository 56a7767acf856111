#include <dlfcn.h>
#include <stdlib.h>

#include "ckernels.h"

int mlx_stop_idle_blas_threads(const char *spin_timeout) {
    // Both are OpenBLAS's own, exported but not declared: looked up rather
    // than linked, so that a build without them (an OpenMP one, another BLAS)
    // leaves its threads as they are.
    int (*shutdown)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "blas_thread_shutdown_");
    void (*read_environment)(void) = (void (*)(void))dlsym(RTLD_DEFAULT, "openblas_read_env");
    if (shutdown == 0) return -1;
    // OpenBLAS read its environment when it loaded, before main; read again
    // with the timeout set, it starts its next threads with it. Taken out of
    // the environment afterwards, so that the programs mlx starts do not see it.
    if (spin_timeout != 0 && read_environment != 0 && getenv("OPENBLAS_THREAD_TIMEOUT") == 0) {
        setenv("OPENBLAS_THREAD_TIMEOUT", spin_timeout, 1);
        read_environment();
        unsetenv("OPENBLAS_THREAD_TIMEOUT");
    }
    // The before-fork handler: it ends the worker threads, and the next call
    // that splits work over threads starts them again.
    return shutdown();
}
