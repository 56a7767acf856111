// pthread_attr_setaffinity_np, pthread_setaffinity_np, sched_getcpu, the
// CPU_* macros and RTLD_DEFAULT are GNU extensions, which Swift's Glibc
// module leaves out.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ckernels.h"

// The CPUs the process may run on: its main thread's affinity mask (the
// process's id names that thread). A worker's own mask may leave one out for a
// while (mlx_start_thread_elsewhere), so the calling thread's would not do.
static int process_cpus(cpu_set_t *set) {
    return sched_getaffinity(getpid(), sizeof *set, set) == 0;
}

int mlx_affinity_cpu_count(void) {
    cpu_set_t set;
    return process_cpus(&set) ? CPU_COUNT(&set) : -1;
}

int mlx_start_thread_elsewhere(pthread_t *thread, void *(*start)(void *), void *argument) {
    pthread_attr_t attributes;
    if (pthread_attr_init(&attributes) != 0) return pthread_create(thread, NULL, start, argument);
    cpu_set_t others;
    int here = sched_getcpu();
    if (here >= 0 && process_cpus(&others) && CPU_ISSET(here, &others)) {
        CPU_CLR(here, &others);
        if (CPU_COUNT(&others) > 0) pthread_attr_setaffinity_np(&attributes, sizeof others, &others);
    }
    int status = pthread_create(thread, &attributes, start, argument);
    pthread_attr_destroy(&attributes);
    // glibc refuses a mask with no CPU the thread may use (the process's
    // cpuset shrank in between): start the thread anywhere.
    if (status == EINVAL) status = pthread_create(thread, NULL, start, argument);
    return status;
}

int mlx_let_thread_run_anywhere(pthread_t thread) {
    cpu_set_t every;
    return process_cpus(&every) ? pthread_setaffinity_np(thread, sizeof every, &every) : 0;
}

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23  // Linux 5.14; older kernels refuse it, and nothing is populated
#endif

// Populates the zero-filled part of the writable segments of one loaded
// object, if it is the program or holds the address in `data`.
static int populate_zero_pages(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    struct { uintptr_t runtime; long pages; } *wanted = data;
    int is_program = info->dlpi_name == NULL || info->dlpi_name[0] == 0;
    int is_runtime = 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *segment = &info->dlpi_phdr[i];
        uintptr_t start = info->dlpi_addr + segment->p_vaddr;
        if (segment->p_type == PT_LOAD && wanted->runtime >= start && wanted->runtime < start + segment->p_memsz) is_runtime = 1;
    }
    if (!is_program && !is_runtime) return 0;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *segment = &info->dlpi_phdr[i];
        if (segment->p_type != PT_LOAD || !(segment->p_flags & PF_W)) continue;
        // From the first page wholly past the file's bytes: the pages before it were written by the loader.
        uintptr_t start = (info->dlpi_addr + segment->p_vaddr + segment->p_filesz + page - 1) & ~(page - 1);
        uintptr_t end = (info->dlpi_addr + segment->p_vaddr + segment->p_memsz + page - 1) & ~(page - 1);
        if (end > start && madvise((void *)start, end - start, MADV_POPULATE_WRITE) == 0) wanted->pages += (long)((end - start) / page);
    }
    return 0;
}

long mlx_populate_program_zero_pages(void) {
    struct { uintptr_t runtime; long pages; } wanted = {(uintptr_t)dlsym(RTLD_DEFAULT, "swift_retain"), 0};
    dl_iterate_phdr(populate_zero_pages, &wanted);
    return wanted.pages;
}
