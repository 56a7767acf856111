import CKernels
import Foundation

/// A thread of its own that runs the jobs given to it one at a time, in
/// order. The recorder's writer: a dispatch queue's worker thread started
/// up to a few milliseconds late on a busy two-core machine, which a short
/// script then waited for at its end.
final class SerialWorker: @unchecked Sendable {
    // @unchecked: `jobs`, `idleJob`, `closing`, `adopted`, `running`, `exited`, `endsWhenIdle`,
    // `threadAlive` and `heldOff` are guarded by `condition`.

    private let name: String
    private let condition = NSCondition()
    private var jobs = JobList()
    private var idleJob: (deadline: Date, job: @Sendable () -> Void)?
    private var closing = false, exited = false
    /// The caller's thread has taken over (`adopt`); the thread ends without running more jobs.
    private var adopted = false
    /// The thread is running a batch of jobs (or a caller one job, `runHereIfIdle`).
    private var running = false
    /// The thread ends whenever it has nothing to do; the next job starts another (`endWhenIdle`).
    private var endsWhenIdle = false
    private var threadAlive = false
    /// The thread, while it may not run on the CPU its starter was on
    /// (`detachThreadElsewhere`): until it has run its first batch, or is
    /// given more work while it runs it, or someone waits for it.
    private var heldOff: pthread_t?

    /// Starts the thread (`detachThreadElsewhere`: the first job is on a
    /// script's path). It runs until `close`.
    init(name: String) {
        self.name = name
        condition.lock()
        threadAlive = true
        startThread()
        condition.unlock()
    }

    /// Call holding `condition`.
    private func startThread() {
        heldOff = detachThreadElsewhere { [self] in runJobs() }
        precondition(heldOff != nil, "cannot start the run recorder's thread")
    }

    /// Lets the thread run on any CPU: for a caller about to wait for its work,
    /// whose CPU is then free.
    func letRunAnywhere() {
        condition.lock()
        letThreadRunAnywhere()
        condition.unlock()
    }

    /// Lets the thread run on any CPU. Call holding `condition`: the handle
    /// is valid while the thread is alive, which it stays until it takes the lock to end.
    private func letThreadRunAnywhere() {
        if let thread = heldOff { _ = mlx_let_thread_run_anywhere(thread) }
        heldOff = nil
    }

    /// The thread is about to return. Call holding `condition`.
    private func threadEnds() {
        threadAlive = false
        heldOff = nil
    }

    /// From now on the thread ends whenever it has nothing to do, and the next
    /// job given starts a new one. A thread kept waiting beside a script that
    /// keeps both cores busy slowed it by several milliseconds, waiting or not.
    func endWhenIdle() {
        condition.lock()
        endsWhenIdle = true
        condition.signal()
        condition.unlock()
    }

