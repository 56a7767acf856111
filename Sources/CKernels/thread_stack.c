// pthread_getattr_np and pthread_setname_np are GNU extensions, which Swift's Glibc module leaves out.
#define _GNU_SOURCE
#include <pthread.h>
#include <sys/syscall.h>
#include <stdio.h>
#include <unistd.h>

#include "ckernels.h"

int mlx_current_thread_stack(void **lowest, size_t *size) {
    // For the main thread glibc reads /proc/self/maps on every call; its stack
    // does not move, so it is read once (only the main thread touches these).
    static void *main_lowest;
    static size_t main_size;
    static int main_known;
    int is_main = syscall(SYS_gettid) == getpid();
    if (is_main && main_known) {
        *lowest = main_lowest;
        *size = main_size;
        return 0;
    }
    pthread_attr_t attributes;
    if (pthread_getattr_np(pthread_self(), &attributes) != 0) return -1;
    int status = pthread_attr_getstack(&attributes, lowest, size);
    pthread_attr_destroy(&attributes);
    if (status == 0 && is_main) {
        main_lowest = *lowest;
        main_size = *size;
        main_known = 1;
    }
    return status;
}

int mlx_name_current_thread(const char *name) {
    // Linux keeps 15 bytes of a thread's name; a longer one is refused, not cut.
    char shortened[16];
    snprintf(shortened, sizeof shortened, "%s", name);
    return pthread_setname_np(pthread_self(), shortened);
}

