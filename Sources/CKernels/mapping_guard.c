#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ckernels.h"

// A file mapped into memory raises SIGBUS when a page past the file's end is
// read: another process truncated the file while mlx read it. The handler
// puts a page of zeros where the fault was, marks the mapping, and returns, so
// the read completes; the loader then refuses what it read. A fault anywhere
// else goes to the handler that was there before.

#define GUARDED_MAPPINGS 64

static _Atomic uintptr_t guarded_start[GUARDED_MAPPINGS];
static _Atomic uintptr_t guarded_end[GUARDED_MAPPINGS];
static _Atomic int guarded_faulted[GUARDED_MAPPINGS];
static struct sigaction previous_action;
static uintptr_t page_size;
static pthread_once_t installed = PTHREAD_ONCE_INIT;

static void on_bus_error(int signal, siginfo_t *info, void *context) {
    (void)signal;
    (void)context;
    uintptr_t address = (uintptr_t)info->si_addr;
    for (int slot = 0; slot < GUARDED_MAPPINGS; slot++) {
        uintptr_t start = atomic_load(&guarded_start[slot]);
        if (start == 0 || address < start || address >= atomic_load(&guarded_end[slot])) continue;
        void *page = (void *)(address & ~(page_size - 1));
        if (mmap(page, page_size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED) {
            atomic_store(&guarded_faulted[slot], 1);
            return;
        }
    }
    // Not ours: the faulting instruction runs again under the earlier handler.
    sigaction(SIGBUS, &previous_action, NULL);
}

static void install(void) {
    page_size = (uintptr_t)sysconf(_SC_PAGESIZE);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_bus_error;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    sigaction(SIGBUS, &action, &previous_action);
}

int mlx_guard_mapping(const void *base, size_t size) {
    pthread_once(&installed, install);
    for (int slot = 0; slot < GUARDED_MAPPINGS; slot++) {
        uintptr_t expected = 0;
        if (atomic_compare_exchange_strong(&guarded_start[slot], &expected, UINTPTR_MAX)) {
            atomic_store(&guarded_faulted[slot], 0);
            atomic_store(&guarded_end[slot], (uintptr_t)base + size);
            atomic_store(&guarded_start[slot], (uintptr_t)base);
            return slot;
        }
    }
    return -1;
}

int mlx_mapping_faulted(int slot) {
    return slot >= 0 && atomic_load(&guarded_faulted[slot]);
}

void mlx_unguard_mapping(int slot) {
    if (slot < 0) return;
    atomic_store(&guarded_end[slot], 0);
    atomic_store(&guarded_start[slot], 0);
}