    /// Runs `job` after the jobs given before it; once the thread has
    /// ended (`close`) or been adopted, right away on the caller's thread, with any idle job it leaves.
    func async(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        if exited || adopted {
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
        if threadAlive {
            // More work while the first batch runs: the caller is past its start, and on a
            // machine whose other CPUs are busy the thread must not wait for one of them alone.
            if running { letThreadRunAnywhere() }
            condition.signal()
        } else {
            threadAlive = true
            startThread()
        }
        condition.unlock()
    }

    /// Runs `job` on the caller's thread, now, if the worker has nothing to do
    /// (no job queued or running, no idle job pending); returns whether it did.
    /// A small job is cheaper done in place than handed over: waking the
    /// thread can preempt the caller's own work on the other core.
    func runHereIfIdle(_ job: @Sendable () -> Void) -> Bool {
        condition.lock()
        guard jobs.isEmpty, !running, idleJob == nil else {
            condition.unlock()
            return false
        }
        running = true  // the thread, if it wakes, waits for this job
        condition.unlock()
        job()
        condition.lock()
        running = false
        condition.broadcast()
        condition.unlock()
        return true
    }

    /// Ends the thread once the jobs given so far, and a pending idle job,
    /// have run.
    func close() {
        condition.lock()
        closing = true
        if !threadAlive { exited = true }  // between on-demand threads: nothing is queued
        condition.signal()
        condition.unlock()
    }

    /// Ends the thread and continues its work on the caller's thread: waits
    /// for the job running now, if any, then runs the jobs given so far and a
    /// pending idle job here; later jobs run right away on the caller's thread.
    /// A run's last jobs are on its way out, and handing them to the thread
    /// would cost a wake-up of that thread and then one of the caller's
    /// (on these virtual machines, each can take a few tenths of a millisecond).
    func adopt() {
        condition.lock()
        adopted = true
        condition.broadcast()
        letThreadRunAnywhere()  // the caller's CPU is about to be free
        while running { condition.wait() }
        var taken = jobs.takeAll()
        if let idle = idleJob { taken.append(idle.job) }
        idleJob = nil
        condition.unlock()
        taken.runAll()
        condition.lock()
        let idle = idleJob  // one left by the jobs just run
        idleJob = nil
        condition.unlock()
        idle?.job()
    }

    /// Waits until every job given so far has run.
    func sync() {
        let done = DispatchSemaphore(value: 0)
        async { done.signal() }
        letRunAnywhere()
        done.wait()
    }

    /// Runs `job` `delay` after now, when the worker is idle by then, unless
    /// replaced or cancelled first; jobs given meanwhile run first and do not
    /// move the deadline. Call from a job.
    func whenIdle(for delay: Duration, _ job: @escaping @Sendable () -> Void) {
        let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) * 1e-18
        condition.lock()
        idleJob = (Date(timeIntervalSinceNow: seconds), job)
        condition.signal()  // from a job run in place, the thread is asleep without a deadline
        condition.unlock()
    }

    /// Forgets the idle job. Call from a job.
    func cancelIdleJob() {
        condition.lock()
        idleJob = nil
        condition.unlock()
    }

    private func runJobs() {
        // For debuggers and profilers; not through Foundation's Thread, whose
        // first use costs the writer about 0.1 ms at the start of every run.
        _ = mlx_name_current_thread(name)
        condition.lock()
        while true {
            while jobs.isEmpty || adopted {
                if adopted {
                    exited = true
                    threadEnds()
                    condition.unlock()
                    return
                }
                guard let idle = idleJob else {
                    if closing || endsWhenIdle {
                        if closing { exited = true }
                        threadEnds()
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
                if !condition.wait(until: idle.deadline), jobs.isEmpty, !adopted {
                    idleJob = nil
                    jobs.append(idle.job)
                }
            }
            while running { condition.wait() }  // a caller is running a job in place (`runHereIfIdle`)
            let batch = jobs.takeAll()
            running = true
            condition.unlock()
            batch.runAll()
            condition.lock()
            letThreadRunAnywhere()
            running = false
            condition.broadcast()  // an `adopt` may be waiting for this batch
        }
    }
}

/// Jobs in order, as a chain of nodes. An array of closures is a generic type
/// the runtime builds from its mangled name the first time one is made: it
/// cost every recorded run about 0.15 ms on the script's thread, as much as
/// the rest of starting the writer.
private struct JobList {
    private final class Node {
        let job: @Sendable () -> Void
        var next: Node?
        init(_ job: @escaping @Sendable () -> Void) { self.job = job }
    }

    private var first: Node?
    private var last: Node?

    var isEmpty: Bool { first == nil }

    mutating func append(_ job: @escaping @Sendable () -> Void) {
        let node = Node(job)
        if let last { last.next = node } else { first = node }
        last = node
    }

    /// The jobs, leaving this list empty.
    mutating func takeAll() -> JobList {
        defer { self = JobList() }
        return self
    }

    /// Runs the jobs in order, unlinking each (a long chain released whole would recurse once per node).
    func runAll() {
        var node = first
        while let current = node {
            node = current.next
            current.next = nil
            current.job()
        }
    }
}
