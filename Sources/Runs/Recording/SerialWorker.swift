import Foundation

/// A thread of its own that runs the jobs given to it one at a time, in
/// order. The recorder's writer: a dispatch queue's worker thread started
/// up to a few milliseconds late on a busy two-core machine, which a short
/// script then waited for at its end.
final class SerialWorker: @unchecked Sendable {
    // @unchecked: `jobs` is guarded by `condition`.

    private let condition = NSCondition()
    private var jobs = [@Sendable () -> Void]()

    init(name: String) {
        // The thread keeps the worker for the life of the process: recorders
        // are few, and an idle worker sleeps.
        let thread = Thread { [self] in runJobs() }
        thread.name = name
        thread.start()
    }

    /// Runs `job` after the jobs given before it.
    func async(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Waits until every job given so far has run.
    func sync() {
        let done = DispatchSemaphore(value: 0)
        async { done.signal() }
        done.wait()
    }

    private func runJobs() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let batch = jobs
            jobs.removeAll()
            condition.unlock()
            for job in batch { job() }
        }
    }
}
