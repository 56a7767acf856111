import CBLAS
import CKernels
import Foundation

/// The facts about the numeric library that decide whether two runs can
/// produce bit-identical results: which BLAS, which kernel, how many threads.
public struct NumericEnvironment: Codable, Equatable, Sendable {
    /// The BLAS library and its version, e.g. "OpenBLAS 0.3.21".
    public let blasLibrary: String
    /// OpenBLAS's build configuration string.
    public let blasConfiguration: String
    /// The kernel OpenBLAS selected for this CPU, e.g. "Haswell".
    public let blasKernel: String
    /// Threads OpenBLAS uses for level-3 routines.
    public let blasThreads: Int
    /// The value of `OPENBLAS_CORETYPE` when it forces a kernel, else nil.
    public let forcedCoreType: String?

    public init(blasLibrary: String, blasConfiguration: String, blasKernel: String, blasThreads: Int, forcedCoreType: String?) {
        self.blasLibrary = blasLibrary
        self.blasConfiguration = blasConfiguration
        self.blasKernel = blasKernel
        self.blasThreads = blasThreads
        self.forcedCoreType = forcedCoreType
    }

    /// What a record says when the environment was never captured.
    public static let unknown = NumericEnvironment(
        blasLibrary: "unknown", blasConfiguration: "unknown", blasKernel: "unknown", blasThreads: 0, forcedCoreType: nil)

    /// The environment of this process, read from OpenBLAS itself.
    public static func current() -> NumericEnvironment {
        let configuration = String(cString: openblas_get_config())
        let version = configuration.split(separator: " ").first(where: { $0.first?.isNumber == true }).map(String.init)
        return NumericEnvironment(
            blasLibrary: "OpenBLAS" + (version.map { " " + $0 } ?? ""),
            blasConfiguration: configuration,
            blasKernel: String(cString: openblas_get_corename()),
            blasThreads: Int(openblas_get_num_threads()),
            forcedCoreType: getenv("OPENBLAS_CORETYPE").map { String(cString: $0) })
    }

    /// Ends OpenBLAS's worker threads until a BLAS call next wants them (the
    /// call starts them again, as after a fork), and has those spin for 2^22
    /// cycles (1–2 ms) when idle before they sleep, unless
    /// `OPENBLAS_THREAD_TIMEOUT` says otherwise. OpenBLAS's default, 2^28
    /// cycles (about a tenth of a second, from the library's load and after
    /// every threaded call), kept a second core busy for most of a short
    /// command's life: each page the main thread mapped anew meanwhile cost an
    /// interrupt to flush that core's TLB, and work on other threads waited
    /// for the core. 2^22 cycles still spans the gap between the calls of a
    /// BLAS-bound loop. The thread count, hence every result, is unchanged.
    public static func stopIdleBLASThreads() {
        _ = mlx_stop_idle_blas_threads(idleSpinTimeout)
    }

    /// The idle spin `stopIdleBLASThreads` sets, as OPENBLAS_THREAD_TIMEOUT's log2 of cycles.
    static let idleSpinTimeout = "22"

    /// Sets the number of threads OpenBLAS uses from now on, for a replay
    /// that must run with the thread count a run was recorded with. Waits
    /// while a `withBLASThreads` scope is open on another thread.
    public static func setBLASThreads(_ count: Int) {
        BLAS.setThreads(count)
    }

    /// Runs `body` with OpenBLAS on `count` threads, then restores the previous
    /// count: for work that runs BLAS calls on its own threads (two threads
    /// each calling single-threaded BLAS), for shapes that a second BLAS
    /// thread only slows down, or for results that must not depend on the
    /// thread count. Scopes are serialised process-wide and nothing else can
    /// change the count during one; `body` must not wait for other threads
    /// that open scopes.
    public static func withBLASThreads<T>(_ count: Int, _ body: () throws -> T) rethrows -> T {
        try BLAS.withThreads(count, body)
    }
}
