#ifndef MLX_CKERNELS_H
#define MLX_CKERNELS_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

/// out[i] = a[i] * b[i] + c[i]. Large outputs are written with non-temporal
/// stores, which skip reading the destination into cache first.
void mlx_multiply_add(const double *a, const double *b, const double *c, double *out, size_t n);

/// 10^k for 0 <= k <= 7 (the caller keeps k in range), as an exact double and
/// as an integer: one load from a constant table. Swift keeps a table it can
/// index without a branch either in a lazily initialised static (a check on
/// every read) or in a vector it spills to the stack on every call.
static inline double mlx_small_power_of_ten(long k) {
    static const double powers[8] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7};
    return powers[k];
}

static inline uint64_t mlx_small_integer_power_of_ten(long k) {
    static const uint64_t powers[8] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000};
    return powers[k];
}

/// Reads CSV records made only of short plain numbers ([+-]d{1,7}[.d{0,7}],
/// nothing around them) from `start`, stopping before the first record that
/// is anything else, that would end past `limit`, or that would need bytes
/// beyond `readable` (the end of the input). Field c of record r goes to
/// outputs[c][r] as double bits, or Int64 bits when modes[c] has bit 0 set
/// (a point is then refused); bit 1 lets a number have leading zeros. At most
/// `max_rows` records are read; *rows_read tells how many. Returns the offset
/// of the first record not read (a record start).
long mlx_csv_read_numbers(const uint8_t *bytes, long start, long limit, long readable, uint8_t delimiter,
                          long columns, const uint8_t *modes, uint64_t *const *outputs, long max_rows, long *rows_read);

/// The calling thread's stack: its lowest address and its size in bytes.
/// Returns 0, or an error number when they cannot be had.
int mlx_current_thread_stack(void **lowest, size_t *size);

/// Names the calling thread for debuggers, profilers and `ps -L` (cut to
/// the 15 bytes Linux keeps). Returns 0 or an error number.
int mlx_name_current_thread(const char *name);

/// The CPUs the process may run on (its main thread's affinity mask), or -1.
int mlx_affinity_cpu_count(void);

/// pthread_create with default attributes, except that the new thread may
/// not run on the CPU the caller is on now, unless that is the only one the
/// process may use. Left to itself, Linux often queues a new thread behind
/// its creator on the creator's CPU, where it takes that CPU from the
/// creator for as long as it runs, while the other CPU is idle.
int mlx_start_thread_elsewhere(pthread_t *thread, void *(*start)(void *), void *argument);

/// Lets `thread` run on every CPU the process may use. Returns 0 or an error number.
int mlx_let_thread_run_anywhere(pthread_t thread);

/// Gives the zero-initialised data (.bss) of the program and of the Swift
/// runtime their own pages now. The runtime's caches there are read before
/// they are first written; that first write replaces a shared zero page, and
/// while another thread of the process runs on another CPU the kernel must
/// interrupt that CPU to flush its TLB.
/// Returns the pages populated (0 where the kernel cannot, before 5.14).
long mlx_populate_program_zero_pages(void);

/// Ends OpenBLAS's worker threads until a BLAS call next wants them, which
/// then spin for 2^spin_timeout cycles before they sleep (OPENBLAS_THREAD_TIMEOUT,
/// unless the environment sets it; NULL keeps OpenBLAS's). Returns 0, or -1
/// when the BLAS library has no such call.
int mlx_stop_idle_blas_threads(const char *spin_timeout);

/// pipe2(descriptors, O_CLOEXEC), which Swift's Glibc module does not show:
/// a pipe whose ends no process started meanwhile inherits. Returns 0 or -1.
int mlx_pipe_close_on_exec(int descriptors[2]);

/// Guards the file mapping at `base` (`size` bytes) against the file being
/// truncated while it is read: a read past the file's new end gets zeros
/// instead of SIGBUS, and `mlx_mapping_faulted` tells it happened. Returns the
/// guard's slot, or -1 when every slot is taken (the mapping is then unguarded).
int mlx_guard_mapping(const void *base, size_t size);
/// Whether a read of the guarded mapping in `slot` found the file shorter.
int mlx_mapping_faulted(int slot);
/// Ends the guard in `slot` (before the mapping is unmapped).
void mlx_unguard_mapping(int slot);

/// Flushes what stdio holds for standard output; -1 if that or an earlier
/// write to it failed (Swift cannot name `stdout` under strict concurrency).
int mlx_flush_standard_output(void);

#endif
