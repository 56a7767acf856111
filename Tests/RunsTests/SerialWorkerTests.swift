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
