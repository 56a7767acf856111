import Foundation
import Synchronization
import Testing

@testable import Runs

/// The recorder's writer: jobs in order on a thread of its own, which ends
/// when the worker is closed or adopted, so finished recorders leave no threads behind.
@Suite struct SerialWorkerTests {
    @Test func jobsRunInOrderAndClosingEndsTheThread() throws {
        let worker = SerialWorker(name: "mlx test worker")
        let log = Mutex([Int]())
        let thread = Mutex("")
        worker.async { thread.withLock { $0 = Self.currentThreadTask() } }
        for i in 0..<100 { worker.async { log.withLock { $0.append(i) } } }
        worker.sync()
        #expect(log.withLock { $0 } == Array(0..<100))
        let task = "/proc/" + thread.withLock { $0 }
        #expect(FileManager.default.fileExists(atPath: task))
        // Named for profilers and ps, cut to the 15 bytes Linux keeps.
        #expect(try String(contentsOfFile: task + "/comm", encoding: .utf8) == "mlx test worker\n")

        worker.close()
        let deadline = Date(timeIntervalSinceNow: 10)
        while FileManager.default.fileExists(atPath: task), Date() < deadline { usleep(1000) }
        #expect(!FileManager.default.fileExists(atPath: task), "the thread ended")

        // Later jobs run on the caller's thread, so waiting for them cannot hang.
        let caller = Self.currentThreadTask()
        let ranOn = Mutex("")
        worker.async { ranOn.withLock { $0 = Self.currentThreadTask() } }
        worker.sync()
        #expect(ranOn.withLock { $0 } == caller)
    }

    /// The thread starts off the CPU its starter is on, when the process has
    /// another: queued behind a script on its CPU, it took that CPU from the
    /// script while the other one was idle. Its first batch done, it may run anywhere.
    @Test func theThreadStartsOffItsStartersCPUAndMayRunAnywhereAfterItsFirstBatch() {
        let everyCPU = Self.allowedCPUs()
        let worker = SerialWorker(name: "mlx test worker")
        let seen = Mutex([String]())
        let ran = DispatchSemaphore(value: 0)
        // Waited for by semaphore: `sync` would let the thread run anywhere before it waits.
        worker.async { seen.withLock { $0.append(Self.allowedCPUs()) }; ran.signal() }
        ran.wait()
        worker.async { seen.withLock { $0.append(Self.allowedCPUs()) }; ran.signal() }
        ran.wait()
        worker.close()
        let (first, later) = seen.withLock { ($0[0], $0[1]) }
        if Self.cpuCount(everyCPU) > 1 {
            #expect(Self.cpuCount(first) == Self.cpuCount(everyCPU) - 1, "\(first) of \(everyCPU)")
        } else {
            #expect(first == everyCPU)
        }
        #expect(later == everyCPU)
    }

    /// Given more work while its first batch runs, the thread may run anywhere
    /// from then on: on a machine whose other CPUs are busy, a run killed
    /// meanwhile lost the git state its writer had yet to journal.
    @Test func moreWorkWhileTheFirstBatchRunsLetsTheThreadRunAnywhere() {
        let everyCPU = Self.allowedCPUs()
        let worker = SerialWorker(name: "mlx test worker")
        let started = DispatchSemaphore(value: 0), proceed = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        let seen = Mutex("")
        worker.async {
            started.signal()
            proceed.wait()
            seen.withLock { $0 = Self.allowedCPUs() }
            done.signal()
        }
        started.wait()
        worker.async {}
        proceed.signal()
        done.wait()
        worker.close()
        #expect(seen.withLock { $0 } == everyCPU)
    }

    /// The environment a run records is captured in the writer's first job,
    /// while its thread is held off a CPU: it still counts every CPU the process may use.
    @Test func theEnvironmentCapturedOnAHeldOffThreadCountsEveryCPU() {
        let worker = SerialWorker(name: "mlx test worker")
        let counted = Mutex(0)
        let ran = DispatchSemaphore(value: 0)
        worker.async { counted.withLock { $0 = RunEnvironment.usableProcessors() }; ran.signal() }
        ran.wait()
        worker.close()
        #expect(counted.withLock { $0 } == RunEnvironment.usableProcessors())
    }

