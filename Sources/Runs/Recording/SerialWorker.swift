import Foundation

/// A thread of its own that runs the jobs given to it one at a time, in
/// order. The recorder's writer: a dispatch queue's worker thread started
/// up to a few milliseconds late on a busy two-core machine, which a short
/// script then waited for at its end.
final class SerialWorker: @unchecked Sendable {
    // @unchecked: `jobs`, `idleJob`, `closing` and `exited` are guarded by `condition`.

    private let name: String
    private let condition = NSCondition()
    private var jobs = [@Sendable () -> Void]()
    private var idleJob: (deadline: Date, job: @Sendable () -> Void)?
    private var closing = false, exited = false

    /// Starts the thread (`detachThread`: the first job is on a script's
    /// path). It runs until `close`.
    init(name: String) {
        self.name = name
        precondition(detachThread { [self] in runJobs() }, "cannot start the run recorder's thread")
    }

    /// Runs `job` after the jobs given before it; once the thread has
    /// ended (`close`), right away on the caller's thread, with any idle job it leaves.
    func async(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        if exited {
            condition.unlock()
            job()
            // With no thread to wait for idleness, an idle job the job left runs now.
            condition.lock()
            let idle = idleJob
            idleJob = nil
            condition.unlock()
            idle?.job()
            return
        }
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Ends the thread once the jobs given so far, and a pending idle job,
    /// have run.
    func close() {
        condition.lock()
        closing = true
        condition.signal()
        condition.unlock()
    }

    /// Waits until every job given so far has run.
    func sync() {
        let done = DispatchSemaphore(value: 0)
        async { done.signal() }
        done.wait()
    }

    /// Runs `job` `delay` after now, when the worker is idle by then, unless
    /// replaced or cancelled first; jobs given meanwhile run first and do not
    /// move the deadline. Call from a job.
    func whenIdle(for delay: Duration, _ job: @escaping @Sendable () -> Void) {
        let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) * 1e-18
        condition.lock()
        idleJob = (Date(timeIntervalSinceNow: seconds), job)
        condition.unlock()
    }

    /// Forgets the idle job. Call from a job.
    func cancelIdleJob() {
        condition.lock()
        idleJob = nil
        condition.unlock()
    }

    private func runJobs() {
        Thread.current.name = name  // for debuggers and profilers, on this thread's time
        while true {
            condition.lock()
            while jobs.isEmpty {
                guard let idle = idleJob else {
                    if closing {
                        exited = true
                        condition.unlock()
                        return
                    }
                    condition.wait()
                    continue
                }
                if closing {
                    idleJob = nil
                    jobs.append(idle.job)
                    break
                }
                if !condition.wait(until: idle.deadline), jobs.isEmpty {
                    idleJob = nil
                    jobs.append(idle.job)
                }
            }
            let batch = jobs
            jobs.removeAll()
            condition.unlock()
            for job in batch { job() }
        }
    }
}
