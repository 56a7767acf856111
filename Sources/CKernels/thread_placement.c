// pthread_attr_setaffinity_np, pthread_setaffinity_np, sched_getcpu and the
// CPU_* macros are GNU extensions, which Swift's Glibc module leaves out.
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>

#include "ckernels.h"

// The CPUs the process could run on when it first started a thread elsewhere:
// where such a thread goes back to.
static cpu_set_t every_cpu;
static int every_cpu_known;
static pthread_once_t every_cpu_once = PTHREAD_ONCE_INIT;

static void find_every_cpu(void) {
    every_cpu_known = sched_getaffinity(0, sizeof every_cpu, &every_cpu) == 0;
}

int mlx_start_thread_elsewhere(pthread_t *thread, void *(*start)(void *), void *argument) {
    pthread_once(&every_cpu_once, find_every_cpu);
    pthread_attr_t attributes;
    if (pthread_attr_init(&attributes) != 0) return pthread_create(thread, NULL, start, argument);
    int here = sched_getcpu();
    if (every_cpu_known && here >= 0 && CPU_ISSET(here, &every_cpu)) {
        cpu_set_t others = every_cpu;
        CPU_CLR(here, &others);
        if (CPU_COUNT(&others) > 0) pthread_attr_setaffinity_np(&attributes, sizeof others, &others);
    }
    int status = pthread_create(thread, &attributes, start, argument);
    pthread_attr_destroy(&attributes);
    return status;
}

int mlx_let_thread_run_anywhere(pthread_t thread) {
    pthread_once(&every_cpu_once, find_every_cpu);
    if (!every_cpu_known) return 0;
    return pthread_setaffinity_np(thread, sizeof every_cpu, &every_cpu);
}
