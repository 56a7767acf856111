import Console
import Foundation
import Synchronization

/// SIGINT and SIGTERM during `mlx run --junit`: a report of what ran so far
/// replaces one an earlier run left at the path, then the process ends by the
/// signal as it does without a report (a shell sees 130 or 143, and the run
/// store finds the run interrupted).
///
/// The signal handler only writes a byte to a pipe; a thread of its own reads
/// it and writes the report, since building and writing it is no work for a
/// signal handler. The script goes on meanwhile: interrupting it at its next
/// statement could wait for the whole of a long built-in call.
enum StopSignal {
    /// From now on SIGINT or SIGTERM calls `report` with the signal's name, on a
    /// thread of its own, then ends the process by that signal. A signal
    /// ignored when mlx started (SIGINT of a background job) stays ignored.
    static func install(report: @escaping @Sendable (_ signal: String) -> Void) {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        stopPipeInput = ends[1]
        stopRequested.store(false, ordering: .relaxed)
        let output = ends[0]
        Thread.detachNewThread {
            var byte: UInt8 = 0
            while read(output, &byte, 1) != 1 {
                guard errno == EINTR else { return }
            }
            let number = Int32(byte)
            ending.withLock { runEnded in
                if !runEnded { report(number == SIGINT ? "SIGINT" : "SIGTERM") }
                end(by: number)
            }
        }
        for number in [SIGINT, SIGTERM] {
            var previous = sigaction()
            guard sigaction(number, nil, &previous) == 0, !isIgnored(previous) else { continue }
            SignalAction.install(number, handleStop, restart: true)
        }
    }

    /// Runs `body`, the run's own end (its record finished, its report
    /// written), unless a signal's report has begun: then it waits for the
    /// process to end. A signal arriving during `body` ends the process after
    /// it, without a report of its own.
    static func endRun(_ body: () throws -> Void) rethrows {
        try ending.withLock { runEnded in
            try body()
            runEnded = true
        }
    }

    private static func isIgnored(_ action: sigaction) -> Bool {
        #if os(Linux)
            let handler = action.__sigaction_handler.sa_handler
        #else
            let handler = action.__sigaction_u.__sa_handler
        #endif
        return unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
    }

    private static func end(by number: Int32) -> Never {
        signal(number, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, number)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        raise(number)
        // Only if the default action did not end the process.
        _exit(128 + number)
    }
}

// Global state a C signal handler needs (it cannot capture context). The
// handler's two are set before it is installed; afterwards it only does an
// atomic exchange and a write(2), which are safe in a signal handler.

/// Where the handler writes the signal's number.
nonisolated(unsafe) private var stopPipeInput: Int32 = -1
/// Set by the first signal.
private let stopRequested = Atomic<Bool>(false)
/// Held by whichever ends the run first: the run itself or a signal's report.
private let ending = Mutex(false)

private func handleStop(_ number: Int32) {
    guard !stopRequested.exchange(true, ordering: .relaxed) else {
        // A second signal while the first's report is written (a FIFO without
        // a reader can hold it forever): end now, as without a report.
        signal(number, SIG_DFL)
        raise(number)
        return
    }
    var byte = UInt8(truncatingIfNeeded: number)
    _ = write(stopPipeInput, &byte, 1)
}
