import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// How many threads the loader uses, and a way to run them.
enum ParallelWork {
    /// The online CPUs, capped: beyond a few threads the input's memory bandwidth is the limit.
    static var workerCount: Int {
        Swift.max(1, Swift.min(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 8))
    }

    /// Runs `body(i)` for `i` in `0..<count`, in parallel when `count > 1`.
    static func run(_ count: Int, _ body: @Sendable (Int) -> Void) {
        if count <= 1 {
            for i in 0..<count { body(i) }
        } else {
            DispatchQueue.concurrentPerform(iterations: count, execute: body)
        }
    }
}
