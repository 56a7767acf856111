import CKernels
#if canImport(Glibc)
import Glibc
#endif

/// How far this thread's stack may still grow, so that evaluating a deeply
/// nested expression stops with an error before the stack overflows. The
/// parser bounds nesting already (`Parser.nestingLimit`, `Parser.chainLimit`);
/// this covers threads with small stacks and unoptimised builds, whose frames
/// are several times larger.
struct StackSpace {
    private let thread: pthread_t
    /// The lowest stack address evaluation may reach; 0 when unknown.
    private let floor: UInt

    /// The limit for the calling thread, keeping `margin` (at most a quarter
    /// of the stack) for the built-ins and libraries called at the deepest point.
    init(margin: Int = 1 << 20) {
        thread = pthread_self()
        var lowest: UnsafeMutableRawPointer?
        var size = 0
        guard mlx_current_thread_stack(&lowest, &size) == 0, let lowest, size > 0 else {
            floor = 0
            return
        }
        // With an unlimited stack, the size reaches down to the next mapping, and the kernel
        // keeps a guard gap (1 MiB by default) above that: leave it out too on large stacks.
        let guardGap = size >= 16 << 20 ? 1 << 20 : 0
        floor = UInt(bitPattern: lowest) + UInt(Swift.min(margin, size / 4) + guardGap)
    }

    /// Whether it was measured for the calling thread.
    var isForCurrentThread: Bool { pthread_equal(thread, pthread_self()) != 0 }

    /// Whether the calling thread's stack is still above the floor.
    @inline(__always)
    var isAvailable: Bool {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) } > floor
    }
}