    /// The calling thread's `Cpus_allowed_list`, such as "0-1" or "0,2-3".
    static func allowedCPUs() -> String {
        let status = (try? String(contentsOfFile: "/proc/thread-self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("Cpus_allowed_list:") } ?? ""
        return line.dropFirst("Cpus_allowed_list:".count).trimmingCharacters(in: .whitespaces)
    }

    static func cpuCount(_ list: String) -> Int {
        list.split(separator: ",").reduce(0) { count, range in
            let ends = range.split(separator: "-").compactMap { Int($0) }
            return count + (ends.count == 2 ? ends[1] - ends[0] + 1 : 1)
        }
    }

    /// "PID/task/TID" of the calling thread.
    static func currentThreadTask() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self")) ?? ""
    }

    @Test func aPendingIdleJobRunsBeforeTheThreadEnds() {
        let worker = SerialWorker(name: "mlx test worker")
        let ran = Mutex(false)
        worker.async { worker.whenIdle(for: .seconds(3600)) { ran.withLock { $0 = true } } }
        worker.sync()
        worker.close()
        let deadline = Date(timeIntervalSinceNow: 10)
        while !ran.withLock({ $0 }), Date() < deadline { usleep(1000) }
        #expect(ran.withLock { $0 }, "not an hour later")
    }

    /// Waits up to ten seconds for the thread `task` ("PID/task/TID") to end.
    static func ended(_ task: String) -> Bool {
        let deadline = Date(timeIntervalSinceNow: 10)
        while FileManager.default.fileExists(atPath: "/proc/" + task), Date() < deadline { usleep(1000) }
        return !FileManager.default.fileExists(atPath: "/proc/" + task)
    }

    /// With `endWhenIdle`, a thread lives only while there are jobs: each
    /// batch after an idle spell starts a new one, and jobs stay in order.
    @Test func aWorkerThatEndsWhenIdleStartsAThreadPerBusySpell() {
        let worker = SerialWorker(name: "mlx test worker")
        worker.endWhenIdle()
        let caller = Self.currentThreadTask()
        var threads = [String]()
        let log = Mutex([Int]())
        for spell in 0..<3 {
            let thread = Mutex("")
            worker.async { thread.withLock { $0 = Self.currentThreadTask() } }
            for i in 0..<10 { worker.async { log.withLock { $0.append(spell * 10 + i) } } }
            worker.sync()
            let task = thread.withLock { $0 }
            #expect(task != caller && !threads.contains(task))
            #expect(Self.ended(task), "spell \(spell)'s thread ended once idle")
            threads.append(task)
        }
        #expect(log.withLock { $0 } == Array(0..<30))
        // Closed between spells: later jobs run on the caller's thread.
        worker.close()
        let ranOn = Mutex("")
        worker.async { ranOn.withLock { $0 = Self.currentThreadTask() } }
        #expect(ranOn.withLock { $0 } == caller)
    }

    /// A job runs in place only when the worker has nothing queued or running.
    @Test func aJobRunsInPlaceOnlyWhenTheWorkerIsIdle() {
        let worker = SerialWorker(name: "mlx test worker")
        let caller = Self.currentThreadTask()
        let release = DispatchSemaphore(value: 0), started = DispatchSemaphore(value: 0)
        worker.async {
            started.signal()
            release.wait()
        }
        started.wait()
        #expect(!worker.runHereIfIdle {}, "a job is running")
        release.signal()
        worker.sync()
        // The thread marks itself idle a moment after its last job.
        let ranOn = Mutex("")
        let deadline = Date(timeIntervalSinceNow: 10)
        while !worker.runHereIfIdle({ ranOn.withLock { $0 = Self.currentThreadTask() } }), Date() < deadline { usleep(100) }
        #expect(ranOn.withLock { $0 } == caller)
        // A job given after one run in place still runs after it, on the thread.
        let order = Mutex([String]())
        #expect(worker.runHereIfIdle { order.withLock { $0.append("here") } })
        worker.async { order.withLock { $0.append("thread") } }
        worker.sync()
        #expect(order.withLock { $0 } == ["here", "thread"])
        worker.close()
    }

    /// `adopt` waits for the job the thread is running, then runs the queued jobs and
    /// a pending idle job on the caller's thread, in order; the thread ends.
    @Test func adoptingRunsTheRestOnTheCallersThread() {
        let worker = SerialWorker(name: "mlx test worker")
        let log = Mutex([String]())
        let started = DispatchSemaphore(value: 0)
        let workerThread = Mutex("")
        worker.async {
            workerThread.withLock { $0 = Self.currentThreadTask() }
            started.signal()
            usleep(50_000)  // still running when `adopt` is called
            log.withLock { $0.append("slow") }
        }
        started.wait()
        let caller = Self.currentThreadTask()
        for i in 0..<3 {
            worker.async { log.withLock { $0.append("\(i) on \(Self.currentThreadTask() == caller ? "caller" : "worker")") } }
        }
        worker.async { worker.whenIdle(for: .seconds(3600)) { log.withLock { $0.append("idle") } } }
        worker.adopt()
        #expect(log.withLock { $0 } == ["slow", "0 on caller", "1 on caller", "2 on caller", "idle"])
        worker.async { log.withLock { $0.append("after on \(Self.currentThreadTask() == caller ? "caller" : "worker")") } }
        #expect(log.withLock { $0.last } == "after on caller")
        let task = "/proc/" + workerThread.withLock { $0 }
        let deadline = Date(timeIntervalSinceNow: 10)
        while FileManager.default.fileExists(atPath: task), Date() < deadline { usleep(1000) }
        #expect(!FileManager.default.fileExists(atPath: task), "the thread ended")
    }

    @Test func aFinishedRecorderLeavesNoThreadBehind() throws {
        let store = try RunStoreTests.temporaryStore()
        var tasks = [String]()
        for _ in 0..<5 {
            let recorder = RunRecorder(store: store, start: RunStoreTests.start())
            let task = Mutex("")
            recorder.writer.async { task.withLock { $0 = Self.currentThreadTask() } }
            recorder.writer.sync()  // on the writer's thread: `finish` runs what is still queued on its own
            recorder.beginCell()
            recorder.endCell(number: 1, source: "x = 1", succeeded: true, valueDigest: nil)
            recorder.finish(status: .ok, exitCode: 0)
            #expect(recorder.number != nil)
            tasks.append("/proc/" + task.withLock { $0 })
        }
        // This test's own writers: other tests' threads come and go meanwhile.
        let deadline = Date(timeIntervalSinceNow: 10)
        while tasks.contains(where: FileManager.default.fileExists), Date() < deadline { usleep(1000) }
        #expect(!tasks.contains(where: FileManager.default.fileExists), "every writer thread ended")
    }
}
